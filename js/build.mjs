// build.mjs - bundles js/ into dist/ with the compressed core inside, and prints every
// artifact's size. Run by `make` after the wasm is built.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

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
  logLevel: 'warning',
};
await build({ ...common, format: 'esm', outfile: 'dist/matomo-destination.mjs' });
await build({ ...common, format: 'iife', globalName: 'MatomoDestination', outfile: 'dist/matomo-destination.js' });
// The loader-only module: the same code, the core fetched from matomo-destination.wasm beside it.
await build({ ...common, entryPoints: ['js/loader.js'], format: 'esm', outfile: 'dist/matomo-destination.loader.mjs' });
// The classic integration: its own entry, with its peer dependency left to the host's bundler.
await build({ ...common, entryPoints: ['js/classic.js'], format: 'esm', outfile: 'dist/matomo-classic.mjs', external: ['@segment/analytics.js-integration'] });

const sizes = {};
for (const file of ['matomo-destination.wasm', 'matomo-destination.mjs', 'matomo-destination.js', 'matomo-destination.loader.mjs', 'matomo-classic.mjs']) {
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
