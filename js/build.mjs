// build.mjs - bundles js/ into dist/ with the compressed core inside, and prints every
// artifact's size. Run by `make` after the wasm is built.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { writeTypes } from './types.mjs';

const wasm = readFileSync('dist/matomo-destination.wasm');
// Level 9, and no file name or time in the header, so the output is the same on every build.
const wasmGzipBase64 = gzipSync(wasm, { level: 9 }).toString('base64');

const common = {
  entryPoints: ['js/index.js'],
  bundle: true,
  minify: true,
  target: ['es2022'],
  define: { __MATOMO_WASM_GZIP_BASE64__: JSON.stringify(wasmGzipBase64) },
  legalComments: 'none',
  // package.json says "sideEffects": false for the published files; our sources (which are not
  // published) do register the core by importing embedded.js.
  ignoreAnnotations: true,
  logLevel: 'warning',
};
// Where the loader finds the .wasm: beside its own file. The ES module knows it as
// import.meta.url; the CommonJS build from __filename (Node) or its script tag.
const esm = { format: 'esm', define: { ...common.define, __LOADER_BASE__: 'import.meta.url' } };
const cjs = {
  format: 'cjs',
  define: { ...common.define, __LOADER_BASE__: '__loaderBase' },
  banner: { js: 'var __loaderBase=typeof __filename==="string"?"file://"+__filename:typeof document==="object"&&document.currentScript&&document.currentScript.src||"";' },
};
await build({ ...common, ...esm, outfile: 'dist/matomo-destination.mjs' });
await build({ ...common, ...cjs, banner: {}, outfile: 'dist/matomo-destination.cjs' });
await build({ ...common, ...esm, format: 'iife', globalName: 'MatomoDestination', outfile: 'dist/matomo-destination.js' });
for (const [options, ext] of [[esm, 'mjs'], [cjs, 'cjs']]) {
  // The loader-only module: the same code, the core fetched from matomo-destination.wasm beside it.
  await build({ ...common, ...options, entryPoints: ['js/loader.js'], outfile: `dist/matomo-destination.loader.${ext}` });
  // The classic integration: its own entry, with its peer dependency left to the host's bundler.
  await build({ ...common, ...options, banner: {}, entryPoints: ['js/classic.js'], outfile: `dist/matomo-classic.${ext}`, external: ['@segment/analytics.js-integration'] });
}
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
