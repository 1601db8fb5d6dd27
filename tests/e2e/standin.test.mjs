// standin.test.mjs - the stand-in tracker script keeps the `_paq` contract of Matomo's real one
// (../shared/docs/matomo-tracker.md) in Chromium. With MATOMO_JS set, the same checks run
// against the real file.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndCollector, openPage, waitForHits, html } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });

async function visit(path, script) {
  const opened = await openPage(shared.browser);
  shared.collector.addPage(path, html(`<script>${script}</script><script src="/matomo.js"></script>`, 'Stand-in page'));
  await opened.page.goto(`${shared.collector.url}${path}`);
  return opened;
}

test('apply-first commands run before the rest, wherever they were queued; then _paq is replaced', async () => {
  const { context, page, errors } = await visit('/apply-first.html', `
    var u = location.origin + '/matomo.php';
    window._paq = [['trackPageView'], ['setUserId', 'late-user'], ['trackEvent', 'C', 'A', 'N', 4], ['setSiteId', '9'], ['setTrackerUrl', u]];`);
  await waitForHits(shared.collector, (h) => h.length >= 2);
  const [view, event] = shared.collector.hits.map((hit) => hit.params);
  assert.equal(view.idsite, '9');
  assert.equal(view.uid, 'late-user');
  assert.equal(view.action_name, 'Stand-in page');
  assert.deepStrictEqual([event.e_c, event.e_a, event.e_n, event.e_v, event.ca], ['C', 'A', 'N', '4', '1']);
  assert.equal(await page.evaluate(() => Array.isArray(window._paq)), false);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('page-scope custom variables go with every later hit until deleted', async () => {
  const { context, page } = await visit('/cvars.html', `
    window._paq = [['setTrackerUrl', location.origin + '/matomo.php'], ['setSiteId', '1'],
      ['setCustomVariable', 1, 'Plan', 'Pro', 'page'], ['trackGoal', 2, 10], ['trackEvent', 'C', 'A']];`);
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await page.evaluate(() => { window._paq.push(['deleteCustomVariables', 'page']); window._paq.push(['trackEvent', 'C', 'After']); });
  const hits = await waitForHits(shared.collector, (h) => h.length >= 3);
  assert.deepStrictEqual(hits.map((hit) => hit.params.cvar), ['{"1":["Plan","Pro"]}', '{"1":["Plan","Pro"]}', undefined]);
  assert.deepStrictEqual([hits[0].params.idgoal, hits[0].params.revenue], ['2', '10']);
  await context.close();
});

test('an empty _paq creates no tracker, and an unknown method throws', async () => {
  const empty = await visit('/empty.html', 'window._paq = [];');
  await empty.page.waitForFunction(() => window._paq && !Array.isArray(window._paq));
  assert.ok(empty.messages.some((m) => m.type === 'error'));
  await empty.context.close();

  const unknown = await visit('/unknown.html', `window._paq = [['setTrackerUrl', location.origin + '/matomo.php'], ['setSiteId', '1'], ['noSuchMethod']];`);
  await unknown.page.waitForLoadState('load');
  assert.ok(unknown.errors.some((error) => /noSuchMethod/.test(error)), unknown.errors.join('\n'));
  await unknown.context.close();
  assert.equal(shared.collector.hits.length, 0);
});
