// standin.test.mjs - the stand-in tracker script keeps the `_paq` contract of Matomo's real one
// (../shared/docs/matomo-tracker.md) in Chromium. With MATOMO_JS set, the same checks run
// against the real file.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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
  assert.equal(empty.messages.some((m) => m.type === 'error'), false); // silent until a push
  const [dropped] = await Promise.all([empty.page.waitForEvent('console', (m) => m.type() === 'error'),
    empty.page.evaluate(() => window._paq.push(['trackPageView']))]);
  assert.match(dropped.text(), /_paq\.push\(\) was used but Matomo tracker was not initialized/);
  await empty.context.close();

  const unknown = await visit('/unknown.html', `window._paq = [['setTrackerUrl', location.origin + '/matomo.php'], ['setSiteId', '1'], ['noSuchMethod']];`);
  await unknown.page.waitForLoadState('load');
  assert.ok(unknown.errors.some((error) => /noSuchMethod/.test(error)), unknown.errors.join('\n'));
  await unknown.context.close();
  assert.equal(shared.collector.hits.length, 0);
});

const QUEUE_START = `window._paq = [['setTrackerUrl', location.origin + '/matomo.php'], ['setSiteId', '1']];`;

test('setCustomDimension sends dimension<id> on every later hit until deleteCustomDimension; ids must be > 0', async () => {
  const { context, page, errors } = await visit('/dimensions.html', `${QUEUE_START}
    _paq.push(['trackEvent', 'C', 'Before']);
    _paq.push(['setCustomDimension', 2, 'two'], ['setCustomDimension', '3x', 3], ['setCustomDimension', 5],
      ['setCustomDimension', 0, 'zero'], ['setCustomDimension', -1, 'negative']);
    _paq.push(['trackPageView'], ['trackEvent', 'C', 'Set']);`);
  await waitForHits(shared.collector, (h) => h.length >= 3);
  assert.deepStrictEqual(await page.evaluate(() => {
    window._paq.push(['deleteCustomDimension', 2], ['trackEvent', 'C', 'Deleted']);
    return [window.Matomo.getAsyncTracker().getCustomDimension(3), window.Matomo.getAsyncTracker().getCustomDimension(2)];
  }), ['3', undefined]);
  const hits = await waitForHits(shared.collector, (h) => h.length >= 4);
  const dimensions = hits.map(({ params }) => Object.keys(params).filter((key) => key.startsWith('dimension')).map((key) => `${key}=${params[key]}`));
  assert.deepStrictEqual(dimensions, [[], ['dimension2=two', 'dimension3=3', 'dimension5='], ['dimension2=two', 'dimension3=3', 'dimension5='],
    ['dimension3=3', 'dimension5=']]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('customData: dimensionN keys go on that hit only (and are deleted from the object), the rest as data=<JSON>', async () => {
  const { context, page } = await visit('/custom-data.html', `${QUEUE_START}
    window.viewData = { dimension1: 'per-hit', dimension4: 'four', plan: 'pro' };
    window.eventData = { dimension1: 'event-only' };
    window.goalData = { dimension01: 'zero-one', n: 1 };
    _paq.push(['setCustomDimension', 1, 'global'], ['setCustomDimension', 2, 'g2']);
    _paq.push(['trackPageView', undefined, viewData], ['trackEvent', 'C', 'A', undefined, undefined, eventData],
      ['trackGoal', 3, 0, goalData], ['trackEvent', 'C', 'After']);`);
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 4)).map((hit) => hit.params);
  const pick = (params) => ({ d01: params.dimension01, d1: params.dimension1, d2: params.dimension2, d4: params.dimension4, data: params.data });
  assert.deepStrictEqual(hits.map(pick), [
    // a per-hit dimension replaces the setCustomDimension one with the same id text...
    { d01: undefined, d1: 'per-hit', d2: 'g2', d4: 'four', data: '{"plan":"pro"}' },
    // ...an object left empty sends no data...
    { d01: undefined, d1: 'event-only', d2: 'g2', d4: undefined, data: undefined },
    // ...'dimension01' is not dimension 1
    { d01: 'zero-one', d1: 'global', d2: 'g2', d4: undefined, data: '{"n":1}' },
    { d01: undefined, d1: 'global', d2: 'g2', d4: undefined, data: undefined },
  ]);
  assert.equal(hits[0].action_name, 'Stand-in page');
  assert.deepStrictEqual([hits[2].idgoal, hits[2].revenue], ['3', undefined]);
  assert.deepStrictEqual(await page.evaluate(() => [window.viewData, window.eventData, window.goalData]), [{ plan: 'pro' }, {}, { n: 1 }]);
  await context.close();
});

test('appendToTrackingUrl appends "&" + the string to every later hit, after the other parameters, until replaced', async () => {
  const { context, page } = await visit('/append.html', `${QUEUE_START}
    _paq.push(['appendToTrackingUrl', 'new_visit=1&action_name=Appended'], ['trackPageView', 'Own title'], ['trackEvent', 'C', 'A']);`);
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await page.evaluate(() => {
    window._paq.push(['appendToTrackingUrl', '&foo=bar'], ['trackEvent', 'C', 'Replaced']);
    window._paq.push(['appendToTrackingUrl', ''], ['trackEvent', 'C', 'Stopped']);
  });
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 4)).map((hit) => hit.params);
  assert.deepStrictEqual(hits.map((params) => [params.e_a, params.new_visit, params.foo]),
    [[undefined, '1', undefined], ['A', '1', undefined], ['Replaced', undefined, 'bar'], ['Stopped', undefined, undefined]]);
  // appended last, so its action_name wins over the page view's (and rides on the event too)
  assert.deepStrictEqual(hits.map((params) => params.action_name), ['Appended', 'Appended', undefined, undefined]);
  await context.close();
});

