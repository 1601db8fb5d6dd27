// cart-storage.test.mjs - the remembered cart kept through the shim's storage (localStorage in a
// page): written on every change under matomo-destination:cart:<siteId>, read back by the next
// translator (the next page load), and never trusted or thrown on when storage misbehaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBuilds } from './load-dist.mjs';

const builds = await loadBuilds();
const settings = { siteId: ' 3 ', url: 'https://m.example.com' };
const KEY = 'matomo-destination:cart:3';

function memoryStorage(initial = {}) {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (k) => (items.has(k) ? items.get(k) : null), setItem: (k, v) => items.set(k, String(v)), removeItem: (k) => items.delete(k) };
}
const added = (sku, price, quantity) => ({ event: 'Product Added', properties: { sku, price, quantity } });
const same = (got, expected) => assert.deepStrictEqual(structuredClone(got), expected);

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · the cart is stored on every change and read back by the next page's translator`, async () => {
    const storage = memoryStorage();
    const first = await api.createTranslator(settings, { storage });
    first.track(added('A', 2, 2));
    first.track(added('B', 1));
    assert.equal(storage.items.get(KEY), '[["A","","",2,2],["B","","",1,1]]');
    const next = await api.createTranslator(settings, { storage });
    same(next.track({ event: 'Product Removed', properties: { sku: 'B' } }),
      [['clearEcommerceCart'], ['addEcommerceItem', 'A', '', '', 2, 2], ['trackEcommerceCartUpdate', 4]]);
    next.track({ event: 'Order Completed', properties: { order_id: 'o1' } });
    assert.equal(storage.items.has(KEY), false, 'an empty cart is removed');
  });

  test(`${buildName} · reset removes the stored cart`, async () => {
    const storage = memoryStorage();
    const translator = await api.createTranslator(settings, { storage });
    translator.track(added('A', 1));
    assert.ok(storage.items.has(KEY));
    translator.reset();
    assert.equal(storage.items.has(KEY), false);
  });

  test(`${buildName} · malformed or hostile stored carts are ignored, valid entries kept within the bounds`, async () => {
    for (const stored of ['garbage', '{"a":1}', '[[1,2]]', '[["", "", "", 1, 1]]', '[["A","","",1,0]]', '[["A","","",1,1.5]]', '[["A","","","1",2]]', 'x'.repeat(70000), '[' + '['.repeat(5000)]) {
      const translator = await api.createTranslator(settings, { storage: memoryStorage({ [KEY]: stored }) });
      const commands = structuredClone(translator.track(added('N', 1)));
      const items = commands.filter((c) => c[0] === 'addEcommerceItem').map((c) => [c[1], c[4], c[5]]);
      if (stored === '[["A","","","1",2]]') assert.deepStrictEqual(items, [['A', undefined, 2], ['N', 1, 1]], stored); // a non-number price is no price
      else assert.deepStrictEqual(items, [['N', 1, 1]], stored.slice(0, 40));
    }
    const many = JSON.stringify(Array.from({ length: 150 }, (_, i) => [`s${i}`, 'n'.repeat(300), '', 1, 1]));
    const translator = await api.createTranslator(settings, { storage: memoryStorage({ [KEY]: many }) });
    const items = structuredClone(translator.track({ event: 'Product Removed', properties: { sku: 'none' } })).filter((c) => c[0] === 'addEcommerceItem');
    assert.equal(items.length, 100);
    assert.equal(items[0][2].length, 255, 'names cut to 255 characters');
  });

  test(`${buildName} · storage that throws, is full or missing never breaks a call`, async () => {
    const throwing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('QuotaExceededError'); }, removeItem() { throw new Error('denied'); } };
    for (const storage of [throwing, null, {}]) {
      const translator = await api.createTranslator(settings, { storage });
      same(translator.track(added('A', 1)), [['clearEcommerceCart'], ['addEcommerceItem', 'A', '', '', 1, 1], ['trackEcommerceCartUpdate', 1]]);
      same(translator.track(added('A', 1))[1], ['addEcommerceItem', 'A', '', '', 1, 2]);
      same(translator.reset(), [['resetUserId']]);
    }
  });
}

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · the cart is stored only with cookies and consent; withdrawing consent removes it`, async () => {
    const consent = (granted) => ({ context: { consent: { categoryPreferences: { Analytics: granted } } } });
    for (const mode of ['tracking', 'cookies']) {
      const storage = memoryStorage();
      const translator = await api.createTranslator({ ...settings, requireConsent: mode }, { storage });
      translator.track(added('A', 1));
      assert.equal(storage.items.has(KEY), false, `${mode}: not before consent`);
      translator.track({ event: 'Segment Consent Preference Updated', ...consent(true) });
      assert.equal(storage.items.get(KEY), '[["A","","",1,1]]', `${mode}: stored once consent is given`);
      translator.track({ ...added('B', 1), ...consent(false) });
      assert.equal(storage.items.has(KEY), false, `${mode}: removed when consent is withdrawn`);
    }
    const storage = memoryStorage();
    const translator = await api.createTranslator({ ...settings, disableCookies: true }, { storage });
    translator.track(added('A', 1));
    assert.equal(storage.items.has(KEY), false, 'never with disableCookies');
  });
}

/** memoryStorage() that counts its reads of the cart. */
function countingStorage(initial) {
  const storage = memoryStorage(initial);
  const getItem = storage.getItem;
  storage.reads = 0;
  storage.getItem = (key) => (key === KEY && storage.reads++, getItem(key));
  return storage;
}

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · the stored cart is read only when a call first uses the cart, once`, async () => {
    const storage = countingStorage({ [KEY]: '[["A","","",2,1]]' });
    const translator = await api.createTranslator(settings, { storage });
    translator.setup();
    translator.page({ name: 'Home' });
    translator.identify({ userId: 'u1' });
    translator.track({ event: 'Signed Up' });
    translator.track({ event: 'Product Viewed', properties: { sku: 'V', category: 'Shop' } });
    assert.equal(storage.reads, 0, 'no cart event, no read');
    same(translator.track(added('B', 1)), [['clearEcommerceCart'], ['addEcommerceItem', 'A', '', '', 2, 1], ['addEcommerceItem', 'B', '', '', 1, 1], ['trackEcommerceCartUpdate', 3]]);
    translator.track(added('B', 1));
    assert.equal(storage.reads, 1);
    assert.equal(storage.items.get(KEY), '[["A","","",2,1],["B","","",1,2]]');
  });

  test(`${buildName} · an order, a cart view and a reset read the stored cart first`, async () => {
    for (const [call, event, stored] of [
      ['track', { event: 'Order Completed', properties: { order_id: 'o1' } }, undefined],
      ['track', { event: 'Cart Viewed', properties: { products: [{ sku: 'C', price: 1 }] } }, '[["C","","",1,1]]'],
      ['reset', undefined, undefined],
    ]) {
      const storage = countingStorage({ [KEY]: '[["A","","",2,1]]' });
      const translator = await api.createTranslator(settings, { storage });
      const commands = structuredClone(translator[call](event));
      assert.equal(storage.reads, 1, call);
      assert.equal(storage.items.get(KEY), stored, `${call} ${event?.event}: what is stored after it`);
      if (event?.event === 'Order Completed') assert.deepStrictEqual(commands.find((c) => c[0] === 'addEcommerceItem'), ['addEcommerceItem', 'A', '', '', 2, 1], 'the stored cart is the order');
    }
  });

  test(`${buildName} · consent given before the cart is used leaves a stored cart as it is; withdrawn, it is removed`, async () => {
    const consent = (granted) => ({ event: 'Segment Consent Preference Updated', context: { consent: { categoryPreferences: { Analytics: granted } } } });
    const storage = countingStorage({ [KEY]: '[["A","","",2,1]]' });
    const translator = await api.createTranslator({ ...settings, requireConsent: 'cookies' }, { storage });
    translator.track(consent(true));
    assert.equal(storage.items.get(KEY), '[["A","","",2,1]]');
    translator.track(consent(false));
    assert.equal(storage.items.has(KEY), false);
    assert.equal(storage.reads, 0);
  });
}

