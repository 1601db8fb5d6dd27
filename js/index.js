// index.js - the entry of the one-file builds: the ES module (dist/matomo-destination.mjs) and
// the classic script (dist/matomo-destination.js, global `MatomoDestination`), core inside.
import './embedded.js';

export * from './api.js';
