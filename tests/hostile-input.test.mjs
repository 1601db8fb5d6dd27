// hostile-input.test.mjs - the shim never throws, whatever a page hands it, and still translates
// what it can. Run against both dist builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBuilds } from './load-dist.mjs';

const builds = await loadBuilds();
const settings = { siteId: 1, url: 'https://matomo.example.com', goals: { 'Order Completed': 4 } };

function circular() {
  const event = { event: 'Circular', properties: { category: 'Loop' } };
  event.properties.self = event;
  event.integrations = { Piwik: { customVars: { 1: ['a', 'b'] } } };
  event.integrations.Piwik.customVars.loop = event.integrations;
  return event;
}

function throwingGetters() {
  const properties = { label: 'kept' };
  Object.defineProperty(properties, 'category', { enumerable: true, get() { throw new Error('boom'); } });
  Object.defineProperty(properties, 'value', { enumerable: true, get() { throw new Error('boom'); } });
  return { event: 'Getter', properties };
}

function hostileProxy() {
  const trap = () => { throw new Error('trap'); };
  return new Proxy({}, { get: trap, ownKeys: trap, has: trap, getOwnPropertyDescriptor: trap });
}

function deeplyNested(depth) {
  let vars = ['deep', 'value'];
  for (let i = 0; i < depth; i++) vars = { 1: vars };
  return { event: 'Deep', integrations: { Piwik: { customVars: vars } } };
}

// name -> [event, the track() result expected, in pushed form]
const cases = {
  'a circular event': [circular(), [['setCustomVariable', 1, 'a', 'b', 'page'], ['trackEvent', 'Loop', 'Circular'], ['deleteCustomVariables', 'page']]],
  'BigInt values': [{ event: 'Big', properties: { value: 10n, label: 12345678901234567890n } }, [['trackEvent', 'All', 'Big', '12345678901234567890', 10]]],
  'functions and symbols': [{ event: 'Fn', properties: { category: () => 1, label: Symbol('s'), value: function () {} } }, [['trackEvent', 'All', 'Fn']]],
  'getters that throw': [throwingGetters(), [['trackEvent', 'All', 'Getter', 'kept']]],
  'a proxy whose every trap throws, as the event': [hostileProxy(), []],
  'a proxy whose every trap throws, as properties': [{ event: 'P', properties: hostileProxy() }, [['trackEvent', 'All', 'P']]],
  'a 10 MB event name, cut': [{ event: 'x'.repeat(10_000_000) }, [['trackEvent', 'All', 'x'.repeat(4096)]]],
  'a cut that would split a surrogate pair': [{ event: 'x'.repeat(4095) + '\u{1F98A}' }, [['trackEvent', 'All', 'x'.repeat(4095)]]],
  'a revoked Proxy among the fields read: only that field is lost': [(() => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return { event: 'Kept', properties: { category: 'Shop', name: proxy, value: 3 }, integrations: proxy };
  })(), [['trackEvent', 'Shop', 'Kept', undefined, 3]]],
  'deep nesting (100,000 levels)': [deeplyNested(100_000), [['trackEvent', 'All', 'Deep']]],
  'a lone surrogate': [{ event: 'Bad \ud800 surrogate' }, [['trackEvent', 'All', 'Bad \ufffd surrogate']]],
  'a NaN and an Infinity': [{ event: 'N', properties: { value: NaN, revenue: Infinity } }, [['trackEvent', 'All', 'N']]],
  'control characters and quotes': [{ event: 'a"b\\c\n\u0001' }, [['trackEvent', 'All', 'a"b\\c\n\u0001']]],
  'null': [null, []],
  'undefined': [undefined, []],
  'a number': [42, []],
  'a string': ['Order Completed', []],
  'an array': [['Order Completed'], []],
  'an object with a million properties': [{ event: 'Wide', properties: Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [`p${i}`, i])) }, [['trackEvent', 'All', 'Wide']]],
  'a 10 MB object key beside the custom variables': [{ event: 'Key', integrations: { Piwik: { customVars: { ['k'.repeat(10_000_000)]: 'x', 1: ['a', 'b'] } } } },
    [['setCustomVariable', 1, 'a', 'b', 'page'], ['trackEvent', 'All', 'Key'], ['deleteCustomVariables', 'page']]],
  'ten thousand custom variables': [{ event: 'Many', integrations: { Piwik: { customVars: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [i + 1, [`n${i}`, `v${i}`]])) } } },
    [1, 2, 3, 4, 5].map((i) => ['setCustomVariable', i, `n${i - 1}`, `v${i - 1}`, 'page']).concat([['trackEvent', 'All', 'Many'], ['deleteCustomVariables', 'page']])],
};

for (const [buildName, api] of Object.entries(builds)) {
  const translator = await api.createTranslator(settings);

  for (const [name, [event, expected]] of Object.entries(cases)) {
    test(`${buildName} · track survives ${name}`, () => {
      for (const method of ['page', 'identify', 'track', 'group', 'alias']) {
        assert.doesNotThrow(() => translator[method](event));
      }
      assert.deepStrictEqual(structuredClone(translator.track(event)), expected);
    });
  }

  test(`${buildName} · later events still translate after every hostile one`, () => {
    assert.deepStrictEqual(structuredClone(translator.track({ event: 'Order Completed', properties: { revenue: 5 } })),
      [['trackGoal', 4, 5], ['trackEvent', 'All', 'Order Completed', undefined, 5]]);
  });

  test(`${buildName} · a user id holding U+0000 is kept whole, the NUL mended (cJSON would cut it there)`, () => {
    assert.deepStrictEqual(structuredClone(translator.identify({ userId: 'ab\u0000cd' })), [['setUserId', 'ab\ufffdcd']]);
  });

  test(`${buildName} · dimension paths with non-ASCII names reach the core as UTF-8 and match`, async () => {
    const withPaths = await api.createTranslator({ ...settings, visitDimensions: { 'traits.plän': 1 }, actionDimensions: { 'properties.größe': 3 } });
    assert.deepStrictEqual(structuredClone(withPaths.identify({ userId: 'u', traits: { 'plän': 'Pro' } })), [['setCustomDimension', 1, 'Pro'], ['setUserId', 'u']]);
    assert.deepStrictEqual(structuredClone(withPaths.track({ event: 'X', properties: { 'größe': 'L' } })),
      [['trackEvent', 'All', 'X', undefined, undefined, { dimension3: 'L' }]]);
  });

  test(`${buildName} · mapGoal never throws`, () => {
    for (const name of [undefined, null, 5, {}, hostileProxy(), 'x'.repeat(1e6), Symbol('s')]) {
      assert.deepStrictEqual(structuredClone(translator.mapGoal(name)), []);
    }
    assert.deepStrictEqual(structuredClone(translator.mapGoal('order-completed')), [4]);
  });

  test(`${buildName} · hostile settings are refused with a clear error, never a crash`, async () => {
    for (const bad of [undefined, null, 'https://m.example.com', hostileProxy(), { siteId: 1n << 80n, url: 'https://m.example.com' }]) {
      await assert.rejects(api.createTranslator(bad), /^Error: Matomo destination: /);
    }
    // A cycle is refused, never cut (settings are refused whole: README, Robustness), and the
    // error says where.
    const looped = { siteId: 2, url: 'https://m.example.com' };
    looped.self = looped;
    await assert.rejects(api.createTranslator(looped), /^Error: Matomo destination: the settings are too large to read: nesting deeper than 6 levels \(a cycle\?\) in "self"\./);
  });
}