test('ES module · once the cart is used, a change another tab stores is read in', async () => {
  const listeners = [];
  globalThis.addEventListener = (type, listener) => listeners.push([type, listener]);
  try {
    const storage = memoryStorage({ [KEY]: '[["A","","",2,1]]' });
    const translator = await builds['ES module'].createTranslator(settings, { storage });
    translator.page({ name: 'Home' });
    assert.equal(listeners.length, 0, 'not listening before the cart is used');
    translator.track(added('B', 1));
    assert.deepStrictEqual(listeners.map(([type]) => type), ['storage']);
    listeners[0][1]({ key: 'another key', newValue: '[]' });
    listeners[0][1]({ key: KEY, newValue: '[["Z","","",5,1]]' });
    same(translator.track({ event: 'Product Removed', properties: { sku: 'none' } }), [['clearEcommerceCart'], ['addEcommerceItem', 'Z', '', '', 5, 1], ['trackEcommerceCartUpdate', 5]]);
    listeners[0][1]({ key: KEY, newValue: null });
    same(translator.track({ event: 'Product Removed', properties: { sku: 'none' } }), [['clearEcommerceCart'], ['trackEcommerceCartUpdate', 0]]);
  } finally {
    delete globalThis.addEventListener;
  }
});

const NEW_VISIT = `${KEY}:new-visit`;
const hitOf = (commands) => structuredClone(commands).filter((c) => c[0] === 'appendToTrackingUrl' || c[0].startsWith('track'));

