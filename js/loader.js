// loader.js - the entry of dist/matomo-destination.loader.mjs: the package without the core
// inside; the core comes from matomo-destination.wasm beside it, fetched and compiled once a
// page, as soon as this module runs. For sites that serve and cache the .wasm themselves.
import { setCoreSource } from './translator.js';

/* global __LOADER_BASE__ */
// Beside this file: import.meta.url in the ES module; in the CommonJS build (js/build.mjs) the
// file's own path.
const url = new URL('./matomo-destination.wasm', __LOADER_BASE__);

setCoreSource(() =>
  fetch(url).then((response) => {
    if (!response.ok) throw new Error(`Matomo destination: the core ${url} could not be loaded (HTTP ${response.status}).`);
    return response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
  }),
);

export * from './api.js';
