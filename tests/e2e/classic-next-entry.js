// classic-next-entry.js - the shipped classic integration alone, for Analytics Next's
// `classicIntegrations` option: global `MatomoClassic`.
import Piwik from '../../dist/matomo-classic.mjs';

window.MatomoClassic = { Piwik };
