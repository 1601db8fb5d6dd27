// string-bytes.js - the .wasm inside the one-file builds as a string of one character per byte:
// byteLiteral() writes it (at build time, js/build.mjs), stringBytes() reads it back (in the page,
// js/embedded.js).

// Escaped in the literal: the quote, '\', line ends, '<' (an inlined script must not hold
// "</script") and NUL (an HTML parser replaces it), as \0 unless a digit follows.
const ESCAPES = { 0x0a: '\\n', 0x0d: '\\r', 0x22: '\\"', 0x3c: '\\x3c', 0x5c: '\\\\' };

/** A JS string literal whose characters are `bytes`, U+0000-U+00FF. Written to a UTF-8 file,
 * characters from U+0080 take two bytes; the rest one, escapes aside. */
export function byteLiteral(bytes) {
  let literal = '"';
  bytes.forEach((byte, i) => {
    if (byte === 0) literal += bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? '\\x00' : '\\0';
    else literal += ESCAPES[byte] ?? String.fromCharCode(byte);
  });
  return literal + '"';
}

/** The string's characters (U+0000-U+00FF) as bytes. Where the engine has
 * Uint8Array.fromBase64 (Chromium 140, Firefox 133, Safari 18.2), two native steps: btoa() reads
 * each character as one byte. Elsewhere TextEncoder, which writes each character from U+0080 as
 * two bytes (0xC2 or 0xC3, then 0x80-0xBF); those pairs (about one byte in twenty of a wasm) are
 * joined back in place, the runs between them moved whole. */
export function stringBytes(text) {
  if (typeof Uint8Array.fromBase64 === 'function' && typeof btoa === 'function') return Uint8Array.fromBase64(btoa(text));
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
