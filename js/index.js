// index.js - the package entry: the ES module (dist/matomo-destination.mjs) and the classic
// script (dist/matomo-destination.js, global `MatomoDestination`) both expose these.
export { createTranslator } from './translator.js';
export { matomo, VERSION } from './plugin.js';
