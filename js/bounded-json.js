// bounded-json.js - turns whatever a page hands us into UTF-8 JSON the core can read, without
// ever throwing and within a fixed size. Getters that throw, proxies, cycles, BigInt, functions,
// symbols, huge strings, lone surrogates and deep nesting are all survived: what cannot be
// copied is left out, what is too long is cut. The bytes are written directly, with no
// intermediate copy or string. Under limits with `refuse` (the settings), the first thing that
// would be cut is recorded instead, for boundedJsonCut().

/**
 * Limits for one conversion: depth of nesting, values written (`nodes`), bytes of text written
 * for strings and keys (`bytes`, escapes included), UTF-16 units of one string (`string`: longer
 * ones are cut) and entries of one object or array. EVENT_LIMITS keep a URL, referrer and title
 * of 4,096 characters whole (Analytics Next sends each twice: in `properties` and in
 * `context.page`) and an order of 100 products; the core's memory stays flat for the largest
 * input they allow (tests/wasm-module.test.mjs).
 */
export const EVENT_LIMITS = { depth: 6, nodes: 1500, bytes: 49152, string: 4096, entries: 128 };
// Settings are never cut: past these limits they are refused (`refuse`), and boundedJsonCut()
// says what was too large.
export const SETTINGS_LIMITS = { depth: 6, nodes: 20000, bytes: 262144, string: 4096, entries: 5000, refuse: true };

const QUOTE = 34;
const BACKSLASH = 92;
const HEX = '0123456789abcdef';

function read(object, key) {
  try {
    return object[key];
  } catch {
    return undefined;
  }
}

function keysOf(out, object, limit) {
  try {
    const keys = Object.keys(object);
    if (keys.length > limit) cut(out, `an object of ${keys.length} entries (at most ${limit})`);
    return keys.length > limit ? keys.slice(0, limit) : keys;
  } catch {
    return [];
  }
}

/** Records, once, what a conversion under refusing limits had to cut, and where. */
function cut(out, what) {
  // The key as JSON text (control characters and lone surrogates escaped), cut short.
  if (out.limits.refuse && !out.cut) out.cut = what + (out.top === undefined ? '' : ` in ${JSON.stringify(out.top.slice(0, 40))}`);
}

/** Output state: `bytes` grows as needed; `at` is the write position. */
function room(out, extra) {
  if (out.at + extra > out.bytes.length) {
    const grown = new Uint8Array(Math.max(out.bytes.length * 2, out.at + extra));
    grown.set(out.bytes);
    out.bytes = grown;
  }
  return out.bytes;
}

function putByte(out, byte) {
  room(out, 1)[out.at++] = byte;
}

function putAscii(out, text) {
  const bytes = room(out, text.length);
  let at = out.at;
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  out.at = at;
}

/** A JSON string: UTF-8, control characters, quotes and backslashes escaped; lone surrogates
 * (which cJSON would refuse the whole text for) and U+0000 (where cJSON would cut the string)
 * written as U+FFFD. */
function putString(out, text) {
  const bytes = room(out, text.length * 6 + 2);
  let at = out.at;
  bytes[at++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code === 0) code = 0xfffd;
    if (code < 0x80) {
      if (code < 0x20) {
        bytes[at++] = BACKSLASH;
        bytes[at++] = 117; // u
        bytes[at++] = 48;
        bytes[at++] = 48;
        bytes[at++] = HEX.charCodeAt(code >> 4);
        bytes[at++] = HEX.charCodeAt(code & 15);
        continue;
      }
      if (code === QUOTE || code === BACKSLASH) bytes[at++] = BACKSLASH;
      bytes[at++] = code;
    } else if (code < 0x800) {
      bytes[at++] = 0xc0 | (code >> 6);
      bytes[at++] = 0x80 | (code & 63);
    } else {
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = text.charCodeAt(i + 1);
        if (code < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
          bytes[at++] = 0xf0 | (code >> 18);
          bytes[at++] = 0x80 | ((code >> 12) & 63);
          bytes[at++] = 0x80 | ((code >> 6) & 63);
          bytes[at++] = 0x80 | (code & 63);
          continue;
        }
        code = 0xfffd;
      }
      bytes[at++] = 0xe0 | (code >> 12);
      bytes[at++] = 0x80 | ((code >> 6) & 63);
      bytes[at++] = 0x80 | (code & 63);
    }
  }
  bytes[at++] = QUOTE;
  out.at = at;
}

/** Writes a string value or object key, cut to the string limit (never inside a surrogate
 * pair) and charged to the budget; returns false (having written nothing) when the budget is
 * spent. */
function putText(out, value) {
  let text = value;
  if (text.length > out.limits.string) {
    cut(out, `a text of ${text.length} characters (at most ${out.limits.string})`);
    const end = out.limits.string;
    const high = text.charCodeAt(end - 1);
    text = text.slice(0, high >= 0xd800 && high < 0xdc00 ? end - 1 : end);
  }
  const start = out.at;
  putString(out, text);
  if ((out.budget -= out.at - start) < 0) {
    cut(out, `more than ${out.limits.bytes} bytes of text`);
    out.at = start;
    return false;
  }
  return true;
}

