// build.mjs - bundles js/ into dist/ with the core inside, and prints every
// artifact's size. Run by `make` after the wasm is built.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { writeTypes } from './types.mjs';
import { byteLiteral } from './string-bytes.js';

const wasm = readFileSync('dist/matomo-destination.wasm');

// The core inside the one-file builds (js/embedded.js): a JS string of one character per byte
// (js/string-bytes.js), so the file's own gzip compresses the wasm about as well as it compresses
// the .wasm alone, and the page turns it back into bytes natively and compiles it synchronously,
// with nothing to inflate. The file is UTF-8; the classic script starts with a BOM, so that a
// page in another encoding still reads it so.
const wasmLiteral = byteLiteral(wasm);
// esbuild would escape the characters itself; a marker keeps its place and is replaced after.
const WASM_MARKER = '__matomo_wasm_bytes__';
function embedWasm(file, bom) {
  const text = readFileSync(file, 'utf8');
  const at = text.search(/(["'`])__matomo_wasm_bytes__\1/);
  if (at < 0 || text.indexOf(WASM_MARKER, at + WASM_MARKER.length + 2) >= 0) throw new Error(`${file}: the wasm marker is not there once`);
  writeFileSync(file, (bom ? '\ufeff' : '') + text.slice(0, at) + wasmLiteral + text.slice(at + WASM_MARKER.length + 2));
}

const common = {
  entryPoints: ['js/index.js'],
  bundle: true,
  minify: true,
  target: ['es2022'],
  define: { __MATOMO_WASM_BYTES__: JSON.stringify(WASM_MARKER) },
  legalComments: 'none',
  // package.json says "sideEffects": false for the published files; our sources (which are not
  // published) do register the core by importing embedded.js.
  ignoreAnnotations: true,
  logLevel: 'warning',
};
// V8's explicit compile hint (Chromium 136): every function of the file is compiled with the
// script (on the streaming thread where it can) instead of lazily on its first call; a page calls
// nearly all of the shim's functions while it loads. Until a translator answered a track, medians
// of 61 fresh pages, runs interleaved: 7.3 ms from the script's first line without the hint, 5.9
// with it; 9.3 and 7.1 ms above an empty script (fetching and parsing included).
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
// Where the loader finds the .wasm: beside its own file. The ES module knows it as
// import.meta.url; the CommonJS build from __filename (Node) or its script tag.
const esm = { format: 'esm', banner: { js: COMPILE_HINT }, define: { ...common.define, __LOADER_BASE__: 'import.meta.url' } };
const cjs = {
  format: 'cjs',
  define: { ...common.define, __LOADER_BASE__: '__loaderBase' },
  banner: { js: COMPILE_HINT + '\nvar __loaderBase=typeof __filename==="string"?"file://"+__filename:typeof document==="object"&&document.currentScript&&document.currentScript.src||"";' },
};
await build({ ...common, ...esm, outfile: 'dist/matomo-destination.mjs' });
await build({ ...common, ...cjs, banner: {}, outfile: 'dist/matomo-destination.cjs' });
await build({ ...common, ...esm, format: 'iife', globalName: 'MatomoDestination', outfile: 'dist/matomo-destination.js' });
for (const [options, ext] of [[esm, 'mjs'], [cjs, 'cjs']]) {
  // The loader-only module: the same code, the core fetched from matomo-destination.wasm beside it.
  await build({ ...common, ...options, entryPoints: ['js/loader.js'], outfile: `dist/matomo-destination.loader.${ext}` });
  // The classic integration: its own entry, with its peer dependency left to the host's bundler.
  await build({ ...common, ...options, banner: options === esm ? esm.banner : {}, entryPoints: ['js/classic.js'], outfile: `dist/matomo-classic.${ext}`, external: ['@segment/analytics.js-integration'] });
}
for (const file of ['matomo-destination.mjs', 'matomo-destination.cjs', 'matomo-classic.mjs', 'matomo-classic.cjs']) embedWasm(`dist/${file}`, false);
embedWasm('dist/matomo-destination.js', true);
// The TypeScript declarations, from the core's settings table (build/settings-schema.json).
writeTypes('dist');

const sizes = {};
for (const file of ['matomo-destination.wasm', 'matomo-destination.mjs', 'matomo-destination.cjs', 'matomo-destination.js', 'matomo-destination.loader.mjs', 'matomo-classic.mjs']) {
  const bytes = readFileSync(`dist/${file}`);
  sizes[file] = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
writeFileSync('dist/sizes.json', JSON.stringify(sizes, null, 2) + '\n');
console.log('artifact                      raw    gzip  brotli');
for (const [file, size] of Object.entries(sizes)) {
  console.log(`${file.padEnd(26)}${String(size.raw).padStart(7)}${String(size.gzip).padStart(8)}${String(size.brotli).padStart(8)}`);
}
