// raw-core.mjs - the bare module of dist/ instantiated by hand, without the shim, so that a test
// or the benchmark can see its linear memory: rawCore(settings) gives { exports, memory,
// initial (its byte length before the settings), table (the call table as the core wrote it),
// calls (its [name, fields] rows, dimension paths included), call(name, json text
// or bytes) (the output text, or null), cart(): the remembered cart's export }.
import { readFileSync } from 'node:fs';
import { shapeWithPaths } from '../../js/bounded-json.js';
import { distPath } from '../load-dist.mjs';

export const coreModule = new WebAssembly.Module(readFileSync(distPath('matomo-destination.wasm')));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function rawCore(settings) {
  let memory;
  const { exports } = await WebAssembly.instantiate(coreModule, {
    env: {
      parse_number: (p, n) => Number(decoder.decode(new Uint8Array(memory.buffer, p, n))),
      format_number: (v, p) => encoder.encodeInto(String(v), new Uint8Array(memory.buffer, p, 32)).written,
      read_cart: () => {}, // no stored cart: the cart of these calls is carried with cart()/importCart()
    },
  });
  memory = exports.memory;
  const withInput = (input, use) => {
    const utf8 = typeof input === 'string' ? encoder.encode(input) : input;
    const pointer = exports.mdw_input(utf8.length);
    new Uint8Array(memory.buffer, pointer, utf8.length).set(utf8);
    const output = use(pointer, utf8.length);
    const result = output ? decoder.decode(new Uint8Array(memory.buffer, output, exports.mdw_output_length())) : null;
    exports.mdw_release();
    return result;
  };
  const initial = memory.buffer.byteLength;
  if (withInput(JSON.stringify(settings), (p, n) => exports.mdw_settings(p, n) && 0) !== null) throw new Error('the settings were refused');
  const table = JSON.parse(withInput('', () => exports.mdw_calls()));
  const calls = table.calls.map(([name, shape, dimensions]) => [name, shape && dimensions ? shapeWithPaths(shape, table.paths) : shape]);
  const index = Object.fromEntries(calls.map(([name], i) => [name, i]));
  const call = (name, input) => withInput(input, (p, n) => exports.mdw_translate(index[name], p, n));
  const cart = () => withInput('', () => exports.mdw_cart_export());
  const importCart = (text) => withInput(text, (p, n) => (exports.mdw_cart_import(p, n), 0));
  return { exports, memory, initial, table, calls, call, cart, importCart };
}

/** The mixed calls of the memory test and benchmark: pages, an identify, a goal with custom
 * variables, cart updates (added, removed, viewed), an order that empties the cart, a reset. */
export const MIXED_SETTINGS = { siteId: 3, url: 'https://m.example.com', goals: { 'Order Completed': 1 }, visitDimensions: { 'traits.plan': 1 }, actionDimensions: { 'properties.section': 2 } };
const product = (i) => ({ product_id: `p-${i}`, sku: `SKU-${i}`, name: `Product ${i}`, category: 'Shop', price: 9.99 + i, quantity: 1 + (i % 3) });
export const MIXED_CALLS = [
  ['page', JSON.stringify({ properties: { title: 'Home', url: 'https://x.example/a', section: 'Top' } })],
  ['identify', JSON.stringify({ userId: 'user-42', traits: { plan: 'Pro' } })],
  ['track', JSON.stringify({ event: 'Product Added', properties: product(1) })],
  ['track', JSON.stringify({ event: 'Product Added', properties: product(2) })],
  ['track', JSON.stringify({ event: 'Product Removed', properties: product(1) })],
  ['track', JSON.stringify({ event: 'Cart Viewed', properties: { products: [product(2), product(3)] } })],
  ['track', JSON.stringify({ event: 'Order Completed', properties: { order_id: 'o-1', revenue: '$19.90', total: 19.9, products: [product(2)] } })],
  ['track', JSON.stringify({ event: 'Signed Up', properties: { category: 'Shop', label: 'x', value: 0.1 },
    integrations: { Piwik: { customVars: { 1: ['Plan', 'Pro'], 2: ['Id', 7] }, customDimensions: { 3: 'x' } } } })],
  ['reset', ''],
  ['page', JSON.stringify({ properties: { title: 'Next', url: 'https://x.example/b' } })],
];
