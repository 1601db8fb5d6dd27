// reset.js - puts analytics.reset() in its place among the calls. Analytics Next announces a
// reset only by emitting 'reset', at once, while calls made just before it may still be on their
// way to the destination. Calls made after it carry the new anonymousId that the reset made, so
// the reset is applied just before the first of those (or after RESET_WAIT_MS without one).

const RESET_WAIT_MS = 1000;

/** Returns { onReset(analytics), beforeCall(event) }; `apply()` translates and pushes the reset. */
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
  };
}
