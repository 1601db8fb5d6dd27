// golden.test.mjs - every golden case (tests/golden/) through the JS API of both dist builds,
// i.e. against the wasm core. The native build runs the same files (tests/native/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenCases, asPushed } from './golden-cases.mjs';
import { loadBuilds } from './load-dist.mjs';

const builds = await loadBuilds();
const cases = goldenCases();

test('the golden files hold cases', () => {
  assert.ok(cases.length > 100, `only ${cases.length} cases`);
});

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
      const translator = await api.createTranslator(c.settings);
      let got;
      if (c.call === 'setup') got = translator.setup();
      else if (c.call === 'scriptUrl') got = translator.scriptUrl;
      else if (c.call === 'mapGoal') got = translator.mapGoal(c.event);
      else got = translator[c.call](c.event);
      const expected = c.call === 'scriptUrl' || c.call === 'mapGoal' ? c.expect : asPushed(c.expect);
      // structuredClone brings the classic script's arrays into this realm, undefined kept.
      assert.deepStrictEqual(structuredClone(got), expected);
    });
  }
}
