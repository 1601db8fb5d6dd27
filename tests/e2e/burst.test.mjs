// burst.test.mjs - no call is lost while the tracker script is on its way: every call made before
// it arrives reaches it, whole and in order (10,000 counted in the stand-in's record of what it
// ran; with Matomo's real tracker, which spaces hits 50 ms apart, 1,000 counted on the
// collector); a script 5 s late still gets everything; a script that never answers is reported
// once after the scriptTimeout setting, and from then on nothing is held for it.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndCollector, holdTrackerScript, openPage, waitForHits, html, analyticsNextLoad } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });
const contexts = []; // closed after each test, also one that failed
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => {});
});
const realTracker = Boolean(process.env.MATOMO_JS);

const settings = (extra = {}) => JSON.stringify({ siteId: 5, url: `${shared.collector.url}/`, ...extra });
// Each test its own category: a page closed at the end of a test may still have beacons in
// flight that reach the collector during the next one.

/** A page with Analytics Next and the destination that runs `calls` once Analytics Next is ready. */
async function visit(path, calls, { extra, hold = 'continue' } = {}) {
  const opened = await openPage(shared.browser);
  contexts.push(opened.context);
  const release = await holdTrackerScript(opened.context, hold);
  shared.collector.addPage(path, html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${settings(extra)})`)};
  window.analytics = analytics;
  ${calls}
  window.done = true;
</script>`));
  // The tracker script is inserted before the page's load event (as Matomo's own snippet does), so
  // a held script holds that event back: wait for the document only.
  await opened.page.goto(`${shared.collector.url}${path}`, { waitUntil: 'domcontentloaded' });
  return { ...opened, release };
}

const ours = (messages) => messages.filter((m) => m.text.startsWith('Matomo destination:'));
const eventActions = (hits, category) => hits.filter((hit) => hit.params.e_c === category).map((hit) => hit.params.e_a);

test(`${realTracker ? '1,000' : '10,000'} calls made before the tracker script arrives all reach it, whole and in order`, async () => {
  const count = realTracker ? 1000 : 10000;
  const { page, release, messages, errors, context } = await visit('/burst.html', `
    // All at once: awaited one by one, Analytics Next's scheduling would take ~8 ms each.
    await Promise.all(Array.from({ length: ${count} }, (_, i) => analytics.track('Call ' + i, { category: 'Burst' })));
    window.waiting = window._paq.filter((command) => command[0] === 'trackEvent').length;
  `);
  await page.waitForFunction(() => window.done, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.waiting), count);
  release();
  const expected = Array.from({ length: count }, (_, i) => `Call ${i}`);
  if (realTracker) {
    // 800 ms for the first hits, then 50 ms per hit: about 51 s for 1,000.
    const hits = await waitForHits(shared.collector, (h) => eventActions(h, 'Burst').length >= count, 120000);
    assert.deepStrictEqual(eventActions(hits, 'Burst').sort(), [...expected].sort());
  } else {
    await page.waitForFunction(() => window.Matomo && window.Matomo.standInApplied);
    const applied = await page.evaluate(() => window.Matomo.standInApplied().filter((c) => c[0] === 'trackEvent').map((c) => c[2]));
    assert.deepStrictEqual(applied, expected);
    await waitForHits(shared.collector, (h) => eventActions(h, 'Burst').length >= 3); // and they are sent
  }
  assert.deepStrictEqual(ours(messages), []);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a tracker script 5 s late still gets every call, with no warning', async () => {
  const { page, release, messages, errors, context } = await visit('/late.html', `
    for (let i = 0; i < 20; i++) await analytics.track('Call ' + i, { category: 'Late' });
  `);
  await page.waitForFunction(() => window.done);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  release();
  const hits = await waitForHits(shared.collector, (h) => eventActions(h, 'Late').length >= 20, 20000);
  assert.deepStrictEqual(eventActions(hits, 'Late').sort(), Array.from({ length: 20 }, (_, i) => `Call ${i}`).sort());
  assert.deepStrictEqual(ours(messages), []);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a tracker script that never answers is reported once after scriptTimeout; then nothing is held', async () => {
  const { page, messages, errors, context } = await visit('/never.html', `
    (window._paq = window._paq || []).push(['setCustomUrl', '/the-page-own']); // the page's own command stays
    for (let i = 0; i < 5; i++) await analytics.track('Call ' + i, { category: 'Never' });
    window.before = window._paq.length;
  `, { extra: { scriptTimeout: 1 } }); // the request is never released
  await page.waitForFunction(() => window.done);
  assert.ok(await page.evaluate(() => window.before) >= 6);
  await page.waitForFunction(() => window._paq.length === 1, null, { timeout: 5000 });
  const after = await page.evaluate(async () => {
    for (let i = 0; i < 50; i++) await window.analytics.track('Later ' + i, { category: 'Never' });
    return window._paq;
  });
  assert.deepStrictEqual(after, [['setCustomUrl', '/the-page-own']]);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const warnings = ours(messages);
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.equal(warnings[0].type, 'warning');
  assert.match(warnings[0].text, /^Matomo destination: the Matomo tracker script http:\/\/127\.0\.0\.1:\d+\/matomo\.js did not run within 1 s \(the setting scriptTimeout\); nothing is sent to Matomo on this page, and the 5 calls waiting for it are let go\.$/);
  assert.deepStrictEqual(errors, []);
  assert.deepStrictEqual(eventActions(shared.collector.hits, 'Never'), []);
  await context.close();
});
