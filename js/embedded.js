// embedded.js - the core inside the bundle, for the one-file builds (index.js, classic.js): the
// .wasm's bytes as one string of one character per byte (js/build.mjs writes it), turned back
// into bytes and compiled synchronously when the bundle runs, so a translator needs no task to
// wait for.
import { setCoreSource } from './translator.js';

/* global __MATOMO_WASM_BYTES__ */
const EMBEDDED_WASM = __MATOMO_WASM_BYTES__;

/** The string's characters (U+0000-U+00FF) as bytes. TextEncoder does it natively but writes
 * each character from U+0080 as two bytes, 0xC2 or 0xC3 then 0x80-0xBF; those pairs (about one
 * byte in twenty of a wasm) are joined back in place, the runs between them moved whole. */
function stringBytes(text) {
  const bytes = new TextEncoder().encode(text);
  let from = 0;
  let to = 0;
  let nextC2 = bytes.indexOf(0xc2);
  let nextC3 = bytes.indexOf(0xc3);
  while (nextC2 >= 0 || nextC3 >= 0) {
    const at = nextC3 < 0 || (nextC2 >= 0 && nextC2 < nextC3) ? nextC2 : nextC3;
    bytes.copyWithin(to, from, at);
    to += at - from;
    bytes[to++] = bytes[at] === 0xc2 ? bytes[at + 1] : bytes[at + 1] + 0x40;
    from = at + 2;
    if (at === nextC2) nextC2 = bytes.indexOf(0xc2, from);
    else nextC3 = bytes.indexOf(0xc3, from);
  }
  bytes.copyWithin(to, from);
  return bytes.subarray(0, text.length);
}

setCoreSource(() => new WebAssembly.Module(stringBytes(EMBEDDED_WASM)));
