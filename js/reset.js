// reset.js - what waits before it goes: analytics.reset() until its place among the calls, and a
// page view held for the product view that may follow it. Analytics Next announces a
// reset only by emitting 'reset', at once, while calls made just before it may still be on their
// way to the destination. Calls made after it carry the new anonymousId that the reset made, so
// the reset is applied just before the first of those (or after RESET_WAIT_MS without one).

const RESET_WAIT_MS = 1000;

/**
 * Returns { onReset(analytics), beforeCall(event), now() }; `apply()` translates and pushes the
 * reset. now() applies a reset still waiting at once: when the page is going away (pagehide), so
 * that what the reset owns (the stored cart, the new visit, stored for the next page) is never
 * lost to a navigation made right after it.
 */
export function resetOrdering(apply) {
  let marker = null; // the anonymousId of calls made after a reset not yet applied
  let timer = null;
  const run = () => {
    clearTimeout(timer);
    marker = null;
    apply();
  };
  return {
    onReset(analytics) {
      try {
        const user = analytics && analytics.user && analytics.user();
        const anonymousId = user && user.anonymousId && user.anonymousId();
        if (marker !== null) run(); // a reset still waiting for its place goes first
        if (!anonymousId) return run();
        marker = anonymousId;
        clearTimeout(timer);
        timer = setTimeout(() => marker !== null && run(), RESET_WAIT_MS);
      } catch {}
    },
    beforeCall(event) {
      if (marker !== null && event && event.anonymousId === marker) run();
    },
    now() {
      if (marker !== null) run();
    },
  };
}

/**
 * The page views the core holds for a product view that may follow them (hold(): setting
 * productViewWait): `call(name)` translates and pushes a call of the core. Returns
 * afterCall(name), to run after each call pushed: after a page(), the held page view is let go
 * (the core's flush) when `wait` ms pass without a call that takes it. When the page is hidden or
 * left, everything that waits goes at once: the reset still waiting for its place (`reset`), then
 * the held page view.
 */
export function holdPageViews(wait, call, reset) {
  let timer = null;
  let due = 0; // when the page view held by the last page() is to go
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    call('flush');
  };
  // One timer at a time (a page() each few microseconds must not cost a timer each): when it
  // rings early for a later page(), it waits the rest.
  const ring = () => {
    const left = due - Date.now();
    if (left > 0) timer = setTimeout(ring, left);
    else flush();
  };
  const leave = () => {
    try {
      reset.now();
      flush();
    } catch {}
  };
  try {
    if (typeof addEventListener === 'function') {
      addEventListener('pagehide', leave);
      addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && leave());
    }
  } catch {}
  if (wait > 0) call('hold');
  return (name) => {
    if (name === 'page' && wait > 0) {
      due = Date.now() + wait;
      if (timer === null) timer = setTimeout(ring, wait);
    }
  };
}
