// classic-core-entry.js - analytics.js-core (classic Analytics.js) with the shipped classic
// integration added, as a test page would bundle them: globals `analytics` and `MatomoClassic`.
import analytics from '@segment/analytics.js-core';
import Piwik from '../../dist/matomo-classic.mjs';

analytics.addIntegration(Piwik);
window.analytics = analytics;
window.MatomoClassic = { Piwik };
