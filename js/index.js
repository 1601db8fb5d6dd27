// index.js - the entry of the one-file builds: the ES module (dist/matomo-destination.mjs) and
// the classic script (dist/matomo-destination.js, global `MatomoDestination`), core inside.
// The core comes last (embedded.js is evaluated after the API): its bytes then close the file,
// after all of the JavaScript, which gzip compresses better than bytes in the middle.
export * from './api.js';
import './embedded.js';
