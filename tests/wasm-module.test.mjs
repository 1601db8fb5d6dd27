// wasm-module.test.mjs - the bare module in dist/: what it imports and exports, its memory (flat
// over a million calls, not grown by the largest input the shim lets through), numbers out of
// range, and loading it separately through the `wasm` option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boundedJsonBytes, compileShape, EVENT_LIMITS } from '../js/bounded-json.js';
import { distPath, loadBuilds } from './load-dist.mjs';
import { rawCore, coreModule, MIXED_SETTINGS, MIXED_CALLS } from './tools/raw-core.mjs';

const bytes = readFileSync(distPath('matomo-destination.wasm'));
const module = coreModule;
const decoder = new TextDecoder();
const INITIAL_MEMORY = 6 * 65536; // -sINITIAL_MEMORY in the Makefile

test('the module imports only the two number hooks and the stored cart\'s', () => {
  assert.deepStrictEqual(WebAssembly.Module.imports(module).map(({ module: m, name, kind }) => `${m}.${name}:${kind}`).sort(),
    ['env.format_number:function', 'env.parse_number:function', 'env.read_cart:function']);
});

test('the module exports what src/wasm/exports.txt lists, and its memory', () => {
  const listed = readFileSync(new URL('../src/wasm/exports.txt', import.meta.url), 'utf8').trim().split('\n').map((name) => name.slice(1));
  const exported = WebAssembly.Module.exports(module).map(({ name }) => name);
  for (const name of [...listed, 'memory']) assert.ok(exported.includes(name), `${name} is not exported`);
});

test('the call table lists every call with the fields it reads, dimension paths included', async () => {
  const core = await rawCore({ siteId: 1, url: 'https://m.example.com', visitDimensions: { 'traits.plan': 1 }, actionDimensions: { 'context.campaign.name': 2 } });
  const table = Object.fromEntries(core.calls);
  assert.deepStrictEqual(Object.keys(table), ['setup', 'page', 'identify', 'track', 'group', 'alias', 'reset', 'hold', 'flush']);
  for (const call of ['setup', 'reset', 'hold', 'flush']) assert.equal(table[call], null, call);
  assert.deepStrictEqual(table.identify, { userId: 1, traits: { plan: 1 }, context: { campaign: { name: 1 } } });
  assert.equal(table.page.context.page.url, 1);
  assert.deepStrictEqual(table.page.context.campaign, { name: 1 });
  assert.deepStrictEqual(table.alias, {});
  // What the host must know of the tracker, beside the calls.
  assert.deepStrictEqual(core.table.keepPlace, { setUserId: 1, resetUserId: 1, setConsentGiven: 2, forgetConsentGiven: 2, setCookieConsentGiven: 3, forgetCookieConsentGiven: 3 });
  assert.deepStrictEqual([core.table.productViewWait, core.table.trackers, core.table.doNotTrack], [500, 1, 0]);
  const other = await rawCore({ siteId: 1, url: 'https://m.example.com', productViewWait: 0, additionalSites: [{ siteId: 2 }], respectDoNotTrack: true });
  assert.deepStrictEqual([other.table.productViewWait, other.table.trackers, other.table.doNotTrack], [0, 2, 1]);
});

