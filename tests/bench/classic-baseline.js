// classic-baseline.js - benchmark baseline (b): an integration following Segment's documented
// classic "Piwik" behaviour (../shared/docs/segment-reference.md), written here on the real
// @segment/analytics.js-integration and @segment/facade. Not shipped; measured beside ours.
import integration from '@segment/analytics.js-integration';

function push(...args) {
  window._paq.push(args);
}

export const ClassicPiwik = integration('Piwik')
  .global('_paq')
  .option('siteId', '')
  .option('url', null)
  .option('goals', {})
  .option('customVariableLimit', 5);

ClassicPiwik.prototype.initialize = function () {
  window._paq = window._paq || [];
  push('setSiteId', this.options.siteId);
  push('setTrackerUrl', `${this.options.url}/piwik.php`);
  push('enableLinkTracking');
  this.ready();
};

ClassicPiwik.prototype.loaded = function () {
  return true;
};

ClassicPiwik.prototype.page = function () {
  push('trackPageView');
};

ClassicPiwik.prototype.identify = function (identify) {
  if (identify.userId()) push('setUserId', String(identify.userId()));
};

ClassicPiwik.prototype.track = function (track) {
  const options = track.options(this.name);
  const customVars = options.customVars || options.cvar;
  const revenue = track.revenue();
  if (customVars && typeof customVars === 'object') {
    for (let i = 1; i <= this.options.customVariableLimit; i++) {
      const slot = customVars[i];
      if (Array.isArray(slot) && slot.length === 2) push('setCustomVariable', String(i), slot[0], slot[1], 'page');
    }
  }
  for (const goal of this.map(this.options.goals, track.event())) push('trackGoal', goal, revenue);
  push('trackEvent', track.category() || 'All', track.event(), track.proxy('properties.name') || track.proxy('properties.label'),
    track.proxy('properties.value') !== undefined ? track.proxy('properties.value') : revenue);
};
