// classic.js - the same destination as a classic analytics.js integration named 'Piwik', for
// @segment/analytics.js-core (analytics.addIntegration) and Analytics Next's classicIntegrations.
// A separate entry (dist/matomo-classic.mjs): @segment/analytics.js-integration is its peer
// dependency and stays out of the main bundle.
import integration from '@segment/analytics.js-integration';
import { createTranslator } from './translator.js';
import { printWarnings, startMatomo } from './paq.js';
import { holdPageViews, resetOrdering } from './reset.js';
import './embedded.js'; // last: the core's bytes close the file (see index.js)

export const Piwik = integration('Piwik')
  .global('_paq')
  .option('siteId', '')
  .option('url', '')
  .option('goals', null)
  .option('customVariableLimit', 5);

/**
 * Marked ready at once, so that neither host holds calls back (Analytics Next buffers a classic
 * integration's calls for up to 5 s at random until it is ready): calls wait for the core here,
 * in order. Settings are checked by the core; a refusal is printed once and the integration
 * stays idle (analytics.ready() callbacks still run). Under Analytics Next, analytics.reset()
 * reaches it through the 'reset' event; elsewhere call its reset() yourself.
 */
Piwik.prototype.initialize = function () {
  const self = this;
  const analytics = this.analytics;
  this._reset = resetOrdering(() => self._call('reset'));
  if (analytics && typeof analytics.on === 'function') analytics.on('reset', () => self._reset.onReset(analytics));
  this._core = createTranslator(this.options).then(
    (translator) => {
      printWarnings(translator.warnings);
      self._translator = translator;
      self._push = startMatomo(translator);
      self._afterCall = holdPageViews(translator.productViewWait, (name) => self._call(name), self._reset);
    },
    (error) => {
      try {
        console.error(error.message);
      } catch {}
    },
  );
  this.ready();
};

/** Whether the core is ready (calls made before then wait for it, in order). */
Piwik.prototype.loaded = function () {
  return Boolean(this._push);
};

/** Translates and pushes call `method` of the core's call table for `event`; never throws. */
Piwik.prototype._call = function (method, event) {
  const self = this;
  const run = () => {
    try {
      if (event) self._reset.beforeCall(event);
      const translate = self._push && self._translator[method];
      if (translate) {
        self._push(translate(event));
        if (self._afterCall) self._afterCall(method);
      }
    } catch {}
  };
  // Until every call that waited for the core has run, later ones queue behind them.
  if (!this._waiting && (this._push || !this._core)) run();
  else {
    this._waiting = (this._waiting || 0) + 1;
    this._core = this._core.then(() => {
      self._waiting--;
      run();
    });
  }
};

/** The calls of Segment's spec that analytics.js hands an integration (the host needs named
 * methods); each runs the translator's method of that name, a row of the core's call table. */
for (const method of ['page', 'identify', 'track', 'group', 'alias']) {
  Piwik.prototype[method] = function (facade) {
    this._call(method, facade && facade.obj);
  };
}

/** Logout: the user id is forgotten and the next hit starts a new visit. */
Piwik.prototype.reset = function () {
  this._call('reset');
};

export default Piwik;
