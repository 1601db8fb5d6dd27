// golden.test.mjs - every golden case (tests/golden/) through the JS API of both dist builds,
// i.e. against the wasm core. The native build runs the same files (tests/native/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenCases, asPushed } from './golden-cases.mjs';
import { loadBuilds } from './load-dist.mjs';

const builds = await loadBuilds();
const cases = goldenCases();

test('the golden files hold cases', () => {
  assert.ok(cases.length > 200, `only ${cases.length} cases`);
});

/** Runs one call (or pseudo-call) of a case or step on `translator`; returns what it gave. */
function run(translator, { call, event, event_json: eventJson }) {
  if (call === 'scriptUrl') return translator.scriptUrl;
  if (call === 'warnings') return translator.warnings.join('');
  const input = eventJson !== undefined ? JSON.parse(eventJson) : event;
  if (call === 'mapGoal') return translator.mapGoal(input);
  assert.equal(typeof translator[call], 'function', `no call "${call}"`);
  return asPushed(translator[call](input));
}

const expected = ({ call, expect }) => (call === 'scriptUrl' || call === 'mapGoal' || call === 'warnings' ? expect : asPushed(expect));

for (const [buildName, api] of Object.entries(builds)) {
  for (const c of cases) {
    test(`${buildName} · ${c.file} · ${c.name}`, async () => {
      if (c.error !== undefined) {
        await assert.rejects(api.createTranslator(c.settings), (error) => {
          assert.ok(error instanceof Error || error?.constructor?.name === 'Error', 'an Error');
          assert.match(error.message, /^Matomo destination: /);
          assert.ok(error.message.includes(c.error), `"${error.message}" lacks "${c.error}"`);
          return true;
        });
        return;
      }
      const translators = await Promise.all([0, 1, 2, 3].map(() => api.createTranslator(c.settings)));
      for (const [i, step] of (c.steps ?? [c]).entries()) {
        // structuredClone brings the classic script's arrays into this realm, undefined kept.
        assert.deepStrictEqual(structuredClone(run(translators[step.on ?? 0], step)), expected(step), `step ${i + 1}`);
      }
    });
  }
}
