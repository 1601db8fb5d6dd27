// reset-ordering.test.mjs - js/reset.js puts analytics.reset() before the first call made after
// it (the one with the new anonymousId), whatever was still on its way.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { resetOrdering } from '../js/reset.js';

const analyticsWith = (anonymousId) => ({ user: () => ({ anonymousId: () => anonymousId }) });

test('the reset waits for the first call made after it; calls made before go first', () => {
  const log = [];
  const reset = resetOrdering(() => log.push('reset'));
  reset.onReset(analyticsWith('new-1'));
  reset.beforeCall({ anonymousId: 'old' });
  log.push('old call');
  reset.beforeCall({ anonymousId: 'new-1' });
  log.push('new call');
  reset.beforeCall({ anonymousId: 'new-1' });
  assert.deepStrictEqual(log, ['old call', 'reset', 'new call']);
});

test('two resets in a row are both applied, each in its place', () => {
  const log = [];
  const reset = resetOrdering(() => log.push('reset'));
  reset.onReset(analyticsWith('new-1'));
  reset.onReset(analyticsWith('new-2'));
  assert.deepStrictEqual(log, ['reset']);
  reset.beforeCall({ anonymousId: 'new-2' });
  assert.deepStrictEqual(log, ['reset', 'reset']);
});

test('without an anonymous id to wait for, the reset is applied at once', () => {
  const log = [];
  resetOrdering(() => log.push('reset')).onReset(analyticsWith(null));
  assert.deepStrictEqual(log, ['reset']);
});

test('without a later call, the reset is applied after one second', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const log = [];
    const reset = resetOrdering(() => log.push('reset'));
    reset.onReset(analyticsWith('new-1'));
    mock.timers.tick(999);
    assert.deepStrictEqual(log, []);
    mock.timers.tick(1);
    assert.deepStrictEqual(log, ['reset']);
    reset.beforeCall({ anonymousId: 'new-1' });
    assert.deepStrictEqual(log, ['reset'], 'applied once');
  } finally {
    mock.timers.reset();
  }
});