test('a track reads the e-commerce fields only for the e-commerce events, with ecommerce on; its lean fields are the rest', async () => {
  const ecommerceNames = ['Product Viewed', 'product_viewed', 'Product List Viewed', 'Product List Filtered', 'Product Added', 'product removed',
    'Cart Viewed', 'Checkout Started', 'Order Completed', 'ORDER-COMPLETED', 'Products Searched'];
  const plainNames = ['Signed Up', 'Completed Order', 'Product Clicked', 'Order Refunded', 'Viewed Product', '', 'Ωmega'];
  const readsAll = (core, name) => {
    const bytes = new TextEncoder().encode(name);
    const at = core.exports.mdw_input(bytes.length);
    new Uint8Array(core.memory.buffer, at, bytes.length).set(bytes);
    const all = core.exports.mdw_reads_all_fields(core.calls.findIndex(([call]) => call === 'track'), at, bytes.length);
    core.exports.mdw_release();
    return all;
  };
  const on = await rawCore({ siteId: 1, url: 'https://m.example.com' });
  const off = await rawCore({ siteId: 1, url: 'https://m.example.com', ecommerce: false });
  for (const name of ecommerceNames) assert.equal(readsAll(on, name), 1, name);
  for (const name of [...ecommerceNames, ...plainNames]) assert.equal(readsAll(off, name), 0, name);
  for (const name of plainNames) assert.equal(readsAll(on, name), 0, name);
  for (const [call, fields, , lean] of on.table.calls) {
    if (call !== 'track') {
      assert.equal(lean, null, call);
      continue;
    }
    assert.deepStrictEqual(lean, { ...fields, properties: { category: 1, name: 1, label: 1, value: 1, revenue: 1, total: 1 } });
    for (const key of Object.keys(lean.properties)) assert.equal(fields.properties[key], 1, key);
    assert.equal(fields.properties.products, 1);
  }
});

test('a JSON number out of range never reaches the output', async () => {
  const core = await rawCore({ siteId: 1, url: 'https://m.example.com' });
  assert.equal(core.call('track', '{"event":"Buy","properties":{"value":1e999,"category":1e999}}'), '[["trackEvent","All","Buy"]]');
  assert.equal(core.call('identify', '{"userId":-1e999}'), '[]');
});

test('bytes that are not UTF-8 are mended in events and refused in settings (found by fuzzing)', async () => {
  const core = await rawCore({ siteId: 1, url: 'https://m.example.com' });
  const event = Uint8Array.from([...Buffer.from('{"event":"B'), 0x94, ...Buffer.from('y"}')]);
  assert.equal(core.call('track', event), '[["trackEvent","All","B\ufffdy"]]');
  const settings = Uint8Array.from([...Buffer.from('{"siteId":1,"url":"https://m.example.com","requireConsent":"track'), 0x94, ...Buffer.from('ng"}')]);
  const { exports } = await WebAssembly.instantiate(module, { env: { parse_number: Number, format_number: () => 0, read_cart: () => {} } });
  const pointer = exports.mdw_input(settings.length);
  new Uint8Array(exports.memory.buffer, pointer, settings.length).set(settings);
  assert.equal(exports.mdw_settings(pointer, settings.length), 0);
  const error = new Uint8Array(exports.memory.buffer, exports.mdw_error());
  assert.match(decoder.decode(error.subarray(0, error.indexOf(0))), /^Matomo destination: settings must be UTF-8 text/);
});

/** The start addresses of the module's active data segments (the data section, id 11). */
function dataSegmentStarts(wasm) {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 127) * 2 ** shift;
      if (byte < 128) return value;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 11) {
      const starts = [];
      for (let count = leb(); count > 0; count--) {
        assert.equal(leb(), 0, 'an active segment of memory 0');
        assert.equal(wasm[at++], 0x41, 'i32.const');
        starts.push(leb()); // small offsets: the sign bit never set here
        assert.equal(wasm[at++], 0x0b, 'end');
        const length = leb(); // (not `at += leb()`: that adds to the old `at`)
        at += length;
      }
      return starts;
    }
    at = end;
  }
  return [];
}

test('the stack lies below the data, so an overflow traps instead of overwriting it', async () => {
  const { exports } = await WebAssembly.instantiate(module, { env: { parse_number: Number, format_number: () => 0, read_cart: () => {} } });
  const stackTop = exports.stackSave();
  const starts = dataSegmentStarts(bytes);
  assert.ok(starts.length > 0);
  assert.ok(stackTop <= 8192 && Math.min(...starts) >= stackTop, `stack top ${stackTop}, data from ${Math.min(...starts)}`);
  // Leave the core 32 bytes of stack: its first frames run past address 0 and trap.
  const core = await rawCore({ siteId: 1, url: 'https://m.example.com' });
  const before = new Uint8Array(core.memory.buffer.slice(stackTop, stackTop + 65536));
  const saved = core.exports.stackSave();
  core.exports.stackRestore(32);
  assert.throws(() => core.call('track', '{"event":"Deep","properties":{"a":{"b":{"c":[1,2,3]}}}}'), (error) => error instanceof WebAssembly.RuntimeError && /out of bounds/.test(error.message));
  core.exports.stackRestore(saved);
  assert.deepStrictEqual(new Uint8Array(core.memory.buffer.slice(stackTop, stackTop + 65536)).subarray(0, 4096), before.subarray(0, 4096), 'the data below the heap is untouched');
});

