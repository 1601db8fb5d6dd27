// property.test.mjs - property-based tests (fast-check) of the public API against hostile input,
// beside the fixed cases of hostile-input.test.mjs: generated events, settings and Analytics Next
// contexts, for both dist builds. Whatever a page hands us: nothing throws; every command is an
// array naming a method the core writes, its numbers finite and its text well-formed; a hostile
// call leaves later calls as a fresh translator makes them; createTranslator resolves, or rejects
// with one readable "Matomo destination:" message; no built-in object is ever changed.
//
// Generators produce recipes (plain data, tagged arrays) that build() turns into the hostile value
// (Proxies, throwing getters, cycles...), so a counterexample prints as readable data and shrinks.
// FC_SEED=<n> replays a seed that fast-check printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadBuilds } from './load-dist.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));

function cSources(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? cSources(path.join(folder, entry.name)) : entry.name.endsWith('.c') ? [path.join(folder, entry.name)] : []);
}

/** The method names the core writes, read from its sources as tests/tracker-contract.test.mjs does. */
const coreMethods = new Set(cSources(path.join(root, 'src')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/md_(?:begin|begin_hit|command|command_text|command_choice)\(context, "([A-Za-z]+)"/g)].map((match) => match[1])));
/** Every setting name, from the core's settings table. */
const settingNames = [...readFileSync(path.join(root, 'src/settings/md_settings.c'), 'utf8').matchAll(/\{"([A-Za-z]+)", MD_KIND_/g)].map((match) => match[1]);

const fcOptions = (numRuns) => ({ numRuns, includeErrorInReport: true, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

const builds = await loadBuilds();

// ---------------------------------------------------------------------------------------------
// Built-ins: snapshots taken before any test runs, compared after every run.

const unhandledRejections = [];
process.on('unhandledRejection', (reason) => unhandledRejections.push(reason));

function snapshot(target) {
  return {
    prototype: Object.getPrototypeOf(target),
    extensible: Object.isExtensible(target),
    properties: new Map(Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)])),
  };
}

const sameDescriptor = (a, b) =>
  ['value', 'get', 'set', 'writable', 'enumerable', 'configurable'].every((field) => Object.is(a[field], b[field]));

/** The objects a prototype-pollution bug writes to, in one realm: the three prototypes, their
 * constructors, and the functions on all six (Object.keys, Object.prototype.toString...). */
function guardsOf(realm, objectPrototype, arrayPrototype, functionPrototype) {
  const targets = new Map([[objectPrototype, 'Object.prototype'], [arrayPrototype, 'Array.prototype'], [functionPrototype, 'Function.prototype']]);
  for (const [prototype, name] of [...targets]) targets.set(prototype.constructor, name.replace('.prototype', ''));
  for (const [holder, name] of [...targets]) {
    for (const key of Reflect.ownKeys(holder)) {
      const { value } = Object.getOwnPropertyDescriptor(holder, key);
      if (typeof value === 'function' && !targets.has(value)) targets.set(value, `${name}.${String(key)}`);
    }
  }
  return [...targets].map(([target, name]) => ({ target, name: `${realm} ${name}`, before: snapshot(target) }));
}

const guards = [];
for (const [buildName, api] of Object.entries(builds)) {
  const probe = await api.createTranslator({ siteId: 1, url: 'https://matomo.example.com' }, { storage: null });
  const realmGuards = guardsOf(buildName, Object.getPrototypeOf(probe), Object.getPrototypeOf(probe.setup()), Object.getPrototypeOf(probe.track));
  for (const guard of realmGuards) if (!guards.some((known) => known.target === guard.target)) guards.push(guard);
}

function builtinChanges() {
  const changes = [];
  for (const { target, name, before } of guards) {
    const now = snapshot(target);
    if (now.prototype !== before.prototype) changes.push(`${name}: prototype replaced`);
    if (now.extensible !== before.extensible) changes.push(`${name}: extensibility changed`);
    for (const [key, descriptor] of now.properties) {
      const old = before.properties.get(key);
      if (!old) changes.push(`${name}.${String(key)} added`);
      else if (!sameDescriptor(old, descriptor)) changes.push(`${name}.${String(key)} changed`);
    }
    for (const key of before.properties.keys()) if (!now.properties.has(key)) changes.push(`${name}.${String(key)} deleted`);
  }
  return changes;
}

/** Puts every guarded object back as it was, so the next run (and shrinking) starts clean. */
function restoreBuiltins() {
  for (const { target, before } of guards) {
    for (const key of Reflect.ownKeys(target)) {
      const old = before.properties.get(key);
      try {
        if (!old) delete target[key];
        else if (!sameDescriptor(old, Object.getOwnPropertyDescriptor(target, key))) Object.defineProperty(target, key, old);
      } catch {}
    }
    for (const [key, old] of before.properties) if (!Object.prototype.hasOwnProperty.call(target, key)) try { Object.defineProperty(target, key, old); } catch {}
    try { if (Object.getPrototypeOf(target) !== before.prototype) Object.setPrototypeOf(target, before.prototype); } catch {}
  }
}

const pollutionSeen = []; // every change found (and undone), for the final test

