// api.js - the public API, the same in every build.
export { createTranslator } from './translator.js';
export { matomo, VERSION } from './plugin.js';