/** Writes `value`; returns false (having written nothing) when it cannot be kept. */
function put(out, value, depth) {
  if (--out.nodes < 0) {
    cut(out, `more than ${out.limits.nodes} values`);
    return false;
  }
  switch (typeof value) {
    case 'string':
      return putText(out, value);
    case 'number':
      if (!Number.isFinite(value)) return false;
      putAscii(out, '' + value);
      return true;
    case 'boolean':
      putAscii(out, value ? 'true' : 'false');
      return true;
    case 'bigint':
      putAscii(out, '"' + value + '"');
      return true;
    case 'object':
      break;
    default:
      return false; // undefined, function, symbol
  }
  if (value === null) {
    putAscii(out, 'null');
    return true;
  }
  // Cycles need no bookkeeping: the depth limit cuts them.
  if (depth >= out.limits.depth) {
    cut(out, `nesting deeper than ${out.limits.depth} levels (a cycle?)`);
    return false;
  }
  let isArray;
  try {
    isArray = Array.isArray(value);
  } catch {
    return false; // a revoked Proxy: this value only is left out
  }
  if (isArray) {
    putByte(out, 91);
    const all = read(value, 'length') >>> 0;
    if (all > out.limits.entries) cut(out, `a list of ${all} entries (at most ${out.limits.entries})`);
    const length = Math.min(all, out.limits.entries);
    for (let i = 0; i < length; i++) {
      if (i) putByte(out, 44);
      if (!put(out, read(value, i), depth + 1)) putAscii(out, 'null');
    }
    putByte(out, 93);
    return true;
  }
  putByte(out, 123);
  let first = true;
  for (const key of keysOf(out, value, out.limits.entries)) {
    const start = out.at;
    if (depth === 0) out.top = key;
    if (!first) putByte(out, 44);
    if (putText(out, key) && (putByte(out, 58), put(out, read(value, key), depth + 1))) first = false;
    else out.at = start;
  }
  putByte(out, 125);
  return true;
}

/**
 * `shape` (key -> 1 for the whole value, or a nested shape) with every dotted path of `paths`
 * ("traits.plan") added as a whole value. `shape` itself is left as it was.
 */
export function shapeWithPaths(shape, paths) {
  const copy = JSON.parse(JSON.stringify(shape));
  // Own properties only, defined rather than assigned: a path through "__proto__" (which the
  // core refuses anyway) can never reach a prototype.
  const own = (object, key) => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);
  const define = (object, key, value) => Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop();
    let at = copy;
    for (const key of keys) {
      const next = own(at, key);
      if (next === 1) {
        at = null; // a whole value already covers the path
        break;
      }
      at = next && typeof next === 'object' ? next : define(at, key, {})[key];
    }
    if (at) define(at, last, 1);
  }
  return copy;
}

const utf8 = new TextEncoder();

/**
 * A shape (key -> 1 for the whole value, or a nested shape) made ready for use:
 * [[UTF-8 bytes of ',"key":', key, nested shape or null], ...].
 */
export function compileShape(shape) {
  return Object.keys(shape).map((key) => [utf8.encode(',' + JSON.stringify(key) + ':'), key, shape[key] === 1 ? null : compileShape(shape[key])]);
}

function putPicked(out, value, fields, known) {
  if (value === null || typeof value !== 'object') return false;
  putByte(out, 123);
  let first = true;
  for (let i = 0; i < fields.length; i++) {
    const [prefix, key, nested] = fields[i];
    const field = known !== undefined && key === known[0] ? known[1] : read(value, key);
    if (field === undefined) continue;
    const start = out.at;
    // ',"key":', without its comma for the first field
    const bytes = room(out, prefix.length);
    let at = start;
    for (let j = first ? 1 : 0; j < prefix.length; j++) bytes[at++] = prefix[j];
    out.at = at;
    if (nested ? putPicked(out, field, nested) : put(out, field, 1)) first = false;
    else out.at = start;
  }
  putByte(out, 125);
  return true;
}

const SCRATCH_SIZE = 65536; // reused between calls; anything larger (settings) is let go after use
let scratch = new Uint8Array(SCRATCH_SIZE);
let busy = false; // a getter may call back in: that call gets a buffer of its own
let lastCut = ''; // what the last conversion under refusing limits had to cut

/**
 * Writes `value` as UTF-8 JSON within `limits` (only the fields of `fields`, from
 * compileShape(), when given) and returns the bytes: a view of a shared buffer, valid until the
 * next call. Never throws; gives `null` when nothing can be kept. `known`, when given, is
 * [key, value]: a top-level field already read, written as it was read (a getter is not asked
 * twice).
 */
export function boundedJsonBytes(value, fields, limits, known) {
  const reentered = busy;
  const out = { bytes: reentered ? new Uint8Array(256) : scratch, at: 0, nodes: limits.nodes, budget: limits.bytes, limits, top: undefined, cut: '' };
  busy = true;
  try {
    if (!(fields ? putPicked(out, value, fields, known) : put(out, value, 0))) out.at = 0;
  } catch {
    out.at = 0;
  } finally {
    busy = reentered;
  }
  if (!reentered && out.bytes.length <= SCRATCH_SIZE) scratch = out.bytes;
  lastCut = out.cut;
  if (out.at === 0) putAscii(out, 'null');
  return out.bytes.subarray(0, out.at);
}

/** What the last boundedJsonBytes() under limits with `refuse` had to cut ('' when nothing):
 * e.g. 'a text of 5000 characters (at most 4096) in "url"'. */
export function boundedJsonCut() {
  return lastCut;
}

/** The same as text (for tests and tools). */
export function boundedJson(value, fields, limits) {
  return new TextDecoder().decode(boundedJsonBytes(value, fields, limits));
}