test('resetUserId only clears the user id: no uid on later hits, same visitor id, no new visit', async () => {
  const { context, page } = await visit('/reset.html', `${QUEUE_START}
    _paq.push(['setUserId', 'user-1'], ['trackEvent', 'C', 'Known'], ['resetUserId'], ['trackEvent', 'C', 'Anonymous']);`);
  const [known, anonymous] = (await waitForHits(shared.collector, (h) => h.length >= 2)).map((hit) => hit.params);
  assert.equal(known.uid, 'user-1');
  assert.equal('uid' in anonymous, false);
  assert.equal(anonymous._id, known._id);
  assert.equal('new_visit' in anonymous, false);
  assert.equal(await page.evaluate(() => window.Matomo.getAsyncTracker().getUserId()), '');
  await context.close();
});

test('setReferrerUrl, setCustomUrl and setDocumentTitle hold for every later hit; an undefined title takes the set one', async () => {
  const { context } = await visit('/spa.html', `${QUEUE_START}
    _paq.push(['setReferrerUrl', 'https://ref.example/a?b=1'], ['setCustomUrl', 'https://site.example/new?x=1'],
      ['setDocumentTitle', 'New title'], ['trackPageView'], ['trackEvent', 'C', 'A']);
    _paq.push(['setCustomUrl', '/rel/path'], ['setReferrerUrl', ''], ['trackPageView', undefined, { k: 1 }]);
    _paq.push(['setCustomUrl', 'sibling'], ['trackPageView', 'Explicit']);`);
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 4)).map((hit) => hit.params);
  const origin = new URL(shared.collector.url);
  assert.deepStrictEqual(hits.map((params) => [params.action_name, params.url, params.urlref, params.data]), [
    ['New title', 'https://site.example/new?x=1', 'https://ref.example/a?b=1', undefined],
    [undefined, 'https://site.example/new?x=1', 'https://ref.example/a?b=1', undefined],
    // a path keeps the page's scheme and host but not its port; '' sends no urlref
    ['New title', `http://${origin.hostname}/rel/path`, undefined, '{"k":1}'],
    // a relative URL resolves against the page's folder
    ['Explicit', `${shared.collector.url}/sibling`, undefined, undefined],
  ]);
  await context.close();
});

test('trackPageView without a title sends the title the document had when the tracker was created', async () => {
  const { context, page } = await visit('/title.html', `${QUEUE_START} document.title = 'At load';`);
  await page.evaluate(() => {
    document.title = 'Changed later';
    window._paq.push(['trackPageView'], ['trackPageView', ''], ['setDocumentTitle', 5], ['trackPageView']);
  });
  const hits = await waitForHits(shared.collector, (h) => h.length >= 3);
  // a title that is not a string falls back to the <title> element's text
  assert.deepStrictEqual(hits.map((hit) => hit.params.action_name), ['At load', 'At load', 'Changed later']);
  await context.close();
});

