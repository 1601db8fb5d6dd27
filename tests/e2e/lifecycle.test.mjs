// lifecycle.test.mjs - single-page apps, the user's lifecycle and custom dimensions end to end:
// the real Analytics Next, the ES module build, Chromium, and the hits the local collector
// receives (from the stand-in tracker, or Matomo's real one with MATOMO_JS). Also the queue
// defects of the review: a call's commands go in whole, the page's own commands survive a
// blocked script, a protocol-relative Server URL inserts one script tag.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndCollector, holdTrackerScript, openPage, waitForHits, html, analyticsNextLoad } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });

const settings = (extra = {}) => JSON.stringify({ siteId: 4, url: `${shared.collector.url}/`, ...extra });

/** A page with Analytics Next and the destination (`extra` settings); `calls` run once it loaded. */
function appPage(calls, extra, { awaitLoad = true, title = 'App' } = {}) {
  return html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  window.recorded = [];
  const plugin = matomo(${settings(extra)}, { onCommands: (commands, call) => window.recorded.push([call, commands]) });
  const loading = ${analyticsNextLoad('plugin')};
  const analytics = ${awaitLoad ? '(await loading)[0]' : 'loading'};
  window.analytics = analytics;
  ${calls}
  window.done = true;
</script>`, title);
}

async function visit(path, body, { hold } = {}) {
  const opened = await openPage(shared.browser);
  const release = hold ? await holdTrackerScript(opened.context, hold) : null;
  shared.collector.addPage(path, body);
  // The tracker script is inserted before the page's load event (as Matomo's own snippet does), so
  // a held script holds that event back: wait for the document only.
  await opened.page.goto(`${shared.collector.url}${path}`, hold ? { waitUntil: 'domcontentloaded' } : undefined);
  return { ...opened, release };
}

const pick = (keys) => ({ params }) => Object.fromEntries(keys.filter((key) => key in params).map((key) => [key, params[key]]));

test('a single-page app: three routes give three page views with their own URL, title and referrer', async () => {
  const origin = shared.collector.url;
  const { context, page, errors } = await visit('/spa/home', appPage(`
    await analytics.page();
    history.pushState({}, '', '/spa/pricing'); document.title = 'Pricing';
    await analytics.page();
    history.pushState({}, '', '/spa/docs?tab=setup'); document.title = 'Docs';
    await analytics.page('Docs', 'Setup');
  `, {}, { title: 'Home' }));
  await page.waitForFunction(() => window.done);
  const hits = await waitForHits(shared.collector, (h) => h.length >= 3);
  await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more may come
  assert.deepStrictEqual(shared.collector.hits.map(pick(['action_name', 'url', 'urlref'])), [
    { action_name: 'Home', url: `${origin}/spa/home` },
    { action_name: 'Pricing', url: `${origin}/spa/pricing`, urlref: `${origin}/spa/home` },
    { action_name: 'Docs', url: `${origin}/spa/docs?tab=setup`, urlref: `${origin}/spa/pricing` },
  ]);
  assert.equal(hits.length, 3);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('pageTitle "name" titles page views "<category> / <name>"', async () => {
  const { context, errors } = await visit('/spa/named', appPage(`await analytics.page('Docs', 'Setup'); await analytics.page('Pricing');`, { pageTitle: 'name' }));
  await waitForHits(shared.collector, (h) => h.length >= 2);
  assert.deepStrictEqual(shared.collector.hits.map(pick(['action_name'])), [{ action_name: 'Docs / Setup' }, { action_name: 'Pricing' }]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('identify marks hits with uid; after analytics.reset() the next hit starts a new visit without uid, the one after is not marked', async () => {
  const { context, page, errors } = await visit('/life.html', appPage(`
    await analytics.identify('user-7', { plan: 'Pro' });
    await analytics.track('Signed In');
    analytics.track('Logged Out'); // not awaited: still on its way when reset() emits
    analytics.reset();
    await analytics.track('Anonymous One');
    await analytics.page();
  `, { visitDimensions: { 'traits.plan': 1 } }));
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 4);
  await new Promise((resolve) => setTimeout(resolve, 1200)); // the tracker's 800 ms gap: nothing more may come
  assert.deepStrictEqual(shared.collector.hits.map(pick(['e_a', 'action_name', 'uid', 'new_visit', 'dimension1'])), [
    { e_a: 'Signed In', uid: 'user-7', dimension1: 'Pro' },
    { e_a: 'Logged Out', uid: 'user-7', dimension1: 'Pro' },
    { e_a: 'Anonymous One', new_visit: '1' },
    { action_name: 'App' },
  ]);
  // The reset came after "Logged Out" although Analytics Next emitted it before delivering that call.
  assert.deepStrictEqual((await page.evaluate(() => window.recorded)).map(([call]) => call), ['setup', 'identify', 'track', 'track', 'reset', 'track', 'page', 'flush']);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('before the tracker script arrives: identify(A), track, reset, identify(B), track attribute each event to its user', async () => {
  const { context, page, errors, release } = await visit('/early-users.html', appPage(`
    await analytics.identify('user-A');
    await analytics.track('By A');
    analytics.reset();
    await analytics.identify('user-B');
    await analytics.track('By B');
  `, {}), { hold: 'continue' });
  await page.waitForFunction(() => window.done);
  assert.equal(shared.collector.hits.length, 0);
  release();
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.deepStrictEqual(shared.collector.hits.map(pick(['e_a', 'uid', 'new_visit'])), [
    { e_a: 'By A', uid: 'user-A' },
    { e_a: 'By B', uid: 'user-B', new_visit: '1' },
  ]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('before the tracker script arrives: identify(A), track, identify(B), track, without a reset, keep each user on their event', async () => {
  const { context, page, errors, release } = await visit('/early-switch.html', appPage(`
    await analytics.identify('user-A');
    await analytics.track('By A');
    await analytics.identify('user-B');
    await analytics.track('By B');
  `, {}), { hold: 'continue' });
  await page.waitForFunction(() => window.done);
  release();
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.deepStrictEqual(shared.collector.hits.map(pick(['e_a', 'uid'])), [{ e_a: 'By A', uid: 'user-A' }, { e_a: 'By B', uid: 'user-B' }]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('visit and action dimensions arrive as dimensionN on the right hits only; per-call dimensions too', async () => {
  const { context, page, errors } = await visit('/dimensions.html', appPage(`
    await analytics.identify('u1', { plan: 'Team' });
    await analytics.page('Docs', { section: 'Guides' });
    await analytics.track('Searched', { section: 'Search' }, { integrations: { Matomo: { customDimensions: { 9: 'per call' } } } });
    await analytics.track('Plain');
  `, { visitDimensions: { 'traits.plan': 1 }, actionDimensions: { 'properties.section': 2 } }));
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 3);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.deepStrictEqual(shared.collector.hits.map(pick(['action_name', 'e_a', 'dimension1', 'dimension2', 'dimension9'])), [
    { action_name: 'App', dimension1: 'Team', dimension2: 'Guides' },
    { e_a: 'Searched', dimension1: 'Team', dimension2: 'Search', dimension9: 'per call' },
    { e_a: 'Plain', dimension1: 'Team' },
  ]);
  // onCommands got copies: the tracker's changes to the pushed arrays and objects do not show.
  const recorded = JSON.parse(await page.evaluate(() => JSON.stringify(window.recorded)));
  // The page view was held for a product view that may follow: the next call sent it first.
  assert.deepStrictEqual(recorded.find(([call]) => call === 'track')[1][0], ['trackPageView', null, { dimension2: 'Guides' }]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('an unknown setting is named once in one console warning, with the closest known name', async () => {
  const { context, page, messages, errors } = await visit('/typo.html', appPage(`await analytics.track('Typo');`, { goal: { Typo: 1 } }));
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 1);
  const ours = messages.filter((m) => m.text.startsWith('Matomo destination:'));
  assert.deepStrictEqual(ours.map((m) => [m.type, m.text]), [['warning', 'Matomo destination: unknown setting "goal" (did you mean "goals"?) is ignored.']]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a full queue takes a call whole or not at all: no variable is left set without its delete', async () => {
  // The budget (js/paq.js MAX_QUEUED_SIZE, in the README): 4 MiB of command size, where a
  // command costs 8 plus the length of each text argument or 8 for any other argument.
  const { context, page, errors, messages } = await visit('/full-queue.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${settings()})`)};
  while (!window._paq) await new Promise((resolve) => setTimeout(resolve, 10)); // the destination has loaded
  const size = () => window._paq.reduce((sum, command) => sum + 8 + command.reduce((n, a) => n + (typeof a === 'string' ? a.length : 8), 0), 0);
  const eventSize = (name) => 8 + 'trackEvent'.length + 'All'.length + name.length;
  const filler = 'F'.repeat(4000);
  const most = 300 + eventSize('') + 4096; // then one event name of at most 4,096 characters leaves 300
  for (let left; (left = 4 * 1048576 - size()) > most;) {
    // Many calls at once: awaited one by one, Analytics Next's scheduling takes ~8 ms each.
    await Promise.all(Array.from({ length: Math.max(1, Math.floor((left - most) / eventSize(filler))) }, () => analytics.track(filler)));
  }
  await analytics.track('L'.repeat(4 * 1048576 - size() - 300 - eventSize('')));
  window.left = 4 * 1048576 - size();
  window.before = window._paq.length;
  // trackEvent alone would fit in what is left; with its custom variable commands it does not.
  await analytics.track('B'.repeat(window.left - eventSize('') - 5), {}, { integrations: { Piwik: { customVars: { 1: ['Plan', 'Pro'] } } } });
  window.afterBig = window._paq.length;
  await analytics.track('Fits');
  window.afterFits = window._paq.length;
  window.last = window._paq[window._paq.length - 1];
  window.done = true;
