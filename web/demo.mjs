// demo.mjs - `make demo`: serves the playground (web/index.html) and the Matomo collector on
// 127.0.0.1. PORT= chooses the port. MATOMO_URL= and SITE_ID= point the page at a real Matomo
// instead of the local collector; MATOMO_JS= serves a real matomo.js from the collector.
import { fileURLToPath } from 'node:url';
import { startCollector } from './collector.mjs';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const collector = await startCollector({
  port: Number(process.env.PORT) || 0,
  mounts: { '/dist/': root('dist'), '/build/web/': root('build/web'), '/': root('web') },
});
const config = {
  url: process.env.MATOMO_URL || null, // null: the collector itself, at the page's own origin
  siteId: process.env.SITE_ID || '1',
  // What the collector serves at /matomo.js, for the page to say which tracker runs (the page
  // also checks it: the stand-in sets Matomo.standIn).
  trackerScript: process.env.MATOMO_JS
    ? { kind: 'matomo', file: process.env.MATOMO_JS }
    : { kind: 'stand-in', file: 'web/matomo-standin.js' },
};
collector.addPage('/demo-config.json', JSON.stringify(config), 'application/json');
console.log(`matomo-destination demo: ${collector.url}/`);
console.log(config.url
  ? `  hits go to your Matomo at ${config.url} (site ${config.siteId}), tracker script: Matomo's real one, from there`
  : `  hits go to the local collector (${collector.url}/matomo.php), tracker script: ${process.env.MATOMO_JS
    ? `Matomo's real one, ${process.env.MATOMO_JS}` : 'the stand-in (web/matomo-standin.js), not Matomo\'s code'}`);
console.log('  Ctrl-C to stop');