test('a command whose first element is a function runs in queue order with this = the tracker', async () => {
  const { context, page, errors } = await visit('/functions.html', `${QUEUE_START}
    window.calls = [];
    _paq.push([function (argument) {
      calls.push(['queued', argument, this === window.Matomo.getAsyncTracker(), this.getSiteId()]);
      this.trackEvent('F', 'one');
      window._paq.push(['trackEvent', 'F', 'pushed-during-start-up']);
    }, 'arg'], ['trackEvent', 'F', 'two']);`);
  await waitForHits(shared.collector, (h) => h.length >= 3);
  await page.evaluate(() => window._paq.push([function () {
    window.calls.push(['after-load', this === window.Matomo.getAsyncTracker()]);
    this.trackEvent('F', 'after-load');
  }]));
  const hits = await waitForHits(shared.collector, (h) => h.length >= 4);
  // a push from a queued function during start-up joins the end of the queue and still runs
  assert.deepStrictEqual(hits.map((hit) => hit.params.e_a), ['one', 'two', 'pushed-during-start-up', 'after-load']);
  assert.deepStrictEqual(await page.evaluate(() => window.calls), [['queued', 'arg', true, '1'], ['after-load', true]]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('trackPageView starts a new page view id; hits before the first one carry none', async () => {
  const { context } = await visit('/pv-id.html', `${QUEUE_START}
    _paq.push(['trackEvent', 'C', 'Before'], ['trackPageView', 'One'], ['trackEvent', 'C', 'Between'], ['trackPageView', 'Two']);`);
  const [before, one, between, two] = (await waitForHits(shared.collector, (h) => h.length >= 4)).map((hit) => hit.params);
  assert.equal('pv_id' in before, false);
  assert.match(one.pv_id, /^[a-zA-Z0-9]{6}$/);
  assert.equal(between.pv_id, one.pv_id);
  assert.match(two.pv_id, /^[a-zA-Z0-9]{6}$/);
  assert.notEqual(two.pv_id, one.pv_id);
  await context.close();
});

test('deleteCustomVariable leaves an empty slot that page and event variables keep sending', async () => {
  const { context } = await visit('/cvar-delete.html', `${QUEUE_START}
    _paq.push(['setCustomVariable', 1, 'Plan', 'Pro', 'page'], ['setCustomVariable', 2, 'Tier', 7], ['trackEvent', 'C', 'Set']);
    _paq.push(['deleteCustomVariable', 1, 'page'], ['deleteCustomVariable', 2], ['trackEvent', 'C', 'Deleted'], ['trackEvent', 'C', 'Later']);`);
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 3)).map((hit) => hit.params);
  assert.deepStrictEqual(hits.map((params) => [params.cvar, params._cvar]), [
    ['{"1":["Plan","Pro"]}', '{"2":["Tier","7"]}'],
    ['{"1":["",""]}', '{"2":["",""]}'], // the emptied visit variable goes once more
    ['{"1":["",""]}', undefined],
  ]);
  await context.close();
});

const ECOMMERCE_VIEW = ['_pks', '_pkn', '_pkc', '_pkp'];
const ecommerceView = (params) => Object.fromEntries(ECOMMERCE_VIEW.filter((key) => key in params).map((key) => [key, params[key]]));

test('setEcommerceView sends nothing itself; its _pks/_pkn/_pkc/_pkp go on every later hit until the next one', async () => {
  const { context, errors } = await visit('/ecommerce-view.html', `${QUEUE_START}
    _paq.push(['trackEvent', 'C', 'Before'], ['setEcommerceView', 'SKU-1', 'Name', ['Cat A', 'Cat B'], 9.5],
      ['trackPageView', 'Product'], ['trackEvent', 'C', 'After']);
    _paq.push(['setEcommerceView', undefined, undefined, 'Shoes', 0], ['trackPageView', 'Category']);
    _paq.push(['setEcommerceView', 7, '', 5, ''], ['trackGoal', 1]);
    _paq.push(['setEcommerceView'], ['trackEvent', 'C', 'Emptied']);`);
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 6)).map((hit) => hit.params);
  assert.deepStrictEqual(hits.map((params) => params.action_name || params.e_a || `goal ${params.idgoal}`),
    ['Before', 'Product', 'After', 'Category', 'goal 1', 'Emptied']);
  assert.deepStrictEqual(hits.map(ecommerceView), [
    {},
    // a category array goes as JSON; a price as given, not formatted
    { _pks: 'SKU-1', _pkn: 'Name', _pkc: '["Cat A","Cat B"]', _pkp: '9.5' },
    { _pks: 'SKU-1', _pkn: 'Name', _pkc: '["Cat A","Cat B"]', _pkp: '9.5' },
    // each call replaces the last; without sku and name, only _pkc (and _pkp: 0 counts)
    { _pkc: 'Shoes', _pkp: '0' },
    // a number sku is fine, an empty name goes as '', an empty price is left out
    { _pks: '7', _pkn: '', _pkc: '5' },
    // no arguments: _pkc is still sent, empty
    { _pkc: '' },
  ]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('the cart: addEcommerceItem replaces by sku, trackEcommerceCartUpdate sends the whole cart as ec_items and keeps it', async () => {
  const { context, page, errors } = await visit('/ecommerce-cart.html', `${QUEUE_START}
    _paq.push(['addEcommerceItem', 'B', 'Bee', 'Cat', 10, 2], ['addEcommerceItem', 2, 'Two'],
      ['addEcommerceItem', 'A', 'Ay', ['X', 'Y'], '3.50', '4'], ['addEcommerceItem', 'B', 'Bee again', 'Cat', 11],
      ['addEcommerceItem', ''], ['addEcommerceItem', undefined, 'No sku'], ['addEcommerceItem', 'C', 'Cee', '', '', '']);
    _paq.push([function () { window.stored = this.getEcommerceItems(); }], ['trackEcommerceCartUpdate', 25.5],
      [function () { window.afterUpdate = this.getEcommerceItems(); }]);
    _paq.push(['removeEcommerceItem', 2], ['removeEcommerceItem', 'missing'], ['trackEcommerceCartUpdate'],
      ['trackEcommerceCartUpdate', '0']);
    _paq.push(['clearEcommerceCart'], ['trackEcommerceCartUpdate', 0]);`);
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 3)).map((hit) => hit.params);
  const pick = ({ idgoal, revenue, ec_id, ec_st, ec_tx, ec_sh, ec_dt, ec_items }) => ({ idgoal, revenue, ec_id, ec_st, ec_tx, ec_sh, ec_dt, ec_items });
  const none = { ec_id: undefined, ec_st: undefined, ec_tx: undefined, ec_sh: undefined, ec_dt: undefined };
  assert.deepStrictEqual(hits.map(pick), [
    // the object's key order (an integer-like sku first; a replaced sku keeps its place); the
    // defaults for what was not given: name and category '', price 0, quantity 1
    { idgoal: '0', revenue: '25.5', ...none,
      ec_items: '[["2","Two","",0,1],["B","Bee again","Cat",11,1],["A","Ay",["X","Y"],"3.50","4"],["C","Cee","",0,1]]' },
    // an undefined total is ignored; removeEcommerceItem takes a number sku too
    { idgoal: '0', revenue: '0', ...none, ec_items: '[["B","Bee again","Cat",11,1],["A","Ay",["X","Y"],"3.50","4"],["C","Cee","",0,1]]' },
    { idgoal: '0', revenue: '0', ...none, ec_items: '[]' },
  ]);
  const [stored, afterUpdate, now] = await page.evaluate(() => [window.stored, window.afterUpdate, window.Matomo.getAsyncTracker().getEcommerceItems()]);
  // stored as given (a JSON copy: undefined reads as null); the update writes the defaults in
  assert.deepStrictEqual(stored, { 2: ['2', 'Two', null, null, null], B: ['B', 'Bee again', 'Cat', 11, null],
    A: ['A', 'Ay', ['X', 'Y'], '3.50', '4'], C: ['C', 'Cee', '', '', ''] });
  assert.deepStrictEqual(afterUpdate, { 2: ['2', 'Two', '', 0, 1], B: ['B', 'Bee again', 'Cat', 11, 1],
    A: ['A', 'Ay', ['X', 'Y'], '3.50', '4'], C: ['C', 'Cee', '', 0, 1] });
  assert.deepStrictEqual(now, {});
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('trackEcommerceOrder sends ec_id, revenue, ec_st/tx/sh/dt as given and ec_items, then empties the cart', async () => {
  const { context, page, errors } = await visit('/ecommerce-order.html', `${QUEUE_START}
    _paq.push(['setCustomData', { dimension3: 'order-dim', plan: 'pro' }], ['setEcommerceView', 'V-1']);
    _paq.push(['addEcommerceItem', 'S1', 'Shirt', 'Clothes', 20, 2], ['trackEcommerceOrder', '', 40],
      ['trackEcommerceOrder', 'O-0']);
    _paq.push(['trackEcommerceOrder', 'O 1', 45.5, '40.00', '', undefined, 0]);
    _paq.push([function () { window.afterOrder = this.getEcommerceItems(); }], ['trackEcommerceOrder', 'O-2', 10]);
    _paq.push(['trackEcommerceOrder', undefined, 5]);`);
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 3)).map((hit) => hit.params);
  const pick = ({ idgoal, ec_id, revenue, ec_st, ec_tx, ec_sh, ec_dt, ec_items }) => ({ idgoal, ec_id, revenue, ec_st, ec_tx, ec_sh, ec_dt, ec_items });
  assert.deepStrictEqual(hits.map(pick), [
    // '' ids and undefined totals are ignored; amounts go as given: not formatted, '' left out,
    // undefined as the text "undefined"
    { idgoal: '0', ec_id: 'O 1', revenue: '45.5', ec_st: '40.00', ec_tx: undefined, ec_sh: 'undefined', ec_dt: '0',
      ec_items: '[["S1","Shirt","Clothes",20,2]]' },
    // the cart was emptied by the order
    { idgoal: '0', ec_id: 'O-2', revenue: '10', ec_st: 'undefined', ec_tx: 'undefined', ec_sh: 'undefined', ec_dt: 'undefined',
      ec_items: '[]' },
    // an undefined order id is not ignored: String(undefined) is not empty
    { idgoal: '0', ec_id: 'undefined', revenue: '5', ec_st: 'undefined', ec_tx: 'undefined', ec_sh: 'undefined', ec_dt: 'undefined',
      ec_items: '[]' },
  ]);
  // the setEcommerceView values ride along; the setCustomData object is the hits' data, its
  // dimensionN keys sent once and deleted from it
  assert.deepStrictEqual(hits.map((params) => [ecommerceView(params), params.dimension3, params.data]), [
    [{ _pks: 'V-1', _pkn: '', _pkc: '' }, 'order-dim', '{"plan":"pro"}'],
    [{ _pks: 'V-1', _pkn: '', _pkc: '' }, undefined, '{"plan":"pro"}'],
    [{ _pks: 'V-1', _pkn: '', _pkc: '' }, undefined, '{"plan":"pro"}'],
  ]);
  assert.deepStrictEqual(await page.evaluate(() => window.afterOrder), {});
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('trackSiteSearch sends search, search_cat when the category is truthy (an array as "a,b"), search_count when defined', async () => {
  const { context, errors } = await visit('/site-search.html', `${QUEUE_START}
    _paq.push(['trackSiteSearch', 'shoes', ['Men', 'Sale'], 0, { dimension2: 'per-hit', k: 1 }],
      ['trackSiteSearch', 'hat', '', undefined], ['trackSiteSearch', 'caf\\u00e9 & co', false, '12']);`);
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 3)).map((hit) => hit.params);
  assert.deepStrictEqual(hits.map(({ search, search_cat, search_count, dimension2, data }) => ({ search, search_cat, search_count, dimension2, data })), [
    { search: 'shoes', search_cat: 'Men,Sale', search_count: '0', dimension2: 'per-hit', data: '{"k":1}' },
    { search: 'hat', search_cat: undefined, search_count: undefined, dimension2: undefined, data: undefined },
    { search: 'café & co', search_cat: undefined, search_count: '12', dimension2: undefined, data: undefined },
  ]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

// Cookies and consent. The real tracker names its cookies _pk_<name>.<siteId>.<hash>, the hash
// being the first 4 hex digits of sha1(<cookie domain or document.domain> + <cookie path or '/'>).
const COOKIE_HASH = createHash('sha1').update('127.0.0.1/').digest('hex').slice(0, 4);
const cookieNames = async (page) => (await page.evaluate(() => document.cookie)).split(/;\s*/).filter(Boolean).map((pair) => pair.split('=')[0]).sort();
const pkCookies = async (page) => (await cookieNames(page)).filter((name) => name.startsWith('_pk_'));
const readCookie = async (page, name) => page.evaluate((wanted) => {
  const pair = document.cookie.split(/;\s*/).find((text) => text.startsWith(`${wanted}=`));
  return pair === undefined ? undefined : decodeURIComponent(pair.slice(wanted.length + 1));
}, name);
const nothingMore = (ms = 1200) => new Promise((resolve) => setTimeout(resolve, ms));

test('first-party cookies: _pk_id.<site>.<hash> holds "<_id>.<created>.", _pk_ses is "1"; path /, SameSite Lax; _idn=1 only before', async () => {
  const { context, page, errors } = await visit('/cookies.html', `${QUEUE_START}
    _paq.push(['trackPageView'], ['trackEvent', 'C', 'Second']);`);
  const [view, event] = (await waitForHits(shared.collector, (h) => h.length >= 2)).map((hit) => hit.params);
  assert.deepStrictEqual(await pkCookies(page), [`_pk_id.1.${COOKIE_HASH}`, `_pk_ses.1.${COOKIE_HASH}`]);
  const id = await readCookie(page, `_pk_id.1.${COOKIE_HASH}`);
  assert.match(id, /^[0-9a-f]{16}\.\d{10}\.$/);
  assert.equal(await readCookie(page, `_pk_ses.1.${COOKIE_HASH}`), '1');
  assert.deepStrictEqual([view._id, view._idn, event._id, event._idn], [id.split('.')[0], '1', id.split('.')[0], '0']);
  const now = Date.now() / 1000;
  const jar = Object.fromEntries((await context.cookies()).map((cookie) => [cookie.name.split('.')[0], cookie]));
  assert.deepStrictEqual([jar._pk_id.path, jar._pk_id.sameSite, jar._pk_id.secure, jar._pk_id.domain], ['/', 'Lax', false, '127.0.0.1']);
  assert.ok(Math.abs(jar._pk_id.expires - now - 393 * 86400) < 60, 'the visitor cookie lasts 393 days');
  assert.ok(Math.abs(jar._pk_ses.expires - now - 1800) < 60, 'the session cookie lasts 30 minutes');
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('disableCookies: no cookies, hits without a visitor id; after load it deletes the cookies set so far', async () => {
  const { context, page } = await visit('/no-cookies.html', `${QUEUE_START}
    _paq.push(['trackPageView'], ['disableCookies']);`);
  const [view] = (await waitForHits(shared.collector, (h) => h.length >= 1)).map((hit) => hit.params);
  assert.deepStrictEqual(await pkCookies(page), []);
  assert.deepStrictEqual([view._id, view._idn], ['', '1']);

  const later = await visit('/cookies-then-none.html', `${QUEUE_START} _paq.push(['trackPageView']);`);
  await waitForHits(shared.collector, (h) => h.length >= 2);
  assert.equal((await pkCookies(later.page)).length, 2);
  await later.page.evaluate(() => window._paq.push(['disableCookies'], ['trackEvent', 'C', 'After']));
  const after = (await waitForHits(shared.collector, (h) => h.length >= 3))[2].params;
  assert.deepStrictEqual(await pkCookies(later.page), []);
  assert.equal(after._id, '');
  await Promise.all([context.close(), later.context.close()]);
});

test('setCookieSameSite, setSecureCookie, setCookieDomain, setDomains: as the real tracker checks them on http', async () => {
  const { context, page, messages, errors } = await visit('/cookie-options.html', `${QUEUE_START}
    _paq.push(['setCookieSameSite', 'strict'], ['setSecureCookie', true], ['setCookieDomain', '.example.com'],
      ['setDomains', ['*.example.com']], ['trackPageView']);`);
  await waitForHits(shared.collector, (h) => h.length >= 1);
  const consoleErrors = messages.filter((m) => m.type === 'error').map((m) => m.text);
  assert.ok(consoleErrors.some((text) => /You cannot use `Secure` on http/.test(text)), consoleErrors.join('\n'));
  assert.ok(consoleErrors.some((text) => text.includes("Can't write cookie on domain .example.com")), consoleErrors.join('\n'));
  // the domain was refused, so the name keeps the page's hash; SameSite normalised to Strict
  assert.deepStrictEqual(await pkCookies(page), [`_pk_id.1.${COOKIE_HASH}`, `_pk_ses.1.${COOKIE_HASH}`]);
  const jar = (await context.cookies()).filter((cookie) => cookie.name.startsWith('_pk_'));
  assert.deepStrictEqual(jar.map((cookie) => [cookie.sameSite, cookie.secure, cookie.domain]), [['Strict', false, '127.0.0.1'], ['Strict', false, '127.0.0.1']]);
  // the refused domain is not stored; setDomains is accepted without an error
  assert.equal(await page.evaluate(() => window.Matomo.getAsyncTracker().getCookieDomain()), undefined);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('requireConsent holds hits (and cookies) until setConsentGiven, which sends them with consent=1, then a ping', async () => {
  const { context, page, errors } = await visit('/consent.html', `${QUEUE_START}
    _paq.push(['requireConsent'], ['trackPageView', 'Held'], ['trackEvent', 'C', 'Held too']);`);
  await page.waitForFunction(() => !Array.isArray(window._paq));
  await nothingMore();
  assert.equal(shared.collector.hits.length, 0);
  assert.deepStrictEqual(await pkCookies(page), []);
  assert.equal(await page.evaluate(() => window.Matomo.getAsyncTracker().hasConsent()), false);
  await page.evaluate(() => window._paq.push(['setConsentGiven'], ['trackEvent', 'C', 'After']));
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 4)).map((hit) => hit.params);
  assert.deepStrictEqual(hits.map((params) => params.action_name || params.e_a || (params.ping && 'ping')), ['Held', 'Held too', 'ping', 'After']);
  assert.ok(hits.every((params) => params.consent === '1'));
  // the held hits were built before consent, without cookies; the ping brings the visitor cookie
  assert.deepStrictEqual([hits[0]._id, hits[1]._id], ['', '']);
  assert.match(hits[2]._id, /^[0-9a-f]{16}$/);
  assert.equal(hits[3]._id, hits[2]._id);
  assert.deepStrictEqual(await pkCookies(page), [`_pk_id.1.${COOKIE_HASH}`, `_pk_ses.1.${COOKIE_HASH}`]);
  assert.deepStrictEqual(await cookieNames(page), [`_pk_id.1.${COOKIE_HASH}`, `_pk_ses.1.${COOKIE_HASH}`]); // setConsentGiven remembers nothing
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('requireConsent: hits held before a trackPageView are dropped there', async () => {
  const { context, page } = await visit('/consent-drop.html', `${QUEUE_START}
    _paq.push(['requireConsent'], ['trackEvent', 'C', 'Dropped'], ['trackPageView', 'Kept'], ['trackEvent', 'C', 'Kept too']);`);
  await page.waitForFunction(() => !Array.isArray(window._paq));
  await page.evaluate(() => window._paq.push(['setConsentGiven', false]));
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 2)).map((hit) => hit.params);
  await nothingMore();
  // setConsentGiven(false) gives no cookie consent: no ping, no cookies
  assert.deepStrictEqual(shared.collector.hits.map((hit) => hit.params.action_name || hit.params.e_a), ['Kept', 'Kept too']);
  assert.equal(hits[0].consent, '1');
  assert.deepStrictEqual(await pkCookies(page), []);
  await context.close();
});

test('forgetConsentGiven: nothing is sent afterwards, the cookies go and mtm_consent_removed stays; rememberConsentGiven sets mtm_consent', async () => {
  const { context, page } = await visit('/consent-forget.html', `${QUEUE_START}
    _paq.push(['requireConsent'], ['rememberConsentGiven'], ['trackPageView', 'Given']);`);
  await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.match(await readCookie(page, 'mtm_consent'), /^\d{13}$/);
  assert.equal((await pkCookies(page)).length, 2);
  await page.evaluate(() => window._paq.push(['forgetConsentGiven'], ['trackEvent', 'C', 'Forgotten'], ['trackPageView', 'Forgotten']));
  await nothingMore();
  assert.deepStrictEqual(shared.collector.hits.map((hit) => hit.params.action_name), ['Given']);
  assert.deepStrictEqual(await cookieNames(page), ['mtm_consent_removed']);
  assert.equal(await page.evaluate(() => window.Matomo.getAsyncTracker().isUserOptedOut()), true);
  await context.close();
});

test('requireCookieConsent sends hits without cookies; setCookieConsentGiven sets them and pings; forgetCookieConsentGiven deletes them', async () => {
  const { context, page } = await visit('/cookie-consent.html', `${QUEUE_START}
    _paq.push(['requireCookieConsent'], ['trackPageView', 'Cookieless']);`);
  const [first] = (await waitForHits(shared.collector, (h) => h.length >= 1)).map((hit) => hit.params);
  assert.deepStrictEqual([first._id, first.consent], ['', undefined]);
  assert.deepStrictEqual(await pkCookies(page), []);
  await page.evaluate(() => window._paq.push(['setCookieConsentGiven'], ['trackEvent', 'C', 'With cookies']));
  const [, ping, event] = (await waitForHits(shared.collector, (h) => h.length >= 3)).map((hit) => hit.params);
  assert.equal(ping.ping, '1');
  const id = (await readCookie(page, `_pk_id.1.${COOKIE_HASH}`)).split('.')[0];
  assert.deepStrictEqual([ping._id, event._id, event.e_a], [id, id, 'With cookies']);
  await page.evaluate(() => window._paq.push(['forgetCookieConsentGiven'], ['trackEvent', 'C', 'Cookieless again']));
  const last = (await waitForHits(shared.collector, (h) => h.length >= 4))[3].params;
  assert.deepStrictEqual([last.e_a, last._id], ['Cookieless again', '']);
  assert.deepStrictEqual(await cookieNames(page), []);
  await context.close();
});

test('setDoNotTrack(true) sends nothing and sets no cookies when navigator.doNotTrack is "1"; it changes nothing otherwise', async () => {
  const dnt = await openPage(shared.browser);
  await dnt.page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  shared.collector.addPage('/dnt.html', html(`<script>${QUEUE_START}
    _paq.push(['setDoNotTrack', true], ['trackPageView', 'DNT']);</script><script src="/matomo.js"></script>`));
  await dnt.page.goto(`${shared.collector.url}/dnt.html`);
  await dnt.page.waitForFunction(() => !Array.isArray(window._paq));
  await dnt.page.evaluate(() => window._paq.push(['setCookieConsentGiven'], ['trackEvent', 'C', 'DNT']));
  const plain = await visit('/no-dnt.html', `${QUEUE_START} _paq.push(['setDoNotTrack', true], ['trackPageView', 'No DNT']);`);
  await waitForHits(shared.collector, (h) => h.length >= 1);
  await nothingMore();
  assert.deepStrictEqual(shared.collector.hits.map((hit) => hit.params.action_name), ['No DNT']);
  assert.deepStrictEqual(await pkCookies(dnt.page), []);
  await Promise.all([dnt.context.close(), plain.context.close()]);
});

test('addTracker: every later command runs on both trackers, each hit goes to its own URL with its own idsite', async () => {
  const { context, page, errors } = await visit('/two-trackers.html', `${QUEUE_START}
    _paq.push(['setCustomDimension', 1, 'both'], ['trackPageView', 'Both'], ['addTracker', location.origin + '/piwik.php', 7]);`);
  const sites = (hits) => hits.map((hit) => `${hit.path} ${hit.params.idsite} ${hit.params.action_name || hit.params.e_a} ${hit.params.dimension1}`).sort();
  assert.deepStrictEqual(sites(await waitForHits(shared.collector, (h) => h.length >= 2)), ['/matomo.php 1 Both both', '/piwik.php 7 Both both']);
  // after load too; setSiteId and setTrackerUrl reach the first tracker only
  await page.evaluate(() => window._paq.push(['setSiteId', 3], ['trackEvent', 'C', 'Later']));
  const later = (await waitForHits(shared.collector, (h) => h.length >= 4)).slice(2);
  assert.deepStrictEqual(sites(later), ['/matomo.php 3 Later both', '/piwik.php 7 Later both']);
  // each tracker has its own cookies, named by its site id
  assert.deepStrictEqual(await pkCookies(page), [`_pk_id.1.${COOKIE_HASH}`, `_pk_id.3.${COOKIE_HASH}`, `_pk_id.7.${COOKIE_HASH}`,
    `_pk_ses.1.${COOKIE_HASH}`, `_pk_ses.3.${COOKIE_HASH}`, `_pk_ses.7.${COOKIE_HASH}`]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('Matomo.getAsyncTracker(url, siteId) finds a tracker; Matomo.getTracker(url, siteId) makes one that _paq does not reach', async () => {
  const { context, page, errors } = await visit('/get-tracker.html', `${QUEUE_START}
    _paq.push(['addTracker', location.origin + '/piwik.php', '7']);`);
  await page.waitForFunction(() => !Array.isArray(window._paq));
  const found = await page.evaluate(() => {
    const piwik = location.origin + '/piwik.php';
    const { Matomo } = window;
    const second = Matomo.getAsyncTracker(piwik, 7);
    second.trackEvent('C', 'Second only');
    const own = Matomo.getTracker(piwik, 9);
    own.trackEvent('C', 'Own only');
    return [Matomo.getAsyncTrackers().length, Matomo.getAsyncTracker() === Matomo.getAsyncTrackers()[0], second === Matomo.getAsyncTrackers()[1],
      Matomo.getAsyncTracker(undefined, 1) === Matomo.getAsyncTrackers()[0], Matomo.getAsyncTracker(piwik, 8), own.getSiteId(),
      Matomo.getAsyncTrackers().indexOf(own), Matomo.getTracker().getSiteId()];
  });
  // none for an unknown site; getTracker() defaults to the first tracker's url and site id
  assert.deepStrictEqual(found, [2, true, true, true, undefined, 9, -1, '1']);
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await page.evaluate(() => window._paq.push(['trackEvent', 'C', 'Both']));
  const hits = await waitForHits(shared.collector, (h) => h.length >= 4);
  assert.deepStrictEqual(hits.map((hit) => `${hit.path} ${hit.params.idsite} ${hit.params.e_a}`).sort(),
    ['/matomo.php 1 Both', '/piwik.php 7 Both', '/piwik.php 7 Second only', '/piwik.php 9 Own only']);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('enableJSErrorTracking sends an uncaught error as an event; the other privacy and tracking options are accepted', async () => {
  const { context, page } = await visit('/js-errors.html', `${QUEUE_START}
    _paq.push(['enableJSErrorTracking'], ['enableHeartBeatTimer', 10], ['enableCrossDomainLinking'], ['disablePerformanceTracking'],
      ['setRequestMethod', 'GET'], ['trackPageView']);
    window.boom = function () { setTimeout(function () { throw new Error('boom'); }, 0); };`);
  await page.waitForFunction(() => !Array.isArray(window._paq));
  await page.evaluate(() => window.boom()); // thrown by the page's own script, so file:line:column is the page's
  const hits = (await waitForHits(shared.collector, (h) => h.length >= 2)).map((hit) => hit.params);
  const error = hits.find((params) => params.e_c === 'JavaScript Errors');
  assert.equal(error.e_c, 'JavaScript Errors');
  assert.match(error.e_a, new RegExp(`^${shared.collector.url}/js-errors\\.html:\\d+:\\d+$`));
  assert.match(error.e_n, /boom/);
  assert.ok(hits.every((params) => params.send_image === '1'));
  assert.equal(await page.evaluate(() => window.Matomo.getAsyncTracker().isCrossDomainLinkingEnabled()), true);
  await context.close();
});
