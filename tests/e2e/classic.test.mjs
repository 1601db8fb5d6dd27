// classic.test.mjs - the classic 'Piwik' integration (dist/matomo-classic.mjs) under
// @segment/analytics.js-core and under Analytics Next's classicIntegrations, in Chromium.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndCollector, openPage, waitForHits, describeHit, html } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });

const settings = () => JSON.stringify({ siteId: '12', url: shared.collector.url, goals: [{ key: 'Order Completed', value: '2' }] });

async function visit(path, body) {
  const opened = await openPage(shared.browser);
  shared.collector.addPage(path, html(body, 'Classic page'));
  await opened.page.goto(`${shared.collector.url}${path}`);
  return opened;
}

function expected() {
  return [
    { idsite: '12', action_name: 'Classic page' },
    { idsite: '12', idgoal: '2', revenue: '25', uid: 'classic-user', cvar: JSON.stringify({ 1: ['Plan', 'Pro'] }) },
    { idsite: '12', e_c: 'All', e_a: 'Order Completed', e_v: '25', uid: 'classic-user', cvar: JSON.stringify({ 1: ['Plan', 'Pro'] }) },
    { idsite: '12', e_c: 'All', e_a: 'Next', uid: 'classic-user' },
  ];
}

/** The hits of `calls`, each once and in order; no page error; nothing sent off 127.0.0.1. */
async function expectCallsArrived({ context, errors, requests }) {
  await waitForHits(shared.collector, (h) => h.length >= 4);
  await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more may come
  // Called before the tracker script ran, setUserId (applied first by Matomo) may mark the page
  // view too, depending on when the script arrived.
  const hits = shared.collector.hits.map(describeHit);
  assert.deepStrictEqual(hits.slice(1), expected().slice(1));
  assert.deepStrictEqual({ ...hits[0], uid: undefined }, { ...expected()[0], uid: undefined });
  assert.deepStrictEqual(errors, []);
  assert.ok(requests.every((url) => url.startsWith(`${shared.collector.url}/`)), requests.join('\n'));
  await context.close();
}

const calls = `
  analytics.page();
  analytics.identify('classic-user');
  analytics.track('Order Completed', { total: 25 }, { integrations: { Piwik: { customVars: { 1: ['Plan', 'Pro'] } } } });
  analytics.track('Next');`;

test('under analytics.js-core (addIntegration + initialize)', async () => {
  const opened = await visit('/classic-core.html', `<script src="/build/web/classic-core.js"></script>
<script>
  analytics.initialize({ Piwik: ${settings()} });
  analytics.ready(function () { window.trackerStarted = true; });
  ${calls}
</script>`);
  await expectCallsArrived(opened);
});

test("under Analytics Next's classicIntegrations option", async () => {
  const opened = await visit('/classic-next.html', `<script src="/build/web/analytics-next.js"></script>
<script src="/build/web/classic-next.js"></script>
<script>
  var analytics = AnalyticsNext.AnalyticsBrowser.load(
    { writeKey: 'test-key', cdnSettings: { integrations: { Piwik: ${settings()} }, metrics: { sampleRate: 0 } },
      classicIntegrations: [MatomoClassic.Piwik] },
    { integrations: { 'Segment.io': false }, disableClientPersistence: true });
  ${calls}
</script>`);
  await expectCallsArrived(opened);
});

test('the classic integration refuses bad settings with a readable console error and injects nothing', async () => {
  const { context, page, messages, errors } = await visit('/classic-bad.html', `<script src="/build/web/classic-core.js"></script>
<script>
  analytics.initialize({ Piwik: { siteId: 3, url: 'data:text/html,x' } });
  analytics.ready(function () { window.readyCalled = true; });
  analytics.track('Ignored');
  setTimeout(function () { window.done = true; }, 300);
</script>`);
  await page.waitForFunction(() => window.done);
  // As analytics.js-core does for an integration whose initialize throws: ready() still calls back.
  assert.equal(await page.evaluate(() => window.readyCalled), true);
  const ours = messages.filter((m) => m.text.startsWith('Matomo destination:'));
  assert.deepStrictEqual(ours.map((m) => m.type), ['error']);
  assert.match(ours[0].text, /setting "url" must be an http or https address/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="matomo"], script[src^="data:"]').length), 0);
  assert.deepStrictEqual(errors, []);
  assert.equal(shared.collector.hits.length, 0);
  await context.close();
});

test("under Analytics Next, analytics.reset() reaches the classic integration: the next hit has a new visit and no uid", async () => {
  const opened = await visit('/classic-reset.html', `<script src="/build/web/analytics-next.js"></script>
<script src="/build/web/classic-next.js"></script>
<script>
  (async function () {
    var [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
      { writeKey: 'test-key', cdnSettings: { integrations: { Piwik: ${settings()} }, metrics: { sampleRate: 0 } },
        classicIntegrations: [MatomoClassic.Piwik] },
      { integrations: { 'Segment.io': false }, disableClientPersistence: true });
    await analytics.identify('classic-user');
    await analytics.track('Before');
    analytics.reset();
    await analytics.track('After');
    await analytics.track('Later');
  })();
</script>`);
  await waitForHits(shared.collector, (h) => h.length >= 3);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const hits = shared.collector.hits.map(({ params }) => [params.e_a, params.uid, params.new_visit]);
  assert.deepStrictEqual(hits, [['Before', 'classic-user', undefined], ['After', undefined, '1'], ['Later', undefined, undefined]]);
  assert.deepStrictEqual(opened.errors, []);
  await opened.context.close();
});