/** Contract: no run changes a built-in; `({}).polluted` and the like stay undefined. */
function assertBuiltinsUntouched() {
  const changes = builtinChanges();
  const probes = [({}).polluted, [].polluted, (() => {}).polluted, ({}).event, ({}).properties, ({}).customVars];
  if (changes.length || probes.some((value) => value !== undefined)) {
    pollutionSeen.push(...changes);
    restoreBuiltins();
    assert.fail(`built-ins changed: ${changes.join('; ') || 'a probe property appeared on every object'}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks of outputs.

const isWellFormed = (text) => text.isWellFormed();

/** Contract of an argument: JSON-like data, numbers finite, text (keys too) without lone surrogates. */
function checkArgument(value, where, depth = 0) {
  assert.ok(depth < 20, `${where}: nested too deep`);
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return;
    case 'number':
      assert.ok(Number.isFinite(value), `${where}: a number that is not finite: ${value}`);
      return;
    case 'string':
      assert.ok(isWellFormed(value), `${where}: a string with a lone surrogate: ${JSON.stringify(value.slice(0, 200))}`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => checkArgument(item, `${where}[${i}]`, depth + 1));
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        assert.ok(isWellFormed(key), `${where}: a key with a lone surrogate`);
        checkArgument(item, `${where}.${key}`, depth + 1);
      }
      return;
    default:
      assert.fail(`${where}: an argument of type ${typeof value}`);
  }
}

/** Contract of a translator's result: an array of commands, each [known method, ...arguments]. */
function assertCommands(commands, where) {
  assert.ok(Array.isArray(commands), `${where}: not an array`);
  commands.forEach((command, i) => {
    assert.ok(Array.isArray(command) && command.length >= 1, `${where}[${i}]: a command that is not a non-empty array`);
    assert.equal(typeof command[0], 'string', `${where}[${i}]: the method is not a string`); // only paq.js makes functions
    assert.ok(coreMethods.has(command[0]), `${where}[${i}]: unknown method ${JSON.stringify(command[0])}`);
    command.slice(1).forEach((argument, a) => checkArgument(argument, `${where}[${i}] (${command[0]}) argument ${a + 1}`));
  });
}

/** Contract of mapGoal(): an array of goal ids, positive whole numbers. */
function assertGoalIds(ids, where) {
  assert.ok(Array.isArray(ids), `${where}: not an array`);
  for (const id of ids) assert.ok(Number.isInteger(id) && id > 0, `${where}: ${String(id)} is not a goal id`);
}

const PREFIX = 'Matomo destination: ';

/** Contract of a refusal: an Error with one readable, well-formed line after the prefix. */
function assertReadableError(error, where) {
  assert.equal(Object.prototype.toString.call(error), '[object Error]', `${where}: rejected with a non-Error: ${String(error)}`);
  const { message } = error;
  assert.equal(typeof message, 'string', `${where}: the message is not a string`);
  assert.ok(message.startsWith(PREFIX) && message.length > PREFIX.length, `${where}: unreadable message: ${message.slice(0, 300)}`);
  // The core shows a given value as a JSON string (control characters escaped): one line.
  assert.ok(!/[\u0000-\u001f\u007f]/.test(message), `${where}: a message with a raw control character: ${JSON.stringify(message.slice(0, 300))}`);
  assert.ok(isWellFormed(message), `${where}: a message with a lone surrogate`);
}

const plain = (value) => structuredClone(value); // one realm, for deepStrictEqual

// ---------------------------------------------------------------------------------------------
// Recipes and what they build.

const HUGE_TEXT = {
  mega: 'm'.repeat(1_000_000),
  limit: 'x'.repeat(4096),
  pairAtCut: 'x'.repeat(4095) + '\u{1F98A}',
  loneAtCut: 'x'.repeat(4095) + '\ud800' + 'y',
  lowAtCut: 'x'.repeat(4096) + '\udc00',
  surrogates: '\ud800'.repeat(5000),
  nuls: '\u0000'.repeat(5000),
  quotes: '"\\'.repeat(20000),
};

const hugeLengthArray = () => {
  const array = ['first'];
  array.length = 2 ** 32 - 1;
  array[5] = { event: 'Far' };
  return array;
};

function throwingProxy(target = {}) {
  const trap = () => {
    throw new Error('trap');
  };
  return new Proxy(target, { get: trap, ownKeys: trap, has: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
}

function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** A Proxy whose own keys are invented and whose unknown properties are more such Proxies,
 * without end. */
function lyingProxy(known) {
  const keys = [...new Set([...Object.keys(known), 'ghost', 'event', 'properties', 'integrations'])];
  return new Proxy({}, {
    ownKeys: () => keys,
    getOwnPropertyDescriptor: () => ({ value: undefined, enumerable: true, configurable: true, writable: true }),
    has: () => true,
    get: (target, key) => (Object.prototype.hasOwnProperty.call(known, key) ? known[key] : typeof key === 'string' ? lyingProxy({}) : undefined),
  });
}

/** Values no JSON has: built fresh each time. */
const EXOTIC = {
  date: () => new Date(NaN),
  map: () => new Map([['event', 'Map'], [{}, 1]]),
  set: () => new Set([1, 'a']),
  regexp: () => /event/g,
  boxedString: () => new String('Boxed'),
  boxedNumber: () => new Number(NaN),
  typedArray: () => new Float64Array([NaN, Infinity, -0, 1e308]),
  arrayBuffer: () => new ArrayBuffer(16),
  promise: () => Promise.resolve('later'),
  error: () => new Error('an error'),
  weakMap: () => new WeakMap(),
  fn: () => Object.assign(function event() {}, { event: 'Function', properties: { value: 1 } }),
  arrowFn: () => () => 1,
  symbol: () => Symbol('s'),
  argumentsObject: function () { return arguments; }.bind(null, 'Signed Up', { value: 3 }),
  frozen: () => Object.freeze({ event: 'Frozen', properties: Object.freeze({ value: 2 }) }),
  symbolKeys: () => ({ [Symbol('event')]: 'hidden', [Symbol.toPrimitive]: () => { throw new Error('toPrimitive'); }, event: 'Sym' }),
  nonEnumerable: () => Object.defineProperty({}, 'event', { value: 'Hidden', enumerable: false }),
  inheritedFields: () => Object.create({ event: 'Inherited', properties: { value: 7 } }),
  throwingPrototype: () => Object.create(throwingProxy()),
  classInstance: () => new (class Event { get event() { throw new Error('prototype getter'); } })(),
  throwingValueOf: () => ({ valueOf() { throw new Error('valueOf'); }, toString() { throw new Error('toString'); } }),
  thenable: () => ({ then(resolve) { resolve('thenable'); }, event: 'Thenable' }),
  hugeLengthArray,
  throwingProxy: () => throwingProxy(),
  throwingArrayProxy: () => throwingProxy([]),
  revoked: revokedProxy,
  lying: () => lyingProxy({}),
};

/** Throws what a hostile getter throws. */
const THROWN = {
  error: () => new Error('getter'),
  undefined: () => undefined,
  proxy: () => throwingProxy(),
  revoked: revokedProxy,
  symbol: () => Symbol('thrown'),
};

/** Lengths a Proxy of an array can claim. */
const CLAIMED_LENGTHS = {
  max: 2 ** 32 - 1, negative: -1, nan: NaN, huge: 1e300, text: '7', infinite: Infinity,
  throwingValueOf: { valueOf() { throw new Error('length'); } }, symbol: Symbol('length'), bigint: 10n,
};

/**
 * Builds the value a recipe describes. `scope.translator` is what a re-entering getter calls;
 * what it returns is pushed onto `scope.inner` as [method, result].
 */
function build(recipe, scope) {
  const entries = (list) => list.map(([key, item]) => [key, build(item, scope)]);
  const [kind, a, b, c] = recipe;
  switch (kind) {
    case 'value':
      return a;
    case 'huge':
      return HUGE_TEXT[a];
    case 'exotic':
      return EXOTIC[a]();
    case 'object': // own properties, '__proto__' included as an own key
      return Object.fromEntries(entries(a));
    case 'assigned': { // by assignment: a '__proto__' key replaces the prototype
      const object = {};
      for (const [key, value] of entries(a)) {
        try {
          object[key] = value;
        } catch {} // a prototype set earlier may refuse (a revoked Proxy)
      }
      return object;
    }
    case 'nullProto':
      return Object.assign(Object.create(null), Object.fromEntries(entries(a)));
    case 'array':
      return a.map((item) => build(item, scope));
    case 'sparse': {
      const array = new Array(a);
      for (const [index, item] of b) array[index] = build(item, scope);
      return array;
    }
    case 'json': // JSON.parse makes '__proto__' an own key
      return JSON.parse(a);
    case 'getterThrows': {
      const object = Object.fromEntries(entries(a));
      Object.defineProperty(object, b, { enumerable: true, configurable: true, get() { throw THROWN[c](); } });
      return object;
    }
    case 'getterShifting': { // a different kind of value at every read
      const object = Object.fromEntries(entries(a));
      const values = ['text', 42, { event: 'Shifted' }, null, () => {}, 10n];
      let reads = 0;
      Object.defineProperty(object, b, { enumerable: true, get: () => values[reads++ % values.length] });
      return object;
    }
    case 'reenter': { // a getter that calls the translator back
      const object = Object.fromEntries(entries(a));
      Object.defineProperty(object, b, {
        enumerable: true,
        get() {
          const translator = scope && scope.translator;
          if (translator) scope.inner.push([c, translator[c]({ event: 'Inner', userId: 'inner', properties: { value: 1 } })]);
          return 'returned by a re-entering getter';
        },
      });
      return object;
    }
    case 'cycle': {
      const object = Object.fromEntries(entries(a));
      Object.defineProperty(object, b, { value: object, enumerable: true, configurable: true, writable: true }); // '__proto__' too, as an own key
      try {
        if (object.properties && typeof object.properties === 'object') object.properties.loop = object;
      } catch {} // a Proxy or a frozen object
      return object;
    }
    case 'proxyThrows':
      return throwingProxy(Object.fromEntries(entries(a)));
    case 'proxyLying':
      return lyingProxy(Object.fromEntries(entries(a)));
    case 'proxyArray': {
      const items = a.map((item) => build(item, scope));
      return new Proxy(items, { get: (target, key) => (key === 'length' ? CLAIMED_LENGTHS[b] : target[key]) });
    }
    case 'deep': { // `a` levels of { [b]: ... } (or arrays for b === '[]')
      let value = { event: 'Deep', integrations: { Piwik: { customVars: { 1: ['deep', 'value'] } } } };
      for (let i = 0; i < a; i++) value = b === '[]' ? [value] : { [b]: value };
      return value;
    }
    case 'wide': { // `a` properties named like real fields and more
      const object = {};
      for (let i = 0; i < a; i++) object[i % 7 === 0 ? `p${i}` : String(i)] = b === 'nested' ? { value: i } : i;
      object.event = 'Wide';
      return object;
    }
    case 'wideDimensions': { // settings whose dimension map has `a` paths
      const paths = {};
      for (let i = 0; i < a; i++) paths[`traits.t${i}`] = (i % 200) + 1;
      return { siteId: 1, url: 'https://matomo.example.com', [b]: paths };
    }
    default:
      throw new Error(`unknown recipe ${kind}`);
  }
}

// Leaves -------------------------------------------------------------------------------------

const EVENT_NAMES = ['Signed Up', 'Order Completed', 'Completed Order', 'Product Added', 'Product Removed', 'Product Viewed',
  'Product List Viewed', 'Cart Viewed', 'Checkout Started', 'Products Searched', 'Segment Consent Preference Updated',
  'Segment Consent Preference', 'order-completed', 'ORDER_COMPLETED'];
const FIELD_KEYS = ['event', 'name', 'category', 'type', 'userId', 'anonymousId', 'groupId', 'previousId', 'properties', 'traits',
  'context', 'integrations', 'Piwik', 'Matomo', 'customVars', 'cvar', 'customDimensions', 'page', 'url', 'title', 'referrer',
  'consent', 'categoryPreferences', 'Analytics', 'C0002', 'campaign', 'plan', 'section', 'label', 'value', 'revenue', 'total',
  'sku', 'product_id', 'price', 'quantity', 'products', 'order_id', 'subtotal', 'tax', 'shipping', 'discount', 'query'];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'valueOf', 'hasOwnProperty', 'length',
  'then', '0', '1', '2', '5', '50', '-1', '1.5', '1e3', 'dimension1', '', '\ud800', '\u0000', 'a.b'];

const textUnit = fc.constantFrom('a', 'Z', ' ', '\t', '\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '"', '\\', '\n', '\u0085',
  '\u2028', '\u00a0', '\ufeff', 'é', '€', '\u{1F98A}', '.', '$', ',', '1', '-', 'e', '/', ':');
const text = fc.oneof(
  fc.string({ unit: textUnit, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(...EVENT_NAMES, ...FIELD_KEYS, ...HOSTILE_KEYS, '$1,010.50', '1e308', '1e999', '-1e999', 'NaN', 'Infinity', '-0',
    '0x10', ' 5 ', '9'.repeat(70), 'https://example.com/a?b=c#d', 'javascript:alert(1)'),
);
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER,
    2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53 + 2, 1e21, 1e-7, 0.1, 1.5, 1, 2, 4, 5, 50, 51, 1e307),
);
const primitive = fc.oneof(
  { arbitrary: text, weight: 4 },
  { arbitrary: number, weight: 3 },
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.bigInt(),
  fc.constantFrom(1n << 80n, -1n, 0n),
);
const key = fc.oneof({ arbitrary: fc.constantFrom(...FIELD_KEYS), weight: 3 }, { arbitrary: fc.constantFrom(...HOSTILE_KEYS), weight: 2 }, text);

const jsonText = fc.letrec((tie) => ({
  node: fc.oneof({ maxDepth: 3, depthIdentifier: 'json' },
    fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((pairs) => Object.fromEntries(pairs))),
})).node.map((value) => ['json', JSON.stringify(value)]);

const leafRecipe = fc.oneof(
  { arbitrary: primitive.map((value) => ['value', value]), weight: 8 },
  fc.constantFrom(...Object.keys(HUGE_TEXT)).map((name) => ['huge', name]),
  fc.constantFrom(...Object.keys(EXOTIC)).map((name) => ['exotic', name]),
  fc.constant(['json', '{"__proto__":{"polluted":"yes","event":"Injected"},"event":"Signed Up","properties":{"__proto__":{"polluted":1}}}']),
  fc.constant(['json', '{"constructor":{"prototype":{"polluted":"yes"}},"event":"Ctor"}']),
);

/** Wraps entries (a list of [key, recipe]) in every kind of container a page could pass. */
const containerOf = (entries) => fc.oneof(
  { arbitrary: entries.map((list) => ['object', list]), weight: 6 },
  entries.map((list) => ['assigned', list]),
  entries.map((list) => ['nullProto', list]),
  fc.tuple(entries, key, fc.constantFrom(...Object.keys(THROWN))).map(([list, name, thrown]) => ['getterThrows', list, name, thrown]),
  fc.tuple(entries, key).map(([list, name]) => ['getterShifting', list, name]),
  fc.tuple(entries, key, fc.constantFrom('track', 'page', 'identify', 'reset', 'group', 'mapGoal')).map(([list, name, method]) => ['reenter', list, name, method]),
  fc.tuple(entries, key).map(([list, name]) => ['cycle', list, name]),
  entries.map((list) => ['proxyThrows', list]),
  entries.map((list) => ['proxyLying', list]),
);

const { anyRecipe } = fc.letrec((tie) => ({
  anyRecipe: fc.oneof({ maxDepth: 4, depthIdentifier: 'recipe', depthSize: 'small' },
    { arbitrary: leafRecipe, weight: 6 },
    { arbitrary: containerOf(fc.array(fc.tuple(key, tie('anyRecipe')), { maxLength: 5 })), weight: 3 },
    fc.array(tie('anyRecipe'), { maxLength: 5 }).map((items) => ['array', items]),
    fc.tuple(fc.constantFrom(0, 3, 200, 2 ** 31), fc.array(fc.tuple(fc.nat(300), tie('anyRecipe')), { maxLength: 3 })).map(([length, items]) => ['sparse', length, items]),
    fc.tuple(fc.array(tie('anyRecipe'), { maxLength: 3 }), fc.constantFrom(...Object.keys(CLAIMED_LENGTHS))).map(([items, claimed]) => ['proxyArray', items, claimed]),
    jsonText,
    fc.anything({
      maxDepth: 3, key, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
      withObjectString: true, withSparseArray: true, withTypedArray: true, stringUnit: 'binary',
    }).map((value) => ['value', value]),
    fc.tuple(fc.constantFrom(10, 300, 3000), fc.constantFrom('1', 'properties', 'customVars', '__proto__', '[]')).map(([depth, name]) => ['deep', depth, name]),
    fc.tuple(fc.constantFrom(129, 2000, 20000), fc.constantFrom('flat', 'nested')).map(([count, shape]) => ['wide', count, shape]),
  ),
}));

/** A field value: mostly plausible, often hostile. */
const fieldRecipe = fc.oneof(
  { arbitrary: fc.oneof(fc.constantFrom(...EVENT_NAMES), text, number).map((value) => ['value', value]), weight: 3 },
  { arbitrary: anyRecipe, weight: 2 },
);
const fieldsOf = (names, value = fieldRecipe) => fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: names.length });
const objectOf = (entries) => fc.oneof({ arbitrary: containerOf(entries), weight: 3 }, anyRecipe);

const productRecipe = objectOf(fieldsOf(['sku', 'product_id', 'name', 'category', 'price', 'quantity', '__proto__']));
const productsRecipe = fc.oneof(fc.array(productRecipe, { maxLength: 4 }).map((items) => ['array', items]), anyRecipe);
const propertiesRecipe = objectOf(fc.oneof(
  fieldsOf(['category', 'name', 'label', 'value', 'revenue', 'total', 'sku', 'product_id', 'price', 'quantity', 'order_id', 'subtotal',
    'tax', 'shipping', 'discount', 'query', 'url', 'referrer', 'title', 'section', '__proto__', 'constructor']),
  fc.tuple(fieldsOf(['order_id', 'revenue', 'total', 'sku', 'price']), productsRecipe).map(([list, products]) => [...list, ['products', products]]),
));
const slotRecipe = fc.oneof(fc.tuple(fieldRecipe, fieldRecipe).map((pair) => ['array', pair]), anyRecipe);
const optionsRecipe = objectOf(fc.tuple(
  fieldsOf(['1', '2', '3', '5', '6', '50', '0', '-1', '__proto__'], slotRecipe).map((list) => ['object', list]),
  fieldsOf(['1', '2', '4', '0', '1.5', '-3', 'dimension1', '__proto__']).map((list) => ['object', list]),
  fc.constantFrom('customVars', 'cvar'),
).map(([vars, dimensions, name]) => [[name, vars], ['customDimensions', dimensions]]));
const integrationsRecipe = objectOf(fieldsOf(['Piwik', 'Matomo', 'All'], fc.oneof(optionsRecipe, fc.constant(['value', false]), fieldRecipe)));
const consentRecipe = objectOf(fieldsOf(['Analytics', 'C0002', 'C0003', '__proto__'], fc.oneof(fc.boolean().map((value) => ['value', value]), fieldRecipe)));
const contextRecipe = objectOf(fc.tuple(
  fieldsOf(['url', 'title', 'referrer', 'path']).map((list) => ['object', list]),
  fieldsOf(['name', 'source']).map((list) => ['object', list]),
  consentRecipe,
).map(([page, campaign, preferences]) => [['page', page], ['campaign', campaign], ['consent', ['object', [['categoryPreferences', preferences]]]]]));

/** An event shaped like Segment's, every field possibly hostile; or any hostile value at all. */
const eventRecipe = fc.oneof(
  { arbitrary: anyRecipe, weight: 1 },
  {
    weight: 3,
    arbitrary: containerOf(fc.tuple(
      fieldsOf(['event', 'name', 'category', 'type', 'userId', 'anonymousId', 'groupId', 'previousId']),
      fc.option(propertiesRecipe), fc.option(objectOf(fieldsOf(['plan', 'email', 'name']))), fc.option(contextRecipe), fc.option(integrationsRecipe),
    ).map(([fields, properties, traits, context, integrations]) => [...fields,
      ...[['properties', properties], ['traits', traits], ['context', context], ['integrations', integrations]].filter(([, value]) => value !== null)])),
  },
);

// ---------------------------------------------------------------------------------------------
// Settings the translators run with.

const MATOMO_URL = 'https://matomo.example.com';
/** A store that keeps the cart in memory, and one whose every method throws. */
const memoryStore = () => {
  const items = new Map();
  return { getItem: (name) => items.get(name) ?? null, setItem: (name, value) => items.set(name, String(value)), removeItem: (name) => items.delete(name) };
};
const throwingStore = () => ({ getItem() { throw new Error('get'); }, setItem() { throw new Error('full'); }, removeItem() { throw new Error('remove'); } });

const SETTINGS = {
  goals: [{ siteId: 1, url: MATOMO_URL, goals: { 'Order Completed': 4, 'Signed Up': 3 } }, () => ({ storage: memoryStore() })],
  dimensions: [{
    siteId: '7', url: `${MATOMO_URL}/`, pageTitle: 'name', customVariableLimit: 50,
    visitDimensions: { 'traits.plan': 1, userId: 2, 'context.campaign.name': 3 },
    actionDimensions: [{ key: 'properties.section', value: '4' }, { key: 'event', value: '5' }, { key: 'name', value: 6 }],
  }, () => ({ storage: null })],
  consentTracking: [{ siteId: 2, url: MATOMO_URL, requireConsent: 'tracking', consentCategories: ['C0002', 'Analytics'], goals: [{ key: 'Order Completed', value: '1' }] },
    () => ({ storage: throwingStore() })],
  consentCookies: [{ siteId: 3, url: MATOMO_URL, requireConsent: 'cookies', ecommerce: false, disableCookies: true, heartBeat: 15, domains: ['*.example.com'],
    additionalSites: [{ siteId: 9 }], visitDimensions: { 'traits.plan': 1 } }, () => ({ storage: memoryStore() })],
};
const settingsName = fc.constantFrom(...Object.keys(SETTINGS));
const CALLS = ['page', 'identify', 'track', 'group', 'alias', 'reset', 'setup', 'mapGoal'];

/** Runs one call on `event` (never throwing is the first contract) and checks what it returned,
 * and what every call a getter made back into the translator returned. */
function runCall(translator, method, event, scope, where) {
  let result;
  assert.doesNotThrow(() => {
    result = translator[method](event);
  }, `${where}: ${method}() threw`);
  for (const [innerMethod, innerResult] of scope.inner) {
    if (innerMethod === 'mapGoal') assertGoalIds(innerResult, `${where}: re-entered ${innerMethod}()`);
    else assertCommands(innerResult, `${where}: re-entered ${innerMethod}()`);
  }
  if (method === 'mapGoal') assertGoalIds(result, `${where}: mapGoal()`);
  else assertCommands(result, `${where}: ${method}()`);
  return result;
}

const GOOD_EVENT = { event: 'Signed Up' };
const startsNewVisit = (commands) => commands.some((command) => command[0] === 'appendToTrackingUrl' && command[1] === 'new_visit=1');

for (const [buildName, api] of Object.entries(builds)) {
  // What track(GOOD_EVENT) gives on a fresh translator, and on one just reset (the next hit
  // starts a new visit: the only state a plain event without consent information depends on).
  const expectedGood = {};
  for (const [name, [settings]] of Object.entries(SETTINGS)) {
    const fresh = await api.createTranslator(settings, { storage: null });
    const justReset = await api.createTranslator(settings, { storage: null });
    justReset.reset();
    expectedGood[name] = { fresh: plain(fresh.track(GOOD_EVENT)), afterReset: plain(justReset.track(GOOD_EVENT)) };
    assert.ok(expectedGood[name].fresh.some((command) => command[0] === 'trackEvent'), `${name}: the good event is tracked`);
  }

  test(`${buildName} · property: every call survives hostile events and returns well-formed commands`, async () => {
    await fc.assert(fc.asyncProperty(settingsName, fc.array(fc.tuple(fc.constantFrom(...CALLS), eventRecipe), { minLength: 1, maxLength: 4 }),
      async (name, calls) => {
        const [settings, options] = SETTINGS[name];
        const translator = await api.createTranslator(settings, options());
        for (const [method, recipe] of calls) {
          const scope = { translator, inner: [] };
          runCall(translator, method, build(recipe, scope), scope, name);
        }
        assertBuiltinsUntouched();
      }), fcOptions(250));
  });

  test(`${buildName} · property: after hostile calls, a plain track() gives what a fresh translator gives`, async () => {
    const RUNS = Number(process.env.FC_RUNS || 200);
    await fc.assert(fc.asyncProperty(settingsName, fc.array(fc.tuple(fc.constantFrom(...CALLS), eventRecipe), { minLength: 1, maxLength: 4 }),
      async (name, calls) => {
        const [settings, options] = SETTINGS[name];
        const translator = await api.createTranslator(settings, options());
        let newVisitDue = false;
        const follow = (method, commands) => {
          if (method === 'reset') newVisitDue = true;
          else if (method !== 'mapGoal' && startsNewVisit(commands)) newVisitDue = false;
        };
        for (const [method, recipe] of calls) {
          const scope = { translator, inner: [] };
          const result = runCall(translator, method, build(recipe, scope), scope, name);
          for (const [innerMethod, innerResult] of scope.inner) follow(innerMethod, innerResult); // they ran first
          follow(method, result);
          const good = translator.track(GOOD_EVENT);
          assert.deepStrictEqual(plain(good), newVisitDue ? expectedGood[name].afterReset : expectedGood[name].fresh,
            `${name}: track(${JSON.stringify(GOOD_EVENT)}) after ${method}()`);
          newVisitDue = false;
        }
      }), fcOptions(RUNS));
  });

  // Finite numbers at the edge of the range (1e308) in e-commerce events: the call still yields
  // its hit, with finite amounts (the core must never write a number JSON cannot hold).
  test(`${buildName} · property: e-commerce calls with finite extreme amounts are never lost`, async () => {
    const amount = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e308, Number.MAX_VALUE, 1e307, 2e306, -1e308, 19.99));
    const product = fc.record({ sku: fc.constantFrom('a', 'b', 'c'), price: amount, quantity: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(1e308, 2 ** 53)) });
    await fc.assert(fc.asyncProperty(fc.array(product, { minLength: 1, maxLength: 4 }), fc.option(amount, { nil: undefined }), async (products, total) => {
      const translator = await api.createTranslator({ siteId: 1, url: MATOMO_URL }, { storage: null });
      for (const properties of products) {
        const added = translator.track({ event: 'Product Added', properties });
        assertCommands(added, 'Product Added');
        assert.ok(added.some((command) => command[0] === 'trackEcommerceCartUpdate'), `Product Added ${JSON.stringify(properties)} gave ${JSON.stringify(added)}`);
      }
      const order = translator.track({ event: 'Order Completed', properties: { order_id: 'o-1', total, products } });
      assertCommands(order, 'Order Completed');
      assert.ok(order.some((command) => command[0] === 'trackEcommerceOrder'), `Order Completed gave ${JSON.stringify(order)}`);
    }), fcOptions(150));
  });
}

// ---------------------------------------------------------------------------------------------
// Hostile settings.

const URLS = [MATOMO_URL, `${MATOMO_URL}/`, '//matomo.example.com', 'matomo.example.com/m', 'https://m.example.com/matomo.php', 'javascript:alert(1)',
  'https://a@b.example.com', 'https://m.example.com:99999', 'https://m.example.com?q', ' https://m.example.com ', 'https://\u2028m.example.com',
  'https://[::1]', 'https://m.example.com/\ud800', ''];
/** A dotted path, often naming a field of an event, often not, often through '__proto__'. */
const dimensionPath = fc.tuple(
  fc.constantFrom('properties', 'traits', 'context', 'userId', 'event', 'name', '__proto__', 'constructor', ''),
  fc.array(fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'plan', 'section', 'campaign', 'name', 'toString', 'length', 'valueOf', ''), { maxLength: 3 }),
).map(([head, rest]) => [head, ...rest].join('.'));
const id = fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(0, -1, 1.5, '3', 'x', 1e308, NaN, 2 ** 53));
const mapSetting = (name) => fc.oneof(
  fc.array(fc.tuple(name, id.map((value) => ['value', value])), { maxLength: 4 }).map((list) => ['object', list]),
  fc.array(fc.tuple(name, id), { maxLength: 4 }).map((rows) => ['array', rows.map(([path, value]) => ['object', [['key', ['value', path]], ['value', ['value', value]]]])]),
);
const texts = (values) => fc.array(fc.oneof(fc.constantFrom(...values), text), { maxLength: 4 }).map((list) => ['array', list.map((value) => ['value', value])]);
const PLAUSIBLE = {
  siteId: fc.oneof(fc.constantFrom(1, '1', '7', 0, -1, 1.5, '01', ' 1 ', '1e3', 2 ** 53, 1n << 80n), text),
  url: fc.oneof(fc.constantFrom(...URLS), text), trackerUrl: fc.constantFrom(...URLS), scriptUrl: fc.constantFrom(...URLS),
  goals: mapSetting(fc.oneof(fc.constantFrom(...EVENT_NAMES), text)),
  visitDimensions: mapSetting(dimensionPath), actionDimensions: mapSetting(dimensionPath),
  customVariableLimit: fc.integer({ min: -1, max: 51 }), heartBeat: fc.integer({ min: 0, max: 86401 }), scriptTimeout: fc.integer({ min: 0, max: 3601 }),
  pageTitle: fc.constantFrom('title', 'name', 'Title'), requireConsent: fc.constantFrom('none', 'tracking', 'cookies', 'Tracking'),
  cookieSameSite: fc.constantFrom('Lax', 'Strict', 'None', 'lax'), requestMethod: fc.constantFrom('GET', 'POST', 'PUT'),
  cookieDomain: fc.constantFrom('*.example.com', 'example.com', 'a b', ''), scriptNonce: fc.constantFrom('n0nce', 'a+b/c=', 'a b', '"'),
  consentCategories: texts(['C0002', 'Analytics', '', ' ']), domains: texts(['*.example.com', 'example.com', 'a b']),
  additionalSites: fc.array(fc.record({ siteId: fc.constantFrom(2, '3', 0, 'x'), url: fc.constantFrom(...URLS) }, { requiredKeys: ['siteId'] }), { maxLength: 3 })
    .map((sites) => ['array', sites.map((site) => ['object', Object.entries(site).map(([name, value]) => [name, ['value', value]])])]),
};
/** A plausible value for the setting `name` (as a recipe), or any hostile one. */
const settingValue = (name) => fc.oneof(
  { weight: 4, arbitrary: (Object.hasOwn(PLAUSIBLE, name) ? PLAUSIBLE[name] : fc.boolean()).map((value) => (Array.isArray(value) ? value : ['value', value])) },
  { weight: 1, arbitrary: anyRecipe },
);
/** Settings objects with the real names: a valid site most of the time, then a few settings. */
const namedSettingsRecipe = fc.tuple(
  fc.boolean(),
  fc.array(fc.constantFrom(...settingNames, 'goal', '__proto__', 'constructor', 'polluted').chain((name) => fc.tuple(fc.constant(name), settingValue(name))), { maxLength: 4 }),
).chain(([validSite, entries]) => containerOf(fc.constant([...(validSite ? [['siteId', ['value', 1]], ['url', ['value', MATOMO_URL]]] : []), ...entries])));
const settingsRecipe = fc.oneof(
  { weight: 4, arbitrary: namedSettingsRecipe },
  { weight: 2, arbitrary: anyRecipe },
  fc.tuple(fc.constantFrom(100, 5001, 6000), fc.constantFrom('visitDimensions', 'actionDimensions', 'goals')).map(([count, name]) => ['wideDimensions', count, name]),
  // a valid site beside one setting (named anyhow) too large to read: deep, wide, cyclic or long
  fc.tuple(key, fc.constantFrom(['deep', 10, '1'], ['wide', 6000, 'flat'], ['cycle', [], 'self'], ['huge', 'mega'], ['huge', 'surrogates']))
    .map(([name, large]) => ['object', [['siteId', ['value', 1]], ['url', ['value', MATOMO_URL]], [name, large]]]),
);

/** createTranslator(settings): never a synchronous throw; a translator or a readable refusal. */
async function settle(api, settings, where) {
  let pending;
  assert.doesNotThrow(() => {
    pending = api.createTranslator(settings, { storage: null });
  }, `${where}: createTranslator threw synchronously`);
  assert.equal(typeof (pending && pending.then), 'function', `${where}: createTranslator returned no promise`);
  try {
    return { translator: await pending };
  } catch (error) {
    return { error };
  }
}

/** Settings whose dimension paths go anywhere (through '__proto__', 'constructor', 'prototype'):
 * the shim adds each path to the fields it reads (js/bounded-json.js shapeWithPaths). Plain data. */
const dimensionSettings = fc.tuple(fc.constantFrom('visitDimensions', 'actionDimensions'),
  fc.array(fc.tuple(dimensionPath, fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 3 }))
  .map(([name, paths]) => ({ siteId: 1, url: MATOMO_URL, [name]: Object.fromEntries(paths) }));

/** Checks what createTranslator() made of settings: a readable refusal, or a translator whose
 * every call works. */
function assertSettled({ translator, error }) {
  if (error !== undefined) {
    assertReadableError(error, 'createTranslator');
    return;
  }
  assert.equal(typeof translator.scriptUrl, 'string');
  assert.ok(Array.isArray(translator.warnings) && translator.warnings.every((warning) => typeof warning === 'string' && warning.startsWith(PREFIX) && isWellFormed(warning)),
    'warnings are readable messages');
  const scope = { translator: null, inner: [] };
  runCall(translator, 'setup', undefined, scope, 'accepted settings');
  runCall(translator, 'page', { properties: { url: 'https://example.com/', section: 'docs' }, context: { consent: { categoryPreferences: { Analytics: true, C0002: true } } } }, scope, 'accepted settings');
  runCall(translator, 'identify', { userId: 'u-1', traits: { plan: 'Pro' } }, scope, 'accepted settings');
  runCall(translator, 'track', { event: 'Order Completed', properties: { revenue: 5, section: 'shop' } }, scope, 'accepted settings');
  runCall(translator, 'reset', undefined, scope, 'accepted settings');
  runCall(translator, 'mapGoal', 'Order Completed', scope, 'accepted settings');
}

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · property: dimension paths, wherever they lead, change no built-in`, async () => {
    await fc.assert(fc.asyncProperty(dimensionSettings, async (settings) => {
      try {
        assertSettled(await settle(api, settings, 'settings'));
      } finally {
        assertBuiltinsUntouched(); // checked first: a pollution also breaks what follows it
      }
    }), fcOptions(200));
  });

  test(`${buildName} · property: hostile settings give a working translator or one readable refusal`, async () => {
    await fc.assert(fc.asyncProperty(settingsRecipe, async (recipe) => {
      try {
        assertSettled(await settle(api, build(recipe, null), 'settings'));
      } finally {
        assertBuiltinsUntouched();
      }
    }), fcOptions(300));
  });
}

// ---------------------------------------------------------------------------------------------
// The Analytics Next plugin. In Node there is no window: load() creates the translator, runs
// setup() (onCommands sees it), then fails on `window._paq` and rejects. So what is tested here
// is what runs without a page: the factory, the handlers before and after load() settles, and the
// 'reset' listener load() registers. No window is faked (no other test fakes one).

const SEGMENT_CALLS = ['page', 'screen', 'identify', 'track', 'group', 'alias'];

/** Analytics Next's `analytics` as load() sees it: a recorder of on() listeners with a hostile
 * user(), or any hostile value. */
const analyticsRecipe = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.option(fc.oneof(text, number, fc.constant(''))), fc.constantFrom('plain', 'throws', 'missing')).map(([anonymousId, user]) => ['analytics', anonymousId, user]) },
  anyRecipe,
);
function buildAnalytics(recipe, listeners) {
  if (recipe[0] !== 'analytics') return build(recipe, null);
  const [, anonymousId, user] = recipe;
  return {
    on: (name, listener) => listeners.push([name, listener]),
    user: user === 'plain' ? () => ({ anonymousId: () => anonymousId }) : user === 'throws' ? () => { throw new Error('user'); } : undefined,
  };
}
const pluginOptionsRecipe = fc.constantFrom('none', 'recording', 'throwing', 'hostile');

