// ecommerce.test.mjs - a shop flow across two full page loads, with the real Analytics Next, the
// ES module build and Chromium, asserted on what the local collector receives (from the stand-in
// tracker, or Matomo's real one with MATOMO_JS): the product view, every cart update with the
// whole cart, the order; the cart remembered across the reload through localStorage.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndCollector, openPage, waitForHits, html, analyticsNextLoad } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });

function shopPage(calls) {
  return html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${JSON.stringify({ siteId: 5, url: `${shared.collector.url}/` })})`)};
  ${calls}
  window.done = true;
</script>`, 'Shop');
}

const runner = { sku: 'SH-1', name: 'Runner', category: 'Shoes', price: 89.9 };
const socks = { sku: 'SK-2', name: 'Socks', category: 'Apparel', price: 4.5 };
const items = (hit) => JSON.parse(hit.params.ec_items);

test('view a product, add two, reload, remove one, complete the order: Matomo gets the views, whole carts and the order', async () => {
  const { context, page, errors, requests } = await openPage(shared.browser);
  shared.collector.addPage('/shop/product', shopPage(`
    await analytics.page();
    await analytics.track('Product Viewed', ${JSON.stringify(runner)});
    await analytics.track('Product Added', ${JSON.stringify({ ...runner, quantity: 1 })});
    await analytics.track('Product Added', ${JSON.stringify({ ...socks, quantity: 2 })});
  `));
  shared.collector.addPage('/shop/checkout', shopPage(`
    await analytics.page();
    await analytics.track('Product Removed', { sku: 'SK-2' });
    await analytics.track('Order Completed', { order_id: 'o-77', total: 95.4, tax: 5.5 });
  `));
  await page.goto(`${shared.collector.url}/shop/product`);
  await page.waitForFunction(() => window.done);
  await waitForHits(shared.collector, (h) => h.length >= 3);
  assert.equal(await page.evaluate(() => localStorage.getItem('matomo-destination:cart:5')),
    JSON.stringify([['SH-1', 'Runner', 'Shoes', 89.9, 1], ['SK-2', 'Socks', 'Apparel', 4.5, 2]]));
  await page.goto(`${shared.collector.url}/shop/checkout`); // a full page load: the tracker's own cart is gone
  await page.waitForFunction(() => window.done);
  const hits = await waitForHits(shared.collector, (h) => h.length >= 6);
  await new Promise((resolve) => setTimeout(resolve, 1200)); // nothing more may come

  const views = hits.filter((hit) => 'action_name' in hit.params);
  assert.equal(views.length, 2, 'two page() calls, the first joined by the product view after it');
  assert.deepStrictEqual([views[0].params._pks, views[0].params._pkn, views[0].params._pkc, views[0].params._pkp], ['SH-1', 'Runner', 'Shoes', '89.9']);
  const carts = hits.filter((hit) => hit.params.idgoal === '0' && !('ec_id' in hit.params));
  assert.deepStrictEqual(carts.map((hit) => hit.params._pks), [undefined, undefined, undefined], 'the product view ended with its page view');
  assert.deepStrictEqual(carts.map((hit) => [hit.params.revenue, items(hit)]), [
    ['89.9', [['SH-1', 'Runner', 'Shoes', 89.9, 1]]],
    ['98.9', [['SH-1', 'Runner', 'Shoes', 89.9, 1], ['SK-2', 'Socks', 'Apparel', 4.5, 2]]],
    ['89.9', [['SH-1', 'Runner', 'Shoes', 89.9, 1]]], // after the reload, from the remembered cart
  ]);
  const [order] = hits.filter((hit) => 'ec_id' in hit.params);
  assert.deepStrictEqual([order.params.ec_id, order.params.revenue, order.params.ec_tx, items(order)], ['o-77', '95.4', '5.5', [['SH-1', 'Runner', 'Shoes', 89.9, 1]]]);
  for (const key of ['ec_st', 'ec_sh', 'ec_dt']) assert.ok(!(key in order.params), `${key} is left out`);
  for (const hit of hits) {
    for (const [key, value] of Object.entries(hit.params)) assert.ok(value !== 'undefined' && value !== 'null', `${key}=${value}`);
  }
  assert.equal(hits.filter((hit) => 'e_a' in hit.params).length, 0, 'no plain events');
  assert.equal(await page.evaluate(() => localStorage.getItem('matomo-destination:cart:5')), null, 'the order emptied the remembered cart');
  assert.deepStrictEqual(errors, []);
  assert.ok(requests.every((url) => url.startsWith(`${shared.collector.url}/`)));
  await context.close();
});

test('a product search is a site search hit', async () => {
  const { context, page, errors } = await openPage(shared.browser);
  shared.collector.addPage('/shop/search', shopPage(`await analytics.track('Products Searched', { query: 'trail shoes', category: 'Shoes' });`));
  await page.goto(`${shared.collector.url}/shop/search`);
  const [hit] = await waitForHits(shared.collector, (h) => h.length >= 1);
  assert.deepStrictEqual([hit.params.search, hit.params.search_cat], ['trail shoes', 'Shoes']);
  assert.deepStrictEqual(errors, []);
  await context.close();
});
