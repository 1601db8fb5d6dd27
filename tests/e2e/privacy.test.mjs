// privacy.test.mjs - consent (with Segment's @segment/analytics-consent-tools wrapping the real
// Analytics Next), cookies, several sites and every deployment, in Chromium, asserted on what the
// local collectors receive (the stand-in tracker, or Matomo's real one with MATOMO_JS).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndCollector, openPage, waitForHits, html, analyticsNextLoad, startTestCollector } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });
const quiet = (ms = 1200) => new Promise((resolve) => setTimeout(resolve, ms));

/** A page with Analytics Next wrapped by Segment's consent tools, `Analytics` refused at first;
 * window.consent(true|false) changes it as a consent manager would. */
function consentPage(settings, calls) {
  return html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  // A consent manager's state, as the wrapper reads it for every event.
  let categories = { Analytics: false };
  let setCategories;
  window.consent = (granted) => setCategories((categories = { Analytics: granted }));
  const analytics = new AnalyticsNext.AnalyticsBrowser();
  AnalyticsNext.createWrapper({
    getCategories: () => ({ ...categories }),
    registerOnConsentChanged: (change) => { setCategories = change; },
  })(analytics);
  analytics.load({ writeKey: 'consent-key', cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } }, plugins: [matomo(${JSON.stringify(settings)})] },
    { integrations: { 'Segment.io': false }, disableClientPersistence: true });
  window.analytics = analytics;
  ${calls}
  window.done = true;
</script>`, 'Consent page');
}

async function visit(path, body, headers) {
  const opened = await openPage(shared.browser);
  shared.collector.addPage(path, body, undefined, headers);
  await opened.page.goto(`${shared.collector.url}${path}`);
  return opened;
}

const matomoCookies = (page) => page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('_pk_')).map((c) => c.split('=')[0]));

test('requireConsent "tracking": nothing before consent, the held page view and events after it, nothing after withdrawal', async () => {
  const { context, page, errors } = await visit('/consent.html', consentPage({ siteId: 4, url: shared.collector.url, requireConsent: 'tracking' }, `
    await analytics.page();
    await analytics.track('Before Consent');
  `));
  await page.waitForFunction(() => window.done);
  await quiet();
  assert.equal(shared.collector.hits.length, 0, 'nothing before consent');
  await page.evaluate(() => window.consent(true));
  await page.evaluate(() => window.analytics.track('After Consent'));
  // Page views and events (the real tracker may also send a ping of its own once consent is given).
  const tracked = () => shared.collector.hits.filter(({ params }) => 'action_name' in params || 'e_a' in params).map(({ params }) => params.action_name ?? params.e_a);
  await waitForHits(shared.collector, () => tracked().length >= 3);
  await quiet();
  assert.deepStrictEqual(tracked(), ['Consent page', 'Before Consent', 'After Consent']);
  const count = shared.collector.hits.length;
  await page.evaluate(() => window.consent(false));
  await page.evaluate(() => window.analytics.track('After Withdrawal'));
  await quiet();
  assert.equal(shared.collector.hits.length, count, 'nothing after withdrawal');
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('requireConsent "cookies": hits without cookies first, cookies once consent is given', async () => {
  const { context, page, errors } = await visit('/cookie-consent.html', consentPage({ siteId: 4, url: shared.collector.url, requireConsent: 'cookies' }, `
    await analytics.track('Cookieless');
  `));
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.deepStrictEqual(await matomoCookies(page), []);
  await page.evaluate(() => window.consent(true));
  await page.evaluate(() => window.analytics.track('With Cookies'));
  await waitForHits(shared.collector, (h) => h.length >= 2);
  assert.ok((await matomoCookies(page)).some((name) => name.startsWith('_pk_id')), 'a _pk_id cookie after consent');
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('disableCookies: no _pk_ cookie ever', async () => {
  const { context, page, errors } = await visit('/no-cookies.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 4, url: shared.collector.url, disableCookies: true })})`)};
  await analytics.page();
  await analytics.track('No Cookies');
</script>`));
  await waitForHits(shared.collector, (h) => h.length >= 2);
  assert.deepStrictEqual(await matomoCookies(page), []);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('additionalSites: every hit reaches both sites', async () => {
  const { context, errors } = await visit('/two-sites.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 4, url: shared.collector.url, additionalSites: [{ siteId: 9 }] })})`)};
  await analytics.track('Both Sites');
</script>`));
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await quiet();
  assert.deepStrictEqual(shared.collector.hits.map(({ params }) => [params.idsite, params.e_a]).sort(), [['4', 'Both Sites'], ['9', 'Both Sites']]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('two destination instances of different sites on one page: each site receives only its own events', async () => {
  const { context, errors } = await visit('/two-instances.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [first] = await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 4, url: shared.collector.url })})`)};
  const [second] = await AnalyticsNext.AnalyticsBrowser.load(
    { writeKey: 'second-key', cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } }, plugins: [matomo(${JSON.stringify({ siteId: 9, url: shared.collector.url })})] },
    { integrations: { 'Segment.io': false }, disableClientPersistence: true });
  await first.track('For Four');
  await second.track('For Nine');
  await first.track('Four Again');
