// analytics-next-entry.js - Segment's Analytics Next from npm, bundled for the demo and test pages
// as the global `AnalyticsNext` (by web/build.mjs into build/web/analytics-next.js).
import { AnalyticsBrowser } from '@segment/analytics-next';

window.AnalyticsNext = { AnalyticsBrowser };