</script>`), { hold: 'abort' });
  await page.waitForFunction(() => window.done, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.left), 300);
  const before = await page.evaluate(() => window.before);
  assert.ok(before > 1000, `${before} commands wait`);
  assert.equal(await page.evaluate(() => window.afterBig), before);
  assert.equal(await page.evaluate(() => window.afterFits), before + 1);
  assert.deepStrictEqual(await page.evaluate(() => window.last), ['trackEvent', 'All', 'Fits']);
  assert.equal(await page.evaluate(() => window._paq.filter((c) => c[0] === 'setCustomVariable').length), 0);
  const ours = messages.filter((m) => m.text.startsWith('Matomo destination:'));
  assert.equal(ours.length, 1);
  assert.match(ours[0].text, /^Matomo destination: the calls waiting for the Matomo tracker script \(.*matomo\.js\) reached the limit of 4 MiB \(\d+ calls, \d+ commands\); later calls are dropped until it loads\.$/);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test("the start-up commands go in however full the page's own queue is", async () => {
  const { context, page, errors, release } = await visit('/full-page-queue.html', html(`<script src="/build/web/analytics-next.js"></script>
<script>window._paq = []; for (var i = 0; i < 999; i++) window._paq.push(['setCustomUrl', location.href]);</script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  await ${analyticsNextLoad(`matomo(${settings()})`)};
  while (window._paq.length === 999) await new Promise((resolve) => setTimeout(resolve, 10));
  window.done = true;
