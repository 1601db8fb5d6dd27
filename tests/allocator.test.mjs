// allocator.test.mjs - the wasm core's bump allocator (src/wasm/md_wasm_alloc.c), built alone into
// build/alloc-probe.wasm with at most two pages of memory: a request that cannot be met returns
// NULL and leaves every block as it was; the most recent block grows in place; a floor keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const module = new WebAssembly.Module(readFileSync(new URL('../build/alloc-probe.wasm', import.meta.url)));

async function probe() {
  const { exports } = await WebAssembly.instantiate(module, {});
  const bytes = () => new Uint8Array(exports.memory.buffer);
  const fill = (block, length, seed) => bytes().set(Array.from({ length }, (_, i) => (seed + i) & 255), block);
  const holds = (block, length, seed) => bytes().slice(block, block + length).every((value, i) => value === ((seed + i) & 255));
  return { ...exports, fill, holds };
}

test('a realloc that cannot grow the most recent block returns NULL and keeps the block, allocated and whole', async () => {
  const a = await probe();
  const block = a.probe_malloc(100);
  a.fill(block, 100, 7);
  assert.equal(a.probe_realloc(block, 1 << 20), 0, 'more than the memory can grow to');
  assert.ok(a.holds(block, 100, 7), 'the contents are kept');
  const next = a.probe_malloc(16);
  assert.ok(next >= block + 100, `the block is still allocated (the next one is at ${next}, the block at ${block})`);
  assert.ok(a.holds(block, 100, 7));
});

test('a malloc that cannot be met returns NULL and changes nothing', async () => {
  const a = await probe();
  const first = a.probe_malloc(32);
  assert.equal(a.probe_malloc(1 << 20), 0);
  const second = a.probe_malloc(32);
  assert.equal(second, first + 40, 'the next block follows the first, as if nothing had been asked');
});

test('the most recent block grows in place, across a new page, with its contents', async () => {
  const a = await probe();
  const block = a.probe_malloc(100);
  a.fill(block, 100, 3);
  const pages = a.memory.buffer.byteLength;
  assert.equal(a.probe_realloc(block, 70000), block);
  assert.ok(a.memory.buffer.byteLength > pages, 'memory grew');
  assert.ok(a.holds(block, 100, 3));
});

test('an older block moves when it grows, with its contents; free takes back only the most recent block', async () => {
  const a = await probe();
  const older = a.probe_malloc(50);
  a.fill(older, 50, 11);
  const newer = a.probe_malloc(50);
  const moved = a.probe_realloc(older, 80);
  assert.ok(moved > newer);
  assert.ok(a.holds(moved, 50, 11));
  a.probe_free(moved);
  assert.equal(a.probe_malloc(8), moved, 'the most recent block was taken back');
  a.probe_free(older); // not the most recent: nothing happens
  assert.ok(a.probe_malloc(8) > moved);
});

test('release goes back to the floor that keep set, never below it', async () => {
  const a = await probe();
  const kept = a.probe_malloc(24);
  a.probe_keep();
  const call = a.probe_malloc(24);
  a.probe_release();
  assert.equal(a.probe_malloc(24), call);
  a.probe_release();
  a.probe_free(kept); // below the floor: never taken back
  assert.equal(a.probe_malloc(24), call);
});
