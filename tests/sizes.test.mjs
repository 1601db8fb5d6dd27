// sizes.test.mjs - size budgets for every artifact in dist/, at the sizes reached plus under 1 %
// (gzip -9 as Node's zlib makes it; the build is deterministic), so that bytes never grow
// unnoticed. Raise a budget only on purpose, in the commit that needs it, with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { distPath } from './load-dist.mjs';

const budgets = {
  // Issue 13: +225 B gzip for numbers read and written exactly in the core, +160 B for the stored
  // cart read only when first used, +110 B for the asynchronous fallback where a browser refuses
  // to compile synchronously; the one-file builds embed the core as bytes (-36 B). Then: -620 B
  // for the help texts errors do not quote (MD_DOC_ONLY), +290 B for the lean track fields,
  // +40 B for the native base64 path, -120 B for the core's bytes at the end of the file.
  // Issue 19 (a shop's journeys right): +700 B gzip of wasm for the tracker's state in one place
  // (the product view's end, held page views and their dimensions, the stored new visit, one
  // amount reader, re-added items, the consent check of a join), about +630 B of shim (methods
  // kept in their place by state, custom data copied per tracker, page views held with one timer
  // and sent when the page is left, the new visit stored with its time and read only on a page
  // reached from the site, Do Not Track, Piwik routing).
  'matomo-destination.wasm': { raw: 31900, gzip: 15700 },
  'matomo-destination.mjs': { gzip: 23250 },
  'matomo-destination.cjs': { gzip: 23400 },
  'matomo-destination.js': { gzip: 23450 },
  'matomo-destination.loader.mjs': { gzip: 6060 },
  'matomo-destination.loader.cjs': { gzip: 6290 },
  'matomo-classic.mjs': { gzip: 23200 },
  'matomo-classic.cjs': { gzip: 23400 },
};

for (const [file, budget] of Object.entries(budgets)) {
  test(`${file} stays within its size budget`, () => {
    const bytes = readFileSync(distPath(file));
    const gzip = gzipSync(bytes, { level: 9 }).length;
    assert.ok(gzip <= budget.gzip, `${file}: ${gzip} B gzip > budget ${budget.gzip} B`);
    if (budget.raw) assert.ok(bytes.length <= budget.raw, `${file}: ${bytes.length} B raw > budget ${budget.raw} B`);
  });
}

test('the separate .wasm and its loader together are smaller than the one-file module', () => {
  const gzip = (file) => gzipSync(readFileSync(distPath(file)), { level: 9 }).length;
  assert.ok(gzip('matomo-destination.wasm') + gzip('matomo-destination.loader.mjs') < gzip('matomo-destination.mjs'));
});
