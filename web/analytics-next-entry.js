// analytics-next-entry.js - Segment's Analytics Next from npm, bundled for the demo and test pages
// as the global `AnalyticsNext` (by web/build.mjs into build/web/analytics-next.js), with
// Segment's consent tools beside it.
import { AnalyticsBrowser } from '@segment/analytics-next';
// Segment's consent tools, for the consent tests and the demo: createWrapper(settings)(analytics).
import { createWrapper } from '@segment/analytics-consent-tools';

window.AnalyticsNext = { AnalyticsBrowser, createWrapper };
