// classic.js - the same destination as a classic analytics.js integration named 'Piwik', for
// @segment/analytics.js-core (analytics.addIntegration) and Analytics Next's classicIntegrations.
// A separate entry (dist/matomo-classic.mjs): @segment/analytics.js-integration is its peer
// dependency and stays out of the main bundle.
import integration from '@segment/analytics.js-integration';
import './embedded.js';
import { createTranslator } from './translator.js';
import { startMatomo } from './paq.js';

export const Piwik = integration('Piwik')
  .global('_paq')
  .option('siteId', '')
  .option('url', '')
  .option('goals', null)
  .option('customVariableLimit', 5);

/** Settings are checked by the core; a refusal is printed once and the integration stays idle. */
Piwik.prototype.initialize = function () {
  const self = this;
  createTranslator(this.options).then(
    (translator) => {
      self._translator = translator;
      self._push = startMatomo(translator);
      self.ready();
    },
    (error) => {
      try {
        console.error(error.message);
      } catch {}
    },
  );
};

/** Calls are taken as soon as the core is ready; before the tracker script, they wait on `_paq`. */
Piwik.prototype.loaded = function () {
  return Boolean(this._push);
};

for (const method of ['page', 'identify', 'track']) {
  Piwik.prototype[method] = function (facade) {
    try {
      if (this._push) this._push(this._translator[method](facade.obj));
    } catch {}
  };
}

export default Piwik;
