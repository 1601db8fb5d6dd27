// embedded.js - the core inside the bundle, for the one-file builds (index.js, classic.js):
// gzip-compressed and base64-encoded by js/build.mjs, inflated and compiled once a page, as soon
// as the bundle runs.
import { setCoreSource } from './translator.js';

/* global __MATOMO_WASM_GZIP_BASE64__ */
const EMBEDDED_WASM = __MATOMO_WASM_GZIP_BASE64__;

function compileEmbedded() {
  let bytes;
  if (Uint8Array.fromBase64) {
    bytes = Uint8Array.fromBase64(EMBEDDED_WASM); // native where there (Chromium >= 140)
  } else {
    const text = atob(EMBEDDED_WASM);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  // Streaming compilation straight from the inflater where there is one.
  return WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(new Response(stream, { headers: { 'content-type': 'application/wasm' } }))
    : new Response(stream).arrayBuffer().then((raw) => WebAssembly.compile(raw));
}

setCoreSource(compileEmbedded);
