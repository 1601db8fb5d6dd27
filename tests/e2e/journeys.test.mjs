// journeys.test.mjs - a shop's journeys over time (issue 19): route changes, reloads, a logout
// followed at once by a navigation, Segment's Piwik routing, consent changed while the tracker
// script loads, amounts, re-added products, Do Not Track and a second site; the real Analytics
// Next, the ES module, Chromium, and what the local collector receives from the stand-in tracker,
// or from Matomo's real one with MATOMO_JS (.ci/run runs both).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndCollector, holdTrackerScript, openPage, waitForHits, html, analyticsNextLoad } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });
const quiet = (ms = 1200) => new Promise((resolve) => setTimeout(resolve, ms));
const settings = (extra = {}) => JSON.stringify({ siteId: 5, url: shared.collector.url, ...extra });

/** A shop page: Analytics Next with the destination (`extra` settings); `calls` run once loaded. */
function shopPage(calls, extra, { awaitLoad = true, title = 'Shop' } = {}) {
  return html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const loading = ${analyticsNextLoad(`matomo(${settings(extra)})`)};
  const analytics = ${awaitLoad ? '(await loading)[0]' : 'loading'};
  window.analytics = analytics;
  ${calls}
  window.done = true;
</script>`, title);
}

const pick = (keys) => ({ params }) => Object.fromEntries(keys.filter((key) => key in params).map((key) => [key, params[key]]));
const pageViews = () => shared.collector.hits.filter(({ params }) => 'action_name' in params);
const matomoCookies = (page) => page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('_pk_')).map((c) => c.split('=')[0]));
const stored = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((key) => key.startsWith('matomo-destination:')).map((key) => [key, localStorage.getItem(key)])));
const runner = { sku: 'SH-1', name: 'Runner', category: 'Shoes', price: 89.9 };

test('a product page: page() then Product Viewed is one page view that records the view; the next route and its event are no view of it', async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/p/sh-1', shopPage(`
    await analytics.page();
    await analytics.track('Product Viewed', ${JSON.stringify(runner)});
    history.pushState({}, '', '/shop/about'); document.title = 'About';
    await analytics.page();
    await analytics.track('Newsletter Signup');
  `));
  await page.goto(`${shared.collector.url}/shop/p/sh-1`);
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 3);
  await quiet();
  assert.deepStrictEqual(shared.collector.hits.map(pick(['action_name', 'e_a', '_pks', '_pkn', '_pkp'])), [
    { action_name: 'Shop', _pks: 'SH-1', _pkn: 'Runner', _pkp: '89.9' },
    { action_name: 'About' },
    { e_a: 'Newsletter Signup' },
  ]);
  for (const { params } of shared.collector.hits.slice(1)) assert.ok(!params._pkc, `no product category after the view: ${params._pkc}`);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a Product Viewed later than productViewWait after page() sends its own page view (the documented window)', async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/slow', shopPage(`
    await analytics.page();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await analytics.track('Product Viewed', ${JSON.stringify(runner)});
  `, { productViewWait: 100 }));
  await page.goto(`${shared.collector.url}/shop/slow`);
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await quiet();
  assert.deepStrictEqual(shared.collector.hits.map(pick(['action_name', '_pks'])), [{ action_name: 'Shop' }, { action_name: 'Shop', _pks: 'SH-1' }]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a page view held for a product view is not lost when the page is left at once', async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/leave', shopPage(`
    await new Promise((resolve) => { const timer = setInterval(() => Array.isArray(window._paq) || resolve(clearInterval(timer)), 10); });
    await analytics.page(); // held for a product view that may follow
    location.href = '/shop/next';
  `, {}, { title: 'Leaving' }));
  shared.collector.addPage('/shop/next', html('<p>next</p>', 'Next'));
  await page.goto(`${shared.collector.url}/shop/leave`);
  await page.waitForURL('**/shop/next');
  await waitForHits(shared.collector, (h) => h.length >= 1);
  await quiet(600);
  assert.deepStrictEqual(shared.collector.hits.map(pick(['action_name'])), [{ action_name: 'Leaving' }]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test("a logout followed at once by a navigation: the next user's cart is his alone, in a new visit", async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/account', shopPage(`
    await analytics.identify('alice');
    await analytics.track('Product Added', { sku: 'ALICE-1', price: 5 });
    document.querySelector('#logout').onclick = () => { analytics.reset(); location.href = '/shop/login'; };
  `) + '<button id="logout">Log out</button>');
  shared.collector.addPage('/shop/login', shopPage(`
    await analytics.track('Product Added', { sku: 'BOB-1', price: 10 });
  `));
  await page.goto(`${shared.collector.url}/shop/account`);
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 1);
  await page.click('#logout');
  await page.waitForURL('**/shop/login');
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await quiet();
  const items = ({ params }) => JSON.parse(params.ec_items).map((item) => item[0]);
  const [alice, bob] = shared.collector.hits;
  assert.deepStrictEqual([items(alice), alice.params.uid, alice.params.new_visit], [['ALICE-1'], 'alice', undefined]);
  assert.deepStrictEqual([items(bob), bob.params.revenue, bob.params.uid, bob.params.new_visit], [['BOB-1'], '10', undefined, '1']);
  assert.deepStrictEqual(await stored(page), { 'matomo-destination:cart:5': '[["BOB-1","","",10,1]]' });
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test("Segment's Piwik routing reaches Matomo: { All: false, Piwik: true } and { All: false, Piwik: { customVars } }; { Piwik: false } still skips", async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/routing', shopPage(`
    await analytics.track('Routed', {}, { integrations: { All: false, Piwik: true } });
    await analytics.track('With Vars', {}, { integrations: { All: false, Piwik: { customVars: { 1: ['Plan', 'Pro'] } } } });
    await analytics.track('Skipped', {}, { integrations: { Piwik: false } });
    await analytics.track('Not Routed', {}, { integrations: { All: false } });
    await analytics.track('Last');
  `));
  await page.goto(`${shared.collector.url}/shop/routing`);
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 3);
  await quiet();
  assert.deepStrictEqual(shared.collector.hits.map(pick(['e_a', 'cvar'])), [
    { e_a: 'Routed' },
    { e_a: 'With Vars', cvar: '{"1":["Plan","Pro"]}' },
    { e_a: 'Last' },
  ]);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('requireConsent "cookies": consent given, then withdrawn, both before the tracker script runs, ends withdrawn', async () => {
  const opened = await openPage(shared.browser);
  const release = await holdTrackerScript(opened.context, 'continue');
  const consent = (Analytics) => JSON.stringify({ context: { consent: { categoryPreferences: { Analytics } } } });
  shared.collector.addPage('/shop/consent-cookies', shopPage(`
    await analytics.page({}, ${consent(true)});
    await analytics.track('Withdrawn', {}, ${consent(false)});
  `, { requireConsent: 'cookies' }));
  await opened.page.goto(`${shared.collector.url}/shop/consent-cookies`, { waitUntil: 'domcontentloaded' });
  await opened.page.waitForFunction(() => window.done);
  release();
  await waitForHits(shared.collector, (h) => h.length >= 2);
  await quiet();
  const [view, event] = shared.collector.hits;
  assert.deepStrictEqual([view.params.action_name, event.params.e_a], ['Shop', 'Withdrawn']);
  assert.deepStrictEqual(await matomoCookies(opened.page), [], 'no Matomo cookie: consent ends withdrawn');
  assert.notEqual(event.params._id, view.params._id, 'the withdrawn hit has not the visitor id of the consented one');
  assert.deepStrictEqual(opened.messages.filter(({ text }) => /registered more than once/.test(text)), []);
  assert.deepStrictEqual(opened.errors, []);
  await opened.context.close();
});

test('requireConsent "tracking": grant, withdraw, grant again before the tracker script runs keeps the regranted hits', async () => {
  const opened = await openPage(shared.browser);
  const release = await holdTrackerScript(opened.context, 'continue');
  const consent = (Analytics) => JSON.stringify({ context: { consent: { categoryPreferences: { Analytics } } } });
  shared.collector.addPage('/shop/consent-tracking', shopPage(`
    await analytics.page({}, ${consent(true)});
    await analytics.track('Withdrawn', {}, ${consent(false)});
    await analytics.track('Regranted', {}, ${consent(true)});
  `, { requireConsent: 'tracking' }));
  await opened.page.goto(`${shared.collector.url}/shop/consent-tracking`, { waitUntil: 'domcontentloaded' });
  await opened.page.waitForFunction(() => window.done);
  release();
  const tracked = () => shared.collector.hits.filter(({ params }) => 'action_name' in params || 'e_a' in params).map(({ params }) => params.action_name ?? params.e_a);
  await waitForHits(shared.collector, () => tracked().includes('Regranted'));
  await quiet();
  // Matomo holds a hit made without consent in the page's memory and sends it once consent is
  // given again on the page (README): the one made while withdrawn arrives with the regranted one.
  assert.deepStrictEqual(tracked().sort(), ['Regranted', 'Shop', 'Withdrawn']);
  assert.deepStrictEqual(opened.messages.filter(({ text }) => /registered more than once/.test(text)), []);
  assert.deepStrictEqual(opened.errors, []);
  await opened.context.close();
});

test("an order's amounts in currency strings, and a product added again with a new name and price", async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/order', shopPage(`
    await analytics.track('Product Added', { sku: 'A', name: 'Old', price: 2 });
    await analytics.track('Product Added', { sku: 'A', name: 'New', price: 3 });
    await analytics.track('Order Completed', { order_id: 'o-1010', total: '$1,010.50', tax: '$8.50', products: [{ sku: 'A', name: 'New', price: '$3', quantity: 2 }] });
  `, { goals: { 'Order Completed': 7 } }));
  await page.goto(`${shared.collector.url}/shop/order`);
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 4);
  await quiet();
  const [, readded, goal, order] = shared.collector.hits;
  assert.deepStrictEqual([JSON.parse(readded.params.ec_items), readded.params.revenue], [[['A', 'New', '', 3, 2]], '6']);
  assert.deepStrictEqual([goal.params.idgoal, goal.params.revenue], ['7', '1010.5']);
  assert.deepStrictEqual([order.params.ec_id, order.params.revenue, order.params.ec_tx], ['o-1010', '1010.5', '8.5']);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('Do Not Track with respectDoNotTrack: nothing is sent and nothing is stored', async () => {
  const { context, page, errors } = await openPage(shared.browser);
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  shared.collector.addPage('/shop/dnt', shopPage(`
    await analytics.page();
    await analytics.track('Product Added', { sku: 'A', price: 2 });
    window.storedBeforeReset = Object.keys(localStorage).filter((key) => key.startsWith('matomo-destination:'));
    await analytics.reset();
  `, { respectDoNotTrack: true }));
  await page.goto(`${shared.collector.url}/shop/dnt`);
  await page.waitForFunction(() => window.done);
  await page.waitForFunction(() => window._paq && !Array.isArray(window._paq)); // the tracker ran
  await quiet();
  assert.equal(shared.collector.hits.length, 0);
  assert.deepStrictEqual(await page.evaluate(() => window.storedBeforeReset), [], 'no cart stored');
  assert.deepStrictEqual(await stored(page), {}, 'and no new visit after the reset');
  assert.deepStrictEqual(await matomoCookies(page), []);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('additionalSites: every site gets the action dimensions of every hit', async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/sites', shopPage(`
    await analytics.page({ section: 'Guides' });
    await analytics.track('Read', { section: 'Docs' });
  `, { actionDimensions: { 'properties.section': 3 }, visitDimensions: { 'traits.plan': 1 }, additionalSites: [{ siteId: 6 }] }));
  await page.goto(`${shared.collector.url}/shop/sites`);
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 4);
  await quiet();
  const bySite = (site) => shared.collector.hits.filter(({ params }) => params.idsite === site).map(pick(['action_name', 'e_a', 'dimension3']));
  assert.deepStrictEqual(bySite('5'), [{ action_name: 'Shop', dimension3: 'Guides' }, { e_a: 'Read', dimension3: 'Docs' }]);
  assert.deepStrictEqual(bySite('6'), bySite('5'));
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('additionalSites before the tracker script arrives: every site still gets the action dimensions', async () => {
  const opened = await openPage(shared.browser);
  const release = await holdTrackerScript(opened.context, 'continue');
  shared.collector.addPage('/shop/sites-early', shopPage(`
    await analytics.page({ section: 'Guides' });
    await analytics.track('Read', { section: 'Docs' });
  `, { actionDimensions: { 'properties.section': 3 }, additionalSites: [{ siteId: 6 }] }));
  await opened.page.goto(`${shared.collector.url}/shop/sites-early`, { waitUntil: 'domcontentloaded' });
  await opened.page.waitForFunction(() => window.done);
  release();
  await waitForHits(shared.collector, (h) => h.length >= 4);
  await quiet();
  const bySite = (site) => shared.collector.hits.filter(({ params }) => params.idsite === site).map(pick(['action_name', 'e_a', 'dimension3']));
  assert.deepStrictEqual(bySite('6'), [{ action_name: 'Shop', dimension3: 'Guides' }, { e_a: 'Read', dimension3: 'Docs' }]);
  assert.deepStrictEqual(bySite('5'), bySite('6'));
  assert.deepStrictEqual(opened.errors, []);
  await opened.context.close();
});
