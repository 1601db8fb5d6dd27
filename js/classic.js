// classic.js - the same destination as a classic analytics.js integration named 'Piwik', for
// @segment/analytics.js-core (analytics.addIntegration) and Analytics Next's classicIntegrations.
// A separate entry (dist/matomo-classic.mjs): @segment/analytics.js-integration is its peer
// dependency and stays out of the main bundle.
import integration from '@segment/analytics.js-integration';
import './embedded.js';
import { createTranslator } from './translator.js';
import { startMatomo } from './paq.js';
import { resetOrdering } from './reset.js';

export const Piwik = integration('Piwik')
  .global('_paq')
  .option('siteId', '')
  .option('url', '')
  .option('goals', null)
  .option('customVariableLimit', 5);

/**
 * Settings are checked by the core; a refusal is printed once and the integration stays idle,
 * but is still marked ready, so that analytics.ready() callbacks run (as analytics.js-core does
 * for an integration whose initialize throws). Under Analytics Next, analytics.reset() reaches
 * it through the 'reset' event; elsewhere call its reset() yourself.
 */
Piwik.prototype.initialize = function () {
  const self = this;
  const analytics = this.analytics;
  this._reset = resetOrdering(() => self.reset());
  if (analytics && typeof analytics.on === 'function') analytics.on('reset', () => self._reset.onReset(analytics));
  createTranslator(this.options).then(
    (translator) => {
      for (const warning of translator.warnings) {
        try {
          console.warn(warning);
        } catch {}
      }
      self._translator = translator;
      self._push = startMatomo(translator);
      self.ready();
    },
    (error) => {
      try {
        console.error(error.message);
      } catch {}
      self.ready();
    },
  );
};

/** Calls are taken as soon as the core is ready; before the tracker script, they wait on `_paq`. */
Piwik.prototype.loaded = function () {
  return Boolean(this._push);
};

/** Each call of the core's call table that analytics.js hands an integration. */
for (const method of ['page', 'identify', 'track', 'group', 'alias']) {
  Piwik.prototype[method] = function (facade) {
    try {
      const event = facade && facade.obj;
      if (this._reset) this._reset.beforeCall(event);
      const translate = this._push && this._translator[method];
      if (translate) this._push(translate(event));
    } catch {}
  };
}

/** Logout: the user id is forgotten and the next hit starts a new visit. */
Piwik.prototype.reset = function () {
  try {
    if (this._push) this._push(this._translator.reset());
  } catch {}
};

export default Piwik;
