// wasm-module.test.mjs - the bare module in dist/: what it imports and exports, its memory (one
// 64 KiB page at start, flat over a million calls, not grown by the largest input the shim lets
// through), and loading it separately through the `wasm` option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boundedJson, compileShape, EVENT_LIMITS } from '../js/bounded-json.js';
import { distPath, loadBuilds } from './load-dist.mjs';

const bytes = readFileSync(distPath('matomo-destination.wasm'));
const module = new WebAssembly.Module(bytes);
const encoder = new TextEncoder();

async function rawCore() {
  let memory;
  const decoder = new TextDecoder();
  const { exports } = await WebAssembly.instantiate(module, {
    env: {
      parse_number: (p, n) => Number(decoder.decode(new Uint8Array(memory.buffer, p, n))),
      format_number: (v, p) => encoder.encodeInto(String(v), new Uint8Array(memory.buffer, p, 32)).written,
    },
  });
  memory = exports.memory;
  const call = (fn, text) => {
    const utf8 = encoder.encode(text);
    const input = exports.mdw_input(utf8.length);
    new Uint8Array(memory.buffer, input, utf8.length).set(utf8);
    const output = fn(input, utf8.length);
    const result = output ? decoder.decode(new Uint8Array(memory.buffer, output, exports.mdw_output_length())) : null;
    exports.mdw_release();
    return result;
  };
  const load = (settings) => {
    const text = JSON.stringify(settings);
    const input = exports.mdw_input(text.length);
    encoder.encodeInto(text, new Uint8Array(memory.buffer, input, text.length));
    return exports.mdw_settings(input, text.length);
  };
  return { exports, memory, call, load };
}

test('the module imports only the two number hooks', () => {
  assert.deepStrictEqual(WebAssembly.Module.imports(module).map(({ module: m, name, kind }) => `${m}.${name}:${kind}`).sort(),
    ['env.format_number:function', 'env.parse_number:function']);
});

test('the module exports what src/exports.txt lists, and its memory', () => {
  const listed = readFileSync(new URL('../src/exports.txt', import.meta.url), 'utf8').trim().split('\n').map((name) => name.slice(1));
  const exported = WebAssembly.Module.exports(module).map(({ name }) => name);
  for (const name of [...listed, 'memory']) assert.ok(exported.includes(name), `${name} is not exported`);
});

test('linear memory starts at 64 KiB and stays flat over 10^6 mixed calls', async () => {
  const core = await rawCore();
  assert.equal(core.memory.buffer.byteLength, 65536);
  assert.equal(core.load({ siteId: 3, url: 'https://m.example.com', goals: { 'Order Completed': 1 } }), 1);
  const events = [
    [core.exports.mdw_page, JSON.stringify({ properties: { title: 'Home' } })],
    [core.exports.mdw_identify, JSON.stringify({ userId: 'user-42' })],
    [core.exports.mdw_track, JSON.stringify({ event: 'Order Completed', properties: { revenue: '$19.90', category: 'Shop', label: 'x', value: 0.1 },
      integrations: { Piwik: { customVars: { 1: ['Plan', 'Pro'], 2: ['Id', 7] } } } })],
  ];
  const expected = events.map(([fn, text]) => core.call(fn, text));
  assert.match(expected[2], /trackGoal/);
  for (let i = 0; i < 1_000_000; i++) {
    const [fn, text] = events[i % 3];
    const output = core.call(fn, text);
    if (output !== expected[i % 3]) assert.fail(`call ${i} gave ${output}`);
  }
  assert.equal(core.memory.buffer.byteLength, 65536);
});

test('the largest event the shim lets through does not grow memory', async () => {
  const core = await rawCore();
  assert.equal(core.load({ siteId: 1, url: 'https://m.example.com' }), 1);
  const fields = compileShape(JSON.parse(new TextDecoder().decode(new Uint8Array(core.memory.buffer, core.exports.mdw_event_fields(), 400)).split('\0')[0]));
  const worst = (character) => ({
    event: character.repeat(5000),
    properties: Object.fromEntries(['category', 'name', 'label', 'value', 'revenue', 'total'].map((k) => [k, character.repeat(5000)])),
    integrations: { Piwik: { customVars: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [character.repeat(5000) + i, [character.repeat(5000), character.repeat(5000)]])) } },
  });
  for (const character of ['a', '\u0001', '\u00e9', '\u{1F98A}']) {
    const text = boundedJson(worst(character), fields, EVENT_LIMITS);
    assert.ok(text.length < 2048 * 6 + 4096, `bounded text of ${text.length} chars`);
    assert.ok(core.call(core.exports.mdw_track, text).startsWith('[['));
  }
  assert.equal(core.memory.buffer.byteLength, 65536);
});

test('the separate .wasm loads through the `wasm` option, as bytes or as a Module', async () => {
  const { 'ES module': api } = await loadBuilds();
  for (const wasm of [bytes, module]) {
    const translator = await api.createTranslator({ siteId: 9, url: 'm.example.com' }, { wasm });
    assert.deepStrictEqual(translator.setup()[1], ['setSiteId', '9']);
    assert.deepStrictEqual(translator.page({}), [['trackPageView']]);
  }
});
