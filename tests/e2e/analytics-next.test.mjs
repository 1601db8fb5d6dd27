// analytics-next.test.mjs - the destination plugin inside the real Analytics Next, in Chromium,
// asserted on the hits the local shared.collector receives.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useBrowserAndCollector, holdTrackerScript, openPage, waitForHits, describeHit, html, analyticsNextLoad } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });
const standaloneBuild = readFileSync(fileURLToPath(import.meta.resolve('@segment/analytics-next/dist/umd/standalone.js')));
const everyRequest = [];

function settings(extra = {}) {
  return JSON.stringify({ siteId: 7, url: `${shared.collector.url}/`, goals: { 'Order Completed': 3, 'Signed Up': 5 }, ...extra });
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
  const opened = await openPage(shared.browser);
  shared.collector.addPage(path, page);
  await opened.page.goto(`${shared.collector.url}${path}`);
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
  const hits = await waitForHits(shared.collector, (h) => h.length >= 6);
  await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more should come
  assert.deepStrictEqual(shared.collector.hits.map(describeHit), [
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

test('goals fire with and without revenue, and custom variables do not leak into the next hit', async () => {
  const { context, errors } = await run('/goals.html', esmPage(`
    await trackerStarted();
    await analytics.track('Order Completed', { revenue: '$19.90', category: 'Shop' });
    await analytics.track('signed_up');
    await analytics.track('With Vars', {}, { integrations: { Piwik: { customVars: { 1: ['Plan', 'Pro'], 2: ['Seats', 12] } } } });
    await analytics.page();
    await analytics.track('After');
  `));
  await waitForHits(shared.collector, (h) => h.length >= 7);
  assert.deepStrictEqual(shared.collector.hits.map(describeHit), [
    { idsite: '7', idgoal: '3', revenue: '19.9' },
    { idsite: '7', e_c: 'Shop', e_a: 'Order Completed', e_v: '19.9' },
    { idsite: '7', idgoal: '5' },
    { idsite: '7', e_c: 'All', e_a: 'signed_up' },
    { idsite: '7', e_c: 'All', e_a: 'With Vars', cvar: JSON.stringify({ 1: ['Plan', 'Pro'], 2: ['Seats', '12'] }) },
    { idsite: '7', action_name: 'Seed page' },
    { idsite: '7', e_c: 'All', e_a: 'After' },
  ]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('calls made before load and before the tracker script arrived all arrive once, in order', async () => {
  const opened = await openPage(shared.browser);
  const release = await holdTrackerScript(opened.context, 'continue');
  shared.collector.addPage('/early.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const analytics = ${analyticsNextLoad(`matomo(${settings()})`)};
  // Not awaited: all of these are made before Analytics Next or the destination has loaded.
  analytics.page();
  analytics.track('First');
  analytics.identify('early-user');
  analytics.track('Second', { value: 2 });
  analytics.track('Order Completed', { total: 40 });
  analytics.track('Third');
</script>`, 'Early page'));
  // The tracker script is inserted before the page's load event (as Matomo's own snippet does), so
  // a held script holds that event back: wait for the document only.
  await opened.page.goto(`${shared.collector.url}/early.html`, { waitUntil: 'domcontentloaded' });
  // Everything waits on _paq while the tracker script is held back.
  await opened.page.waitForFunction(() => Array.isArray(window._paq) && window._paq.length >= 3 + 6);
  assert.equal(shared.collector.hits.length, 0);
  release();
  await waitForHits(shared.collector, (h) => h.length >= 6);
  await new Promise((resolve) => setTimeout(resolve, 1200)); // the tracker's 800 ms gap: nothing more may come
  // setUserId is an "apply first" method: queued before the tracker started, the first one marks
  // every hit (Analytics Next hands this identify over after the tracks made after it).
  assert.deepStrictEqual(shared.collector.hits.map(describeHit), [
    { idsite: '7', action_name: 'Early page', uid: 'early-user' },
    { idsite: '7', e_c: 'All', e_a: 'First', uid: 'early-user' },
    { idsite: '7', e_c: 'All', e_a: 'Second', e_v: '2', uid: 'early-user' },
    { idsite: '7', idgoal: '3', revenue: '40', uid: 'early-user' },
    { idsite: '7', e_c: 'All', e_a: 'Order Completed', e_v: '40', uid: 'early-user' },
    { idsite: '7', e_c: 'All', e_a: 'Third', uid: 'early-user' },
  ]);
  everyRequest.push(...opened.requests);
  assert.deepStrictEqual(opened.errors, []);
  await opened.context.close();
});

test('a blocked tracker script: nothing throws, every call waits until it fails, then _paq holds nothing of ours, one clear warning', async () => {
  const opened = await openPage(shared.browser);
  const release = await holdTrackerScript(opened.context, 'abort');
  shared.collector.addPage('/blocked.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${settings()})`)};
  window.analytics = analytics;
  for (let i = 0; i < 1500; i++) await analytics.track('Pending ' + i);
  window.pendingLength = window._paq.length;
  window.done = true;
</script>`));
  // The tracker script is inserted before the page's load event (as Matomo's own snippet does), so
  // a held script holds that event back: wait for the document only.
  await opened.page.goto(`${shared.collector.url}/blocked.html`, { waitUntil: 'domcontentloaded' });
  await opened.page.waitForFunction(() => window.done, null, { timeout: 20000 });
  // Every call waits whole (the budget is by size: js/paq.js MAX_QUEUED_SIZE): the start-up commands and 1,500 events.
  assert.equal(await opened.page.evaluate(() => window.pendingLength - window._paq.filter((c) => c[0] !== 'trackEvent').length), 1500);
  release();
  await opened.page.waitForFunction(() => window._paq.length === 0);
  const lengthAfterBlock = await opened.page.evaluate(async () => {
    for (let i = 0; i < 500; i++) await window.analytics.track('After block ' + i);
    return window._paq.length;
  });
  assert.equal(lengthAfterBlock, 0);
  const ours = opened.messages.filter((m) => m.text.startsWith('Matomo destination:'));
  assert.deepStrictEqual(ours.map((m) => m.type), ['warning']);
  assert.match(ours[0].text, /matomo\.js did not load \(blocked by the browser or an extension, or not found\)/);
  assert.deepStrictEqual(opened.errors, []);
  assert.equal(shared.collector.hits.length, 0);
  everyRequest.push(...opened.requests);
  await opened.context.close();
});

test('bad settings: a readable console error, nothing injected, the other plugins still run', async () => {
  const { context, page, messages, errors, requests } = await run('/bad.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  window.recorded = [];
  const recorder = { name: 'Recorder', type: 'destination', version: '1', isLoaded: () => true, load: async () => {},
    track: (ctx) => { window.recorded.push(ctx.event.event); return ctx; } };
  const [analytics] = await ${analyticsNextLoad(`matomo({ siteId: 'abc', url: 'javascript:alert(1)' }), recorder`)};
  await analytics.track('Still Works');
  await analytics.page();
  window.done = true;
</script>`));
  await page.waitForFunction(() => window.done);
  assert.deepStrictEqual(await page.evaluate(() => window.recorded), ['Still Works']);
  assert.equal(await page.evaluate(() => typeof window._paq), 'undefined');
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="matomo.js"], script[src^="javascript:"]').length), 0);
  assert.ok(!requests.some((url) => url.includes('matomo.js')));
  // Printed once: ours, and nothing from Analytics Next (load() resolves, leaving the destination idle).
  const ours = messages.filter((m) => m.text.startsWith('Matomo destination:'));
  assert.equal(ours.length, 1);
  assert.deepStrictEqual(messages.filter((m) => /siteId|positive whole number|Matomo/.test(m.text) && m !== ours[0]), []);
  assert.equal(ours[0].type, 'error');
  assert.match(ours[0].text, /setting "siteId" must be a positive whole number.*Got: "abc"/);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('the <script>-tag build registers next to Analytics Next as MatomoDestination.matomo', async () => {
  const { context, errors } = await run('/script-tag.html', html(`<script src="/build/web/analytics-next.js"></script>
<script src="/dist/matomo-destination.js"></script>
<script>
  var analytics = ${analyticsNextLoad('')};
  analytics.register(MatomoDestination.matomo(${settings()}));
  analytics.identify(5000);
  analytics.track('From Script Tag', { category: 'Classic', name: 'tag', value: '1.5' });
</script>`));
  await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.deepStrictEqual(shared.collector.hits.map(describeHit), [
    { idsite: '7', e_c: 'Classic', e_a: 'From Script Tag', e_n: 'tag', e_v: '1.5', uid: '5000' },
  ]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('the loader-only module fetches matomo-destination.wasm from beside itself', async () => {
  const { context, errors, requests } = await run('/loader.html', html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.loader.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${settings()})`)};
  await analytics.track('Loaded Separately', { value: 3 });
</script>`));
  await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.deepStrictEqual(shared.collector.hits.map(describeHit), [{ idsite: '7', e_c: 'All', e_a: 'Loaded Separately', e_v: '3' }]);
  assert.ok(requests.includes(`${shared.collector.url}/dist/matomo-destination.wasm`));
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('with a Segment-style snippet: the <script>-tag build registered through the queued stub, Analytics Next standalone from a local CDN', async () => {
  const { collector } = shared;
  // A local stand-in for Segment's CDN: the project settings and Analytics Next's standalone build
  // (and its chunks) from npm.
  collector.addPage('/v1/projects/snippet-key/settings', JSON.stringify({ integrations: {}, metrics: { sampleRate: 0 } }), 'application/json');
  collector.addPage('/analytics.js/v1/snippet-key/analytics.min.js', standaloneBuild, 'text/javascript');
  // The stub below is written here after the behaviour of Segment's snippet: a queue that
  // records calls until analytics.js loads, then loads it.
  const { context, errors, requests } = await run('/snippet.html', html(`<script src="/dist/matomo-destination.js"></script>
<script>
  (function () {
    var analytics = (window.analytics = window.analytics || []);
    ['page', 'identify', 'track', 'register', 'ready'].forEach(function (method) {
      analytics[method] = function () { analytics.push([method].concat([].slice.call(arguments))); return analytics; };
    });
    analytics._writeKey = 'snippet-key';
    analytics._cdn = location.origin;
    analytics._loadOptions = { integrations: { 'Segment.io': false }, disableClientPersistence: true };
    analytics.load = function (key) {
      var script = document.createElement('script');
      script.async = true;
      script.src = location.origin + '/analytics.js/v1/' + key + '/analytics.min.js';
      document.head.appendChild(script);
    };
    analytics.load('snippet-key');
  })();
  analytics.register(MatomoDestination.matomo(${settings()}));
  analytics.identify('snippet-user');
  analytics.track('Snippet Call', { category: 'Snippet', value: 2 });
</script>`));
  await waitForHits(collector, (h) => h.length >= 1);
  assert.deepStrictEqual(collector.hits.map(describeHit), [{ idsite: '7', e_c: 'Snippet', e_a: 'Snippet Call', e_v: '2', uid: 'snippet-user' }]);
  assert.deepStrictEqual(errors, []);
  assert.ok(requests.every((url) => url.startsWith(`${collector.url}/`)));
  await context.close();
});

test('no request left 127.0.0.1 in any of these pages', () => {
  assert.ok(everyRequest.length > 10);
  const outside = everyRequest.filter((url) => !url.startsWith(`${shared.collector.url}/`));
  assert.deepStrictEqual(outside, []);
});

test('a broken _paq on the page: no throw, one warning per kind of failure, other plugins unaffected', async () => {
  const { context, page, messages, errors } = await run('/broken-paq.html', html(`<script src="/build/web/analytics-next.js"></script>
<script>window._paq = { push() { throw new Error('tracker broke'); } };</script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  window.recorded = [];
  const recorder = { name: 'Recorder', type: 'destination', version: '1', isLoaded: () => true, load: async () => {},
    track: (ctx) => { window.recorded.push(ctx.event.event); return ctx; } };
  const [analytics] = await ${analyticsNextLoad(`matomo(${settings()}), recorder`)};
  for (let i = 0; i < 20; i++) await analytics.track('Call ' + i);
  window.done = true;
</script>`));
  await page.waitForFunction(() => window.done);
  assert.equal((await page.evaluate(() => window.recorded)).length, 20);
  const ours = messages.filter((m) => m.text.startsWith('Matomo destination:'));
  // setTrackerUrl, setSiteId, enableLinkTracking and trackEvent: one warning each, not one per call.
  assert.deepStrictEqual(ours.map((m) => m.text.match(/refused "(\w+)"/)?.[1]), ['setTrackerUrl', 'setSiteId', 'enableLinkTracking', 'trackEvent']);
  assert.deepStrictEqual(errors, []);
  await context.close();
});