</script>`), { hold: 'continue' });
  await page.waitForFunction(() => window.done);
  assert.deepStrictEqual(await page.evaluate(() => window._paq.slice(999).map((c) => c[0])), ['setTrackerUrl', 'setSiteId', 'enableLinkTracking']);
  release();
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test("a tracker script that fails to load takes back only this destination's commands", async () => {
  const { context, page, messages, errors, release } = await visit('/blocked-own.html', html(`<script src="/build/web/analytics-next.js"></script>
<script>window._paq = [['setCustomDimension', 5, 'from the page']];</script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${settings()})`)};
  await analytics.track('Queued');
  window.done = true;
</script>`), { hold: 'abort' });
  await page.waitForFunction(() => window.done);
  assert.ok((await page.evaluate(() => window._paq.length)) >= 5);
  release();
  await page.waitForFunction(() => window._paq.length === 1);
  assert.deepStrictEqual(await page.evaluate(() => window._paq), [['setCustomDimension', 5, 'from the page']]);
  assert.ok(messages.some((m) => m.type === 'warning' && /did not load/.test(m.text)));
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a protocol-relative Server URL inserts no second script tag when the tracker script is on the page', async () => {
  const host = shared.collector.url.replace(/^http:/, '');
  const { context, page, errors } = await visit('/relative.html', html(`<script type="text/x-not-run" src="${host}/matomo.js"></script>
<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 4, url: host })})`)};
  window.done = true;
</script>`));
  await page.waitForFunction(() => window.done);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src$="/matomo.js"]').length), 1);
  assert.deepStrictEqual(errors, []);
  await context.close();
});
