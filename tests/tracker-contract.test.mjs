// tracker-contract.test.mjs - every `_paq` method the core can emit exists in Matomo's real
// tracker (../shared/matomo/matomo.js) and in the stand-in: an unknown method name kills tracking
// for the whole page. The core's methods are read from its sources (the command writer's calls),
// and every golden case's output is checked to use only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { goldenCases } from './golden-cases.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const realTracker = path.join(root, '../shared/matomo/matomo.js');

function sources(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(folder, entry.name)) : entry.name.endsWith('.c') ? [path.join(folder, entry.name)] : []);
}

/** The method names the core writes: md_begin(context, "x"), md_begin_hit(context, "x") and the
 * start-up helpers md_command*(context, "x"...). */
const coreMethods = new Set(sources(path.join(root, 'src')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/md_(?:begin|begin_hit|command|command_text|command_choice)\(context, "([A-Za-z]+)"/g)].map((match) => match[1])));
// The shim's own command: a queued setUserId after a user change runs as this.setUserId(...).
const shimMethods = ['setUserId'];

test('the core writes a known set of methods', () => {
  assert.ok(coreMethods.size >= 20, [...coreMethods].join(', '));
  for (const name of ['setTrackerUrl', 'trackPageView', 'trackEvent', 'appendToTrackingUrl', 'trackEcommerceOrder']) assert.ok(coreMethods.has(name), name);
});

test("every method in the golden cases' output is one the sources write", () => {
  const used = new Set();
  for (const c of goldenCases()) {
    for (const step of c.steps ?? [c]) if (Array.isArray(step.expect)) for (const command of step.expect) if (Array.isArray(command)) used.add(command[0]);
  }
  assert.ok(used.size >= 20);
  assert.deepStrictEqual([...used].filter((name) => !coreMethods.has(name)), []);
});

test("every method the core or the shim can emit is a method of Matomo's real tracker", () => {
  const real = new Set([...readFileSync(realTracker, 'utf8').matchAll(/this\.([A-Za-z]+)\s*=\s*function/g)].map((match) => match[1]));
  assert.ok(real.size > 100, `only ${real.size} methods read from ${realTracker}`);
  assert.deepStrictEqual([...coreMethods, ...shimMethods].filter((name) => !real.has(name)), []);
});

test('every method the core or the shim can emit is a method of the stand-in', () => {
  const standIn = readFileSync(path.join(root, 'web/matomo-standin.js'), 'utf8');
  assert.deepStrictEqual([...coreMethods, ...shimMethods].filter((name) => !new RegExp(`\\b${name}\\s*[:=]\\s*function`).test(standIn)), []);
});
