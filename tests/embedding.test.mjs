// embedding.test.mjs - the core inside the one-file builds (js/string-bytes.js): each
// build hands WebAssembly exactly the bytes of dist/matomo-destination.wasm, compiled
// synchronously as it loads; the classic script starts with a UTF-8 BOM and holds nothing an
// inlined <script> could not (NUL, CR, "</script", "<!--").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { distPath } from './load-dist.mjs';
import { byteLiteral, stringBytes } from '../js/string-bytes.js';

const wasm = readFileSync(distPath('matomo-destination.wasm'));

/** A WebAssembly whose synchronous Module records the bytes it was given. */
function recordingWebAssembly(seen) {
  return {
    ...WebAssembly,
    Module: class extends WebAssembly.Module {
      constructor(bytes) {
        seen.push(new Uint8Array(bytes.buffer ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : bytes));
        super(bytes);
      }
    },
  };
}

test('every byte value, NUL before a digit included, survives byteLiteral() and stringBytes()', () => {
  const bytes = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) bytes.set([i, 0, 0x30 + (i % 10)], i * 3);
  const literal = byteLiteral(bytes);
  assert.doesNotMatch(literal, /[\0\r\n<]/);
  assert.deepStrictEqual(stringBytes(new Function(`'use strict'; return ${literal};`)()), bytes);
});

test('stringBytes() takes the native path (btoa, then Uint8Array.fromBase64) where the engine has it', () => {
  const bytes = new Uint8Array(256 * 2);
  for (let i = 0; i < 512; i++) bytes[i] = (i * 7) & 255;
  const text = new Function(`'use strict'; return ${byteLiteral(bytes)};`)();
  const had = Object.getOwnPropertyDescriptor(Uint8Array, 'fromBase64');
  let used = 0;
  // Node 20 has no Uint8Array.fromBase64 (Chromium 140+ has): a stand-in that counts its uses.
  Uint8Array.fromBase64 = (base64) => (used++, new Uint8Array(Buffer.from(base64, 'base64')));
  try {
    assert.deepStrictEqual(stringBytes(text), bytes);
  } finally {
    if (had) Object.defineProperty(Uint8Array, 'fromBase64', had);
    else delete Uint8Array.fromBase64;
  }
  assert.equal(used, 1);
});

for (const file of ['matomo-destination.js', 'matomo-destination.cjs']) {
  test(`${file} compiles exactly the .wasm's bytes, synchronously, as it is evaluated`, () => {
    const seen = [];
    const context = vm.createContext({ TextEncoder, TextDecoder, console, WebAssembly: recordingWebAssembly(seen), module: { exports: {} }, require: () => ({}) });
    vm.runInContext(readFileSync(distPath(file), 'utf8'), context);
    assert.equal(seen.length, 1, 'compiled once, before the script returned');
    assert.deepStrictEqual(Buffer.from(seen[0]), wasm);
  });
}

test('matomo-destination.mjs compiles exactly the .wasm\'s bytes when imported', async () => {
  const seen = [];
  const original = globalThis.WebAssembly;
  globalThis.WebAssembly = recordingWebAssembly(seen);
  try {
    await import(`${pathToFileURL(distPath('matomo-destination.mjs'))}?embedding-test`);
  } finally {
    globalThis.WebAssembly = original;
  }
  assert.equal(seen.length, 1);
  assert.deepStrictEqual(Buffer.from(seen[0]), wasm);
});

test('the classic script starts with a UTF-8 BOM and can be inlined in a page', () => {
  const bytes = readFileSync(distPath('matomo-destination.js'));
  assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM: read as UTF-8 on a page in any encoding');
  const text = bytes.toString('utf8');
  assert.equal(text.indexOf('\0'), -1, 'no NUL (an HTML parser replaces it)');
  assert.equal(text.indexOf('\r'), -1, 'no CR (an HTML parser rewrites line ends)');
  assert.doesNotMatch(text, /<\/script|<!--/i);
});

test('where synchronous compiling is refused (Chromium before 114: over 4 KB), the core compiles and instantiates asynchronously', async () => {
  const context = vm.createContext({ TextEncoder, TextDecoder, console });
  const PageRangeError = vm.runInContext('RangeError', context); // the page's own, as a browser throws
  const refused = () => {
    throw new PageRangeError('WebAssembly.Module(): Buffer size exceeds limit for synchronous compilation');
  };
  const asynchronous = [];
  const webAssembly = {
    ...WebAssembly,
    Module: class extends WebAssembly.Module {
      constructor() {
        super(refused());
      }
    },
    Instance: class extends WebAssembly.Instance {
      constructor() {
        super(refused());
      }
    },
    compile: (bytes) => (asynchronous.push('compile'), WebAssembly.compile(bytes)),
    instantiate: (module, imports) => (asynchronous.push('instantiate'), WebAssembly.instantiate(module, imports)),
  };
  context.WebAssembly = webAssembly;
  vm.runInContext(readFileSync(distPath('matomo-destination.js'), 'utf8'), context);
  const translator = await context.MatomoDestination.createTranslator({ siteId: 1, url: 'https://m.example.com' }, { storage: null });
  assert.deepStrictEqual(asynchronous, ['compile', 'instantiate']);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(translator.track({ event: 'Signed Up' }))), [['trackEvent', 'All', 'Signed Up']]);
});
