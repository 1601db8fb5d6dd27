// bounds.test.mjs - the input bounds fit the calls (js/bounded-json.js EVENT_LIMITS): a URL,
// referrer and title of 4,096 characters each arrive whole although Analytics Next sends each
// twice, an order of 100 products arrives whole, and only what is past the bounds is cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundedJson, compileShape, EVENT_LIMITS } from '../js/bounded-json.js';
import { loadBuilds } from './load-dist.mjs';

const builds = await loadBuilds();

const long = (prefix, length) => prefix + 'x'.repeat(length - prefix.length);

test('an order of 100 products passes the shim whole', () => {
  const products = Array.from({ length: 100 }, (_, i) => ({ product_id: `p-${i}`, sku: `SKU-${1000 + i}`, name: `Product number ${i}`,
    category: 'Shoes/Running', price: 19.99 + i, quantity: 1 + (i % 3), url: `https://shop.example/p/${i}`, image_url: `https://cdn.example/${i}.png` }));
  const event = { event: 'Order Completed', properties: { order_id: 'o-1', total: 2500.5, products } };
  const shape = compileShape({ event: 1, properties: { order_id: 1, total: 1, products: 1 } });
  assert.deepStrictEqual(JSON.parse(boundedJson(event, shape, EVENT_LIMITS)), event);
});

test('a page with URL, referrer and title of 4,096 characters, in properties and context.page, passes whole', () => {
  const page = { url: long('https://app.example/', 4096), referrer: long('https://search.example/?q=', 4096), title: long('T', 4096) };
  const event = { name: 'Home', properties: { ...page }, context: { page: { ...page } } };
  const shape = compileShape({ name: 1, properties: { url: 1, referrer: 1, title: 1 }, context: { page: { url: 1, referrer: 1, title: 1 } } });
  assert.deepStrictEqual(JSON.parse(boundedJson(event, shape, EVENT_LIMITS)), event);
});

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · a 4,096-character URL and title are sent whole, a 2,400-character one too, a longer one cut at 4,096`, async () => {
    const translator = await api.createTranslator({ siteId: 1, url: 'https://m.example.com' });
    const url = long('https://app.example/', 4096);
    const title = long('Title ', 4096);
    // structuredClone brings the classic script's arrays into this realm; ok() keeps failures short.
    const same = (got, expected, what) => assert.ok(JSON.stringify(structuredClone(got)) === JSON.stringify(expected), what);
    same(translator.page({ properties: { url, title }, context: { page: { url, title } } }),
      [['setCustomUrl', url], ['setDocumentTitle', title], ['trackPageView']], 'a 4,096-character URL and title whole');
    const medium = long('https://app.example/b/', 2400);
    same(translator.page({ properties: { url: medium } }), [['setReferrerUrl', url], ['setCustomUrl', medium], ['trackPageView']], '2,400 characters whole');
    same(translator.page({ properties: { url: url + 'yyyy' } }), [['setReferrerUrl', medium], ['setCustomUrl', url], ['trackPageView']], 'cut at 4,096');
  });
}
