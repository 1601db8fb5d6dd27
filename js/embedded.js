// embedded.js - the core inside the bundle, for the one-file builds (index.js, classic.js): the
// .wasm's bytes as one string of one character per byte (js/string-bytes.js; js/build.mjs puts
// it in), turned back into bytes and compiled synchronously when the bundle runs, so a
// translator needs no task to wait for.
import { setCoreSource } from './translator.js';
import { stringBytes } from './string-bytes.js';

/* global __MATOMO_WASM_BYTES__ */
const EMBEDDED_WASM = __MATOMO_WASM_BYTES__;

setCoreSource(() => {
  const bytes = stringBytes(EMBEDDED_WASM);
  try {
    return new WebAssembly.Module(bytes);
  } catch (error) {
    // Chromium before 114 refuses to compile more than 4 KB synchronously on the main thread.
    if (error instanceof RangeError) return WebAssembly.compile(bytes);
    throw error;
  }
});