</script>`));
  await waitForHits(shared.collector, (h) => h.length >= 3);
  await quiet();
  assert.deepStrictEqual(shared.collector.hits.map(({ params }) => `${params.idsite} ${params.e_a}`).sort(), ['4 For Four', '4 Four Again', '9 For Nine']);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a proxy trackerUrl on another port and a scriptUrl on a third are both used', async () => {
  const proxy = await startTestCollector();
  const scripts = await startTestCollector();
  try {
    const { context, errors, requests } = await visit('/proxied.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 4, trackerUrl: `${proxy.url}/matomo.php`, scriptUrl: `${scripts.url}/matomo.js` })})`)};
  await analytics.track('Through The Proxy');
</script>`));
    await waitForHits(proxy, (h) => h.length >= 1);
    assert.equal(proxy.hits[0].params.e_a, 'Through The Proxy');
    assert.ok(requests.includes(`${scripts.url}/matomo.js`), 'the script came from the third server');
    assert.equal(shared.collector.hits.length + scripts.hits.length, 0);
    assert.deepStrictEqual(errors, []);
    await context.close();
  } finally {
    await proxy.close();
    await scripts.close();
  }
});

test('a page with a nonce-based Content-Security-Policy loads the tracker with the scriptNonce', async () => {
  const csp = "script-src 'nonce-n0nce' 'wasm-unsafe-eval'; object-src 'none'";
  const { context, page, messages } = await visit('/csp.html', html(`<script nonce="n0nce" src="/build/web/analytics-next.js"></script>
<script nonce="n0nce" type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 4, url: shared.collector.url, scriptNonce: 'n0nce' })})`)};
  await analytics.track('Under CSP');
</script>`), { 'Content-Security-Policy': csp });
  await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.equal(shared.collector.hits[0].params.e_a, 'Under CSP');
  assert.equal(await page.evaluate(() => document.querySelector('script[src$="/matomo.js"]').nonce), 'n0nce');
  assert.ok(!messages.some((m) => /Content Security Policy/.test(m.text)), messages.map((m) => m.text).join('\n'));
  await context.close();
});

test('under a nonce-based policy without scriptNonce, the <script> build gives the tracker script the page\'s nonce', async () => {
  const csp = "script-src 'nonce-p4ge' 'wasm-unsafe-eval'; object-src 'none'";
  // a data block with an empty nonce comes first: the nonce is taken from a script that has one
  const { context, page, messages } = await visit('/csp-script-build.html', html(`<script type="application/json" nonce="">{}</script>
<script nonce="p4ge" src="/build/web/analytics-next.js"></script>
<script nonce="p4ge" src="/dist/matomo-destination.js"></script>
<script nonce="p4ge">
  (async () => {
    const { matomo } = window.MatomoDestination;
    const [analytics] = await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 4, url: shared.collector.url })})`)};
    await analytics.track('Nonce Of The Page');
  })();
</script>`), { 'Content-Security-Policy': csp });
  await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.equal(shared.collector.hits[0].params.e_a, 'Nonce Of The Page');
  assert.equal(await page.evaluate(() => document.querySelector('script[src$="/matomo.js"]').nonce), 'p4ge');
  assert.ok(!messages.some((m) => /Content Security Policy/.test(m.text)), messages.map((m) => m.text).join('\n'));
  await context.close();
});

test("a page whose CSP allows scripts from 'self' and WebAssembly, nothing inline, works", async () => {
  shared.collector.addPage('/csp-self.js', `(async () => {
  const { matomo } = await import('/dist/matomo-destination.mjs');
  const [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
    { writeKey: 'csp-key', cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } }, plugins: [matomo({ siteId: 4, url: location.origin })] },
    { integrations: { 'Segment.io': false }, disableClientPersistence: true });
  await analytics.track('Self Only');
})();`, 'text/javascript');
  const { context, errors } = await visit('/csp-self.html', html('<script src="/build/web/analytics-next.js"></script><script src="/csp-self.js"></script>'),
    { 'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'" });
  await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.equal(shared.collector.hits[0].params.e_a, 'Self Only');
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a page whose CSP forbids WebAssembly gets one clear message, and the other destinations keep working', async () => {
  shared.collector.addPage('/csp-nowasm.js', `(async () => {
  const { matomo } = await import('/dist/matomo-destination.mjs');
  window.recorded = [];
  const recorder = { name: 'Recorder', type: 'destination', version: '1', isLoaded: () => true, load: async () => {},
    track: (ctx) => { window.recorded.push(ctx.event.event); return ctx; } };
  const [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
    { writeKey: 'csp-key', cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } }, plugins: [matomo({ siteId: 4, url: location.origin }), recorder] },
    { integrations: { 'Segment.io': false }, disableClientPersistence: true });
  await analytics.track('Still Recorded');
  window.done = true;
})();`, 'text/javascript');
  const { context, page, messages, errors } = await visit('/csp-nowasm.html', html('<script src="/build/web/analytics-next.js"></script><script src="/csp-nowasm.js"></script>'),
    { 'Content-Security-Policy': "script-src 'self'" });
  await page.waitForFunction(() => window.done, null, { timeout: 15000 });
  assert.deepStrictEqual(await page.evaluate(() => window.recorded), ['Still Recorded']);
  const ours = messages.filter((m) => m.text.startsWith('Matomo destination:'));
  assert.deepStrictEqual(ours.map((m) => m.text), ["Matomo destination: this page's Content-Security-Policy does not allow WebAssembly; add 'wasm-unsafe-eval' to script-src."]);
  assert.equal(shared.collector.hits.length, 0);
  assert.deepStrictEqual(errors, []);
  await context.close();
});
