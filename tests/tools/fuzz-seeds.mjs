// fuzz-seeds.mjs - writes the fuzz targets' seed inputs from the golden cases (tests/golden/):
// node tests/tools/fuzz-seeds.mjs OUT_FOLDER. OUT/settings/ gets each case's settings JSON,
// OUT/calls/ each case (or sequence of steps) in the input format of tests/fuzz/fuzz_calls.c:
// settings, then per call a 0x00, one byte naming the call (its index in the call table,
// src/calls/md_calls.c) and the event JSON.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { goldenCases } from '../golden-cases.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node tests/tools/fuzz-seeds.mjs OUT_FOLDER');
const callTable = readFileSync(new URL('../../src/calls/md_calls.c', import.meta.url), 'utf8');
const calls = [...callTable.matchAll(/^\s*\{"([a-z]+)", md_call_/gm)].map((match) => match[1]);
if (calls.length < 7) throw new Error(`the call table has ${calls.length} rows: src/calls/md_calls.c changed shape`);

const write = (folder, bytes) => {
  const name = createHash('sha1').update(bytes).digest('hex');
  writeFileSync(path.join(out, folder, name), bytes);
};
for (const folder of ['settings', 'calls']) {
  rmSync(path.join(out, folder), { recursive: true, force: true });
  mkdirSync(path.join(out, folder), { recursive: true });
}
let count = 0;
for (const test of goldenCases()) {
  const settings = Buffer.from(JSON.stringify(test.settings ?? {}));
  write('settings', settings);
  const parts = [settings];
  for (const step of test.steps ?? [test]) {
    const index = calls.indexOf(step.call);
    if (index < 0) continue; // the pseudo-calls (scriptUrl, mapGoal, warnings)
    const event = step.event_json ?? (step.event === undefined ? '' : JSON.stringify(step.event));
    parts.push(Buffer.from([0, index]), Buffer.from(event));
  }
  write('calls', Buffer.concat(parts));
  count++;
}
console.log(`fuzz seeds: ${count} golden cases into ${out}`);
