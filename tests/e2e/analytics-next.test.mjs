// analytics-next.test.mjs - the destination plugin inside the real Analytics Next, in Chromium,
// asserted on the hits the local collector receives.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startTestCollector, openPage, waitForHits, describeHit, html, analyticsNextLoad } from './harness.mjs';

let browser;
let collector;
const everyRequest = [];

before(async () => {
  browser = await launchBrowser();
  collector = await startTestCollector();
});
after(async () => {
  await browser?.close();
  await collector?.close();
});
beforeEach(() => collector.clear());

function settings(extra = {}) {
  return JSON.stringify({ siteId: 7, url: `${collector.url}/`, goals: { 'Order Completed': 3, 'Signed Up': 5 }, ...extra });
}

/** A page with the ES module build registered in Analytics Next; `calls` run once it is ready. */
function esmPage(calls, extraSettings) {
  return html(`<script src="/build/web/analytics-next.js"></script>
<script>
  // Resolves once the tracker script has replaced _paq (calls then reach it one by one).
  window.trackerStarted = () => new Promise((resolve) => {
    const timer = setInterval(() => { if (window._paq && !Array.isArray(window._paq)) { clearInterval(timer); resolve(); } }, 10);
  });
</script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${settings(extraSettings)})`)};
  window.analytics = analytics;
  ${calls}
  window.done = true;
</script>`, 'Seed page');
}

async function run(path, page) {
  const opened = await openPage(browser);
  collector.addPage(path, page);
  await opened.page.goto(`${collector.url}${path}`);
  everyRequest.push(...opened.requests);
  return opened;
}

test('every example of the seed arrives at the collector through analytics.page/identify/track', async () => {
  const { context, errors } = await run('/seed.html', esmPage(`
    await trackerStarted();
    await analytics.page();
    await analytics.identify('97980cfea0068');
    await analytics.track('Logged In');
    await analytics.track('Created Account', { category: 'Account', label: 'Premium', value: 30 });
    await analytics.track('event', { property: 'property' }, { integrations: { Piwik: { customVars: {
      1: ['<variableName>', '<variableValue>'], 2: ['SubscriptionId', '1234'], 3: ['PlanName', 'ENTERPRISE'] } } } });
    await analytics.track('Signed Up');
  `));
  const hits = await waitForHits(collector, (h) => h.length >= 6);
  await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more should come
  assert.deepStrictEqual(collector.hits.map(describeHit), [
    { idsite: '7', action_name: 'Seed page' },
    { idsite: '7', e_c: 'All', e_a: 'Logged In', uid: '97980cfea0068' },
    { idsite: '7', e_c: 'Account', e_a: 'Created Account', e_n: 'Premium', e_v: '30', uid: '97980cfea0068' },
    { idsite: '7', e_c: 'All', e_a: 'event', uid: '97980cfea0068',
      cvar: JSON.stringify({ 1: ['<variableName>', '<variableValue>'], 2: ['SubscriptionId', '1234'], 3: ['PlanName', 'ENTERPRISE'] }) },
    { idsite: '7', idgoal: '5', uid: '97980cfea0068' },
    { idsite: '7', e_c: 'All', e_a: 'Signed Up', uid: '97980cfea0068' },
  ]);
  assert.ok(hits.every((hit) => hit.path === '/matomo.php' && hit.params.rec === '1' && hit.params._id));
  assert.deepStrictEqual(errors, []);
  await context.close();
});