test(`linear memory starts at ${INITIAL_MEMORY / 1024} KiB and stays flat over 10^6 mixed calls, cart updates among them`, async () => {
  const core = await rawCore(MIXED_SETTINGS);
  assert.equal(core.initial, INITIAL_MEMORY);
  const first = MIXED_CALLS.map(([name, text]) => core.call(name, text));
  const named = (event) => first[MIXED_CALLS.findIndex(([, text]) => text.includes(`"${event}"`))];
  assert.match(named('Product Removed'), /trackEcommerceCartUpdate/);
  assert.match(named('Order Completed'), /trackEcommerceOrder/);
  assert.match(named('Signed Up'), /setCustomVariable/);
  assert.match(first[MIXED_CALLS.findIndex(([name]) => name === 'reset')], /deleteCustomDimension/);
  assert.match(first.at(-1), /new_visit=1.*setReferrerUrl|setReferrerUrl.*new_visit=1/);
  let stored = null;
  for (let i = 0; i < 1_000_000; i++) {
    const [name, text] = MIXED_CALLS[i % MIXED_CALLS.length];
    const output = core.call(name, text);
    if (!output || !output.startsWith('[')) assert.fail(`call ${i} gave ${output}`);
    // The cart goes out and comes back in as the shim's storage would carry it.
    if (i % 1000 === 3) stored = core.cart();
    if (i % 1000 === 500 && stored) core.importCart(stored);
  }
  assert.match(stored, /SKU-2/);
  // The state is bounded too: the same calls give the same output as on their second round.
  assert.deepStrictEqual(MIXED_CALLS.map(([name, text]) => core.call(name, text)).slice(1), first.slice(1));
  assert.equal(core.memory.buffer.byteLength, INITIAL_MEMORY);
});

/** An event that fills every field of `shape` with the longest values, escapes of `character`. */
function worstEvent(shape, character) {
  return Object.fromEntries(Object.entries(shape).map(([key, nested]) => [key, nested !== 1 ? worstEvent(nested, character)
    : ['customVars', 'cvar', 'customDimensions'].includes(key)
      ? Object.fromEntries(Array.from({ length: 200 }, (_, i) => [String(i), [character.repeat(5000), character.repeat(5000)]]))
      : character.repeat(5000)]));
}

test('the largest event the shim lets through, for every call, does not grow memory', async () => {
  const dimensions = (prefix, from) => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${prefix}${i}`, from + i]));
  const core = await rawCore({ siteId: 1, url: 'https://m.example.com', goals: { [`x`.repeat(10)]: 1 },
    visitDimensions: dimensions('traits.p', 1), actionDimensions: dimensions('properties.a', 21) });
  let largest = 0;
  for (const character of ['a', '\u0001', '"', '\u00e9', '\u{1F98A}']) {
    for (const [name, shape] of core.calls) {
      if (!shape) continue;
      const input = boundedJsonBytes(worstEvent(shape, character), compileShape(shape), EVENT_LIMITS);
      largest = Math.max(largest, input.length);
      assert.ok(core.call(name, input).startsWith('['), `${name} answered`);
    }
  }
  assert.ok(largest > EVENT_LIMITS.bytes * 0.8, `the largest input was only ${largest} B`);
  assert.equal(core.memory.buffer.byteLength, INITIAL_MEMORY);
});

test('the separate .wasm loads through the `wasm` option, as bytes or as a Module', async () => {
  const { 'ES module': api } = await loadBuilds();
  for (const wasm of [bytes, module]) {
    const translator = await api.createTranslator({ siteId: 9, url: 'm.example.com' }, { wasm });
    assert.deepStrictEqual(translator.setup()[1], ['setSiteId', '9']);
    assert.deepStrictEqual(translator.page({}), [['trackPageView']]);
  }
});
