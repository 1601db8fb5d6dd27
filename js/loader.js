// loader.js - the entry of dist/matomo-destination.loader.mjs: the package without the core
// inside; the core comes from matomo-destination.wasm beside it (fetched once a page, when this
// module runs). For sites that serve and cache the .wasm themselves.
import { setCoreBytes } from './translator.js';

const url = new URL('./matomo-destination.wasm', import.meta.url);
let started;
const fetchCore = () => {
  started ??= fetch(url).then((response) => {
    if (!response.ok) throw new Error(`Matomo destination: the core ${url} could not be loaded (HTTP ${response.status}).`);
    return response.arrayBuffer();
  });
  return started;
};
setCoreBytes(fetchCore);
fetchCore().catch(() => {}); // start at once, as the one-file builds do; failures surface in createTranslator

export * from './index.js';
