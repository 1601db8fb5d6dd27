// lean-fields.test.mjs - a track whose name the core says needs only its lean fields
// (md_reads_all_fields) is handed to the core without the e-commerce ones. That must never change
// what the core answers: generated sequences of tracks through the shim (lean where it may be)
// give, call for call, what the bare core gives for the whole events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadBuilds } from './load-dist.mjs';
import { rawCore } from './tools/raw-core.mjs';
import { boundedJsonBytes, compileShape, shapeWithPaths, EVENT_LIMITS } from '../js/bounded-json.js';
import { asPushed } from './golden-cases.mjs';

const builds = await loadBuilds();
const fcOptions = (numRuns) => ({ numRuns, includeErrorInReport: true, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

const ECOMMERCE_NAMES = ['Product Viewed', 'Product List Viewed', 'Product List Filtered', 'Product Added', 'product_removed', 'Cart Viewed',
  'Checkout Started', 'Order Completed', 'ORDER COMPLETED', 'Products Searched'];
const PLAIN_NAMES = ['Signed Up', 'Completed Order', 'Product Clicked', 'Order Refunded', 'Coupon Entered', 'Ωrder'];
const FIELDS = ['category', 'name', 'label', 'value', 'revenue', 'total', 'sku', 'product_id', 'price', 'quantity', 'order_id', 'subtotal',
  'tax', 'shipping', 'discount', 'query', 'coupon'];

const scalar = fc.oneof(fc.constantFrom('Shop', 'x', '', '  ', '$1,010.50', '12', 'Ωmega'), fc.integer({ min: -5, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.boolean(), fc.constant(null));
const product = fc.record({ product_id: fc.constantFrom('p1', 'p2', 'p3'), sku: fc.constantFrom('S1', 'S2'), name: fc.constantFrom('Shirt', 'Hat'),
  category: fc.constantFrom('Apparel', ''), price: fc.constantFrom(9.99, 0, '5', -1), quantity: fc.constantFrom(1, 2, 0, '3') }, { requiredKeys: [] });
const properties = fc.dictionary(fc.constantFrom(...FIELDS), scalar, { maxKeys: 10 }).chain((picked) =>
  fc.option(fc.array(product, { maxLength: 3 }), { nil: undefined }).map((products) => (products ? { ...picked, products } : picked)));
const track = fc.record({
  event: fc.constantFrom(...ECOMMERCE_NAMES, ...PLAIN_NAMES),
  properties,
  integrations: fc.option(fc.constant({ Piwik: { customVars: { 1: ['Plan', 'Pro'] }, customDimensions: { 7: 'x' } } }), { nil: undefined }),
}, { requiredKeys: ['event', 'properties'] });
const settings = fc.record({
  ecommerce: fc.boolean(),
  goals: fc.constantFrom({}, { 'Order Completed': 1, 'Signed Up': 2 }),
  // dimension paths into fields that only e-commerce events read, and into others
  actionDimensions: fc.constantFrom({}, { 'properties.order_id': 3 }, { 'properties.sku': 4, 'properties.coupon': 5 }),
  visitDimensions: fc.constantFrom({}, { 'properties.tax': 1 }),
}).map((s) => ({ siteId: 1, url: 'https://m.example.com', ...s }));

/** The bare core of `s` fed whole events: all of the track's fields (its first shape). */
async function wholeEventsCore(s) {
  const core = await rawCore(s);
  const [, shape] = core.calls.find(([name]) => name === 'track');
  const fields = compileShape(shape);
  return (event) => JSON.parse(core.call('track', boundedJsonBytes(event, fields, EVENT_LIMITS).slice()));
}

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · property: tracks through the shim, lean where the core allows it, answer as whole events do`, async () => {
    await fc.assert(fc.asyncProperty(settings, fc.array(track, { minLength: 1, maxLength: 6 }), async (s, events) => {
      const translator = await api.createTranslator(s, { storage: null });
      const whole = await wholeEventsCore(s);
      for (const event of events) {
        assert.deepStrictEqual(structuredClone(translator.track(event)), asPushed(whole(event)), JSON.stringify(event));
      }
    }), fcOptions(300));
  });

  test(`${buildName} · one translator mixes lean and whole tracks, past the 256 names it remembers`, async () => {
    const s = { siteId: 1, url: 'https://m.example.com', actionDimensions: { 'properties.order_id': 3 } };
    const translator = await api.createTranslator(s, { storage: null });
    const whole = await wholeEventsCore(s);
    const order = { event: 'Order Completed', properties: { order_id: 'o-1', total: 30, tax: 2, products: [{ sku: 'S1', name: 'Hat', price: 14, quantity: 2 }] } };
    for (let i = 0; i < 300; i++) {
      const plain = { event: `Plain ${i}`, properties: { category: 'C', order_id: `o-${i}`, tax: 1 } };
      assert.deepStrictEqual(structuredClone(translator.track(plain)), asPushed(whole(plain)));
      if (i % 97 === 0) assert.deepStrictEqual(structuredClone(translator.track(order)), asPushed(whole(order)));
    }
    // the dimension path into order_id is read on a plain event too
    assert.deepStrictEqual(structuredClone(translator.track({ event: 'Clicked', properties: { order_id: 'o-9' } })),
      [['trackEvent', 'All', 'Clicked', undefined, undefined, { dimension3: 'o-9' }]]);
    assert.ok(structuredClone(translator.track(order)).some(([method]) => method === 'addEcommerceItem'));
  });

  test(`${buildName} · an event name is read once: a getter cannot pick the lean fields for an order`, async () => {
    const translator = await api.createTranslator({ siteId: 1, url: 'https://m.example.com' }, { storage: null });
    let reads = 0;
    const event = { properties: { order_id: 'O1', total: 5, products: [{ sku: 'S1', name: 'Hat', price: 5, quantity: 1 }] } };
    Object.defineProperty(event, 'event', { enumerable: true, get: () => (reads++ === 0 ? 'Clicked' : 'Order Completed') });
    assert.deepStrictEqual(structuredClone(translator.track(event)), [['trackEvent', 'All', 'Clicked']]);
    assert.equal(reads, 1);
  });
}