for (const [buildName, api] of Object.entries(builds)) {
  test(`${buildName} · a reset whose next hit never came (the page was left) starts the new visit on the next page`, async () => {
    const storage = memoryStorage();
    const first = await api.createTranslator(settings, { storage });
    first.identify({ userId: 'alice' });
    first.track(added('ALICE-1', 5));
    first.reset(); // then the page goes: no hit after it
    assert.ok(Math.abs(Number(storage.items.get(NEW_VISIT)) - Date.now()) < 60000, 'the time of the reset is stored');
    assert.equal(storage.items.has(KEY), false, "alice's cart is gone");
    const next = await api.createTranslator(settings, { storage });
    same(hitOf(next.track(added('BOB-1', 10))), [['appendToTrackingUrl', 'new_visit=1'], ['trackEcommerceCartUpdate', 10], ['appendToTrackingUrl', '']]);
    assert.equal(storage.items.has(NEW_VISIT), false, 'sent: no longer stored');
    assert.equal(storage.items.get(KEY), '[["BOB-1","","",10,1]]', "bob's cart alone");
    same(hitOf(next.page({})), [['trackPageView']]);
    const third = await api.createTranslator(settings, { storage });
    same(hitOf(third.page({})), [['trackPageView']], 'a new visit once');
  });

  test(`${buildName} · a new visit stored by one tab stays while another tab changes the cart`, async () => {
    const storage = memoryStorage();
    const other = await api.createTranslator(settings, { storage });
    other.track(added('X', 1));
    const leaving = await api.createTranslator(settings, { storage });
    leaving.reset(); // then the page goes
    const stored = storage.items.get(NEW_VISIT);
    assert.ok(stored);
    other.track(added('Y', 1)); // the other tab, meanwhile
    other.page({});
    assert.equal(storage.items.get(NEW_VISIT), stored, "the other tab leaves the stored new visit alone");
    const next = await api.createTranslator(settings, { storage });
    same(hitOf(next.page({})), [['appendToTrackingUrl', 'new_visit=1'], ['trackPageView'], ['appendToTrackingUrl', '']]);
    assert.equal(storage.items.has(NEW_VISIT), false);
  });

  test(`${buildName} · a stored new visit older than a visit (30 minutes) is not used, and goes`, async () => {
    const storage = memoryStorage({ [NEW_VISIT]: String(Date.now() - 31 * 60 * 1000) });
    const translator = await api.createTranslator(settings, { storage });
    same(hitOf(translator.page({})), [['trackPageView']]);
    assert.equal(storage.items.has(NEW_VISIT), false);
    storage.items.set(NEW_VISIT, String(Date.now() - 60 * 1000));
    same(hitOf((await api.createTranslator(settings, { storage })).page({})), [['appendToTrackingUrl', 'new_visit=1'], ['trackPageView'], ['appendToTrackingUrl', '']]);
  });

  test(`${buildName} · a reset followed by a hit on the same page stores no new visit`, async () => {
    const storage = memoryStorage();
    const translator = await api.createTranslator(settings, { storage });
    translator.reset();
    translator.page({});
    assert.equal(storage.items.has(NEW_VISIT), false);
    assert.equal(storage.items.size, 0);
  });

  test(`${buildName} · the new visit is stored as the cart is: not before consent, not with disableCookies`, async () => {
    for (const extra of [{ requireConsent: 'tracking' }, { requireConsent: 'cookies' }, { disableCookies: true }]) {
      const storage = memoryStorage();
      const translator = await api.createTranslator({ ...settings, ...extra }, { storage });
      translator.reset();
      assert.equal(storage.items.size, 0, JSON.stringify(extra));
    }
  });
}

// The ES module reads this process's navigator (the classic script's context has its own copy).
test('ES module · with respectDoNotTrack, a browser that asks not to be tracked gets nothing stored or read', async () => {
    const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { doNotTrack: '1' }, configurable: true, writable: true });
    try {
      const storage = countingStorage({ [KEY]: '[["A","","",2,1]]' });
      const dnt = await builds['ES module'].createTranslator({ ...settings, respectDoNotTrack: true }, { storage });
      dnt.page({});
      same(dnt.track(added('B', 1)).filter((c) => c[0] === 'addEcommerceItem'), [['addEcommerceItem', 'B', '', '', 1, 1]]);
      dnt.reset();
      assert.equal(storage.reads, 0, 'nothing read');
      assert.deepStrictEqual([...storage.items.entries()], [[KEY, '[["A","","",2,1]]']], 'nothing written');
      const plain = await builds['ES module'].createTranslator(settings, { storage });
      plain.track(added('B', 1));
      assert.equal(storage.items.get(KEY), '[["A","","",2,1],["B","","",1,1]]', 'without respectDoNotTrack the cart is kept');
    } finally {
      if (had) Object.defineProperty(globalThis, 'navigator', had);
      else delete globalThis.navigator;
    }
  });