/** A handler's promise settles; it gives back `ctx` itself, unless `ctx` is a thenable (or
 * reading its `then` throws), which a promise cannot resolve to. */
async function assertGivesBack(returned, ctx, where) {
  assert.equal(typeof (returned && returned.then), 'function', `${where}: no promise before load`);
  let thenable;
  try {
    thenable = ctx !== null && (typeof ctx === 'object' || typeof ctx === 'function') && typeof ctx.then === 'function';
  } catch {
    thenable = true;
  }
  const outcome = await returned.then((value) => ({ value }), (error) => ({ error }));
  if (!thenable) assert.ok('value' in outcome && Object.is(outcome.value, ctx), `${where}: the handler did not give back its ctx`); // Object.is: ctx may be NaN
}

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · property: the plugin's factory, handlers and reset listener never throw, whatever they are given`, async () => {
    const { error: printError, warn: printWarning } = console;
    const printed = [];
    console.error = (...args) => printed.push(args);
    console.warn = (...args) => printed.push(args);
    try {
      await fc.assert(fc.asyncProperty(settingsRecipe, pluginOptionsRecipe, fc.array(fc.tuple(fc.constantFrom(...SEGMENT_CALLS), eventRecipe), { maxLength: 3 }),
        analyticsRecipe, fc.array(fc.tuple(fc.constantFrom(...SEGMENT_CALLS), eventRecipe), { maxLength: 2 }),
        async (settingsR, optionsKind, before, analyticsR, afterLoad) => {
          const seen = []; // what onCommands was shown
          const options = {
            none: undefined,
            recording: { onCommands: (commands, call) => seen.push([commands, call]) },
            throwing: { onCommands: (commands, call) => { seen.push([commands, call]); throw new Error('observer'); } },
            hostile: throwingProxy(),
          }[optionsKind];
          let plugin;
          assert.doesNotThrow(() => {
            plugin = api.matomo(build(settingsR, null), options);
          }, 'matomo() threw');
          assert.equal(plugin.name, 'Matomo');
          assert.equal(plugin.type, 'destination');
          assert.equal(plugin.isLoaded(), false);
          // Contexts carry the event: Analytics Next hands `ctx` with `ctx.event`; some are hostile whole.
          const asContext = (recipe, i) => (i % 2 === 0 ? { event: build(recipe, null) } : build(recipe, null));
          const handled = (calls) => calls.map(([method, recipe], i) => {
            const ctx = asContext(recipe, i);
            let returned;
            assert.doesNotThrow(() => {
              returned = plugin[method](ctx);
            }, `${method}() threw`);
            return [method, ctx, returned];
          });
          const waiting = handled(before);
          const listeners = [];
          const analytics = buildAnalytics(analyticsR, listeners);
          let loading;
          assert.doesNotThrow(() => {
            loading = plugin.load({}, analytics);
          }, 'load() threw');
          await loading.then(() => {}, () => assert.fail("load() rejected")); // in Node it resolves and does nothing: there is no window
          for (const [method, ctx, returned] of waiting) await assertGivesBack(returned, ctx, `${method}() made before load`);
          for (const [name, listener] of listeners) {
            assert.equal(name, 'reset');
            let returned;
            assert.doesNotThrow(() => {
              returned = listener();
            }, 'the reset listener threw');
            await Promise.resolve(returned).then(() => {}, (error) => assert.fail(`the reset listener rejected: ${error}`));
          }
          for (const [method, ctx, returned] of handled(afterLoad)) await assertGivesBack(returned, ctx, `${method}() made after load`);
          for (const [commands, call] of seen) {
            assert.equal(typeof call, 'string');
            assertCommands(commands, `onCommands(…, ${call})`);
          }
          assertBuiltinsUntouched();
        }), fcOptions(150));
    } finally {
      console.error = printError;
      console.warn = printWarning;
    }
  });
}

// ---------------------------------------------------------------------------------------------

test('after every property: the built-ins are as they were, and no rejection went unhandled', async () => {
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepStrictEqual([...new Set(pollutionSeen)], [], 'changes to built-ins were found (and undone) during the runs');
  assert.deepStrictEqual(builtinChanges(), []);
  assert.equal(({}).polluted, undefined);
  assert.deepStrictEqual(unhandledRejections.map(String), []);
});
