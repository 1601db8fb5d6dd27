// tracker-contract.test.mjs - every `_paq` method the core can emit exists in Matomo's real
// tracker (../shared/matomo/matomo.js) and in the stand-in: an unknown method name kills tracking
// for the whole page. The core's methods are read from its sources (the command writer's calls),
// and every golden case's output is checked to use only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { goldenCases } from './golden-cases.mjs';
import { createTranslator } from '../dist/matomo-destination.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const realTracker = path.join(root, '../shared/matomo/matomo.js');
// Checks against Matomo's real tracker need its file; a clone without ../shared/ says so.
const needsReal = existsSync(realTracker) ? {} : { skip: `needs Matomo's real tracker at ${realTracker}, which is not here: not run` };
const realSource = () => readFileSync(realTracker, 'utf8');

function sources(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(folder, entry.name)) : entry.name.endsWith('.c') ? [path.join(folder, entry.name)] : []);
}

/** The method names the core writes: md_begin(context, "x"), md_begin_hit(context, "x") and the
 * start-up helpers md_command*(context, "x"...); those written by a call (not the start-up). */
const methodsOf = (files) => new Set(files.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/md_(?:begin|begin_hit|command|command_text|command_choice)\(context, "([A-Za-z]+)"/g)].map((match) => match[1])));
const coreFiles = sources(path.join(root, 'src'));
const coreMethods = methodsOf(coreFiles);
const callMethods = methodsOf(coreFiles.filter((file) => !file.endsWith('md_setup.c')));

/** A list of method names in `source` as `var NAME = ["addTracker", ...]` (minified) or
 * `var APPLY_FIRST = [...]` spells it: the first array literal that starts with "addTracker". */
function applyFirstOf(source) {
  const match = source.match(/\[\s*(["'])addTracker\1[^\]]*\]/);
  assert.ok(match, 'an applyFirst list starting with addTracker');
  return JSON.parse(match[0].replace(/'/g, '"'));
}
// The shim writes no method of its own (a function command runs one the core wrote).
const shimMethods = [];

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

test("every method the core or the shim can emit is a method of Matomo's real tracker", needsReal, () => {
  const real = new Set([...realSource().matchAll(/this\.([A-Za-z]+)\s*=\s*function/g)].map((match) => match[1]));
  assert.ok(real.size > 100, `only ${real.size} methods read from ${realTracker}`);
  assert.deepStrictEqual([...coreMethods, ...shimMethods].filter((name) => !real.has(name)), []);
});

test('every method the core or the shim can emit is a method of the stand-in', () => {
  const standIn = readFileSync(path.join(root, 'web/matomo-standin.js'), 'utf8');
  assert.deepStrictEqual([...coreMethods, ...shimMethods].filter((name) => !new RegExp(`\\b${name}\\s*[:=]\\s*function`).test(standIn)), []);
});

test("the methods a call may write that the real tracker applies first are the core's keepPlace list", needsReal, async () => {
  const applyFirst = applyFirstOf(realSource());
  assert.equal(applyFirst.length, 32, applyFirst.join(', '));
  const { keepPlace } = await createTranslator({ siteId: 1, url: 'https://matomo.example.com' });
  assert.ok(callMethods.has('setUserId') && callMethods.has('forgetCookieConsentGiven'), [...callMethods].join(', '));
  assert.deepStrictEqual(Object.keys(keepPlace).filter((name) => applyFirst.includes(name)).sort(), [...callMethods].filter((name) => applyFirst.includes(name)).sort());
});

test("the stand-in applies first the real tracker's methods, in its order", needsReal, () => {
  assert.deepStrictEqual(applyFirstOf(readFileSync(path.join(root, 'web/matomo-standin.js'), 'utf8')), applyFirstOf(realSource()));
});

test("the core's keepPlace list names methods a call writes, the stand-in's applyFirst ones among them", async () => {
  const standIn = applyFirstOf(readFileSync(path.join(root, 'web/matomo-standin.js'), 'utf8'));
  const { keepPlace } = await createTranslator({ siteId: 1, url: 'https://matomo.example.com' });
  assert.deepStrictEqual(Object.keys(keepPlace).filter((name) => !callMethods.has(name)), [], 'methods a call writes');
  assert.deepStrictEqual(Object.keys(keepPlace).filter((name) => standIn.includes(name)).sort(), ['forgetCookieConsentGiven', 'setConsentGiven', 'setCookieConsentGiven', 'setUserId']);
});
