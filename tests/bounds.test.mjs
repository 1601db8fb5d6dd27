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

// Settings past the bounds (js/bounded-json.js SETTINGS_LIMITS) are refused with what was too
// large and where, never cut: a cut URL would send to another address, dropped goals would be
// lost silently, and a budget used up by goals would drop siteId and call it "missing".
for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · settings too large are refused whole, saying what was too large`, async () => {
    const base = { siteId: 1, url: 'https://m.example.com' };
    const refused = async (settings, pattern) => {
      await assert.rejects(api.createTranslator(settings), (error) => {
        assert.match(error.message, /^Matomo destination: the settings are too large to read: /);
        assert.match(error.message, pattern);
        assert.match(error.message, /Shorten them: settings are refused, never cut\.$/);
        return true;
      });
    };
    await refused({ ...base, url: long('https://m.example.com/', 4097) }, /a text of 4097 characters \(at most 4096\) in "url"/);
    const goals = Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`Goal ${i}`, i + 1]));
    await refused({ ...base, goals }, /an object of 5001 entries \(at most 5000\) in "goals"/);
    // Goals that use up the byte budget before siteId: refused, not "siteId is missing".
    const big = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [long(`Goal ${i} `, 80), i + 1]));
    await refused({ goals: big, ...base }, /more than 262144 bytes of text in "goals"/);
    await refused({ ...base, consentCategories: Array.from({ length: 5001 }, (_, i) => `C${i}`) }, /a list of 5001 entries \(at most 5000\) in "consentCategories"/);
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    await refused({ ...base, extra: deep }, /nesting deeper than 6 levels \(a cycle\?\) in "extra"/);
    // Just within the bounds, the same settings load.
    const translator = await api.createTranslator({ ...base, url: long('https://m.example.com/', 4000), goals: Object.fromEntries(Object.entries(goals).slice(0, 5000)) });
    assert.equal(translator.mapGoal('Goal 4999')[0], 5000);
  });
}
