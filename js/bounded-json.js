// bounded-json.js - turns whatever a page hands us into JSON text the core can read, without ever
// throwing and within a fixed size. Getters that throw, proxies, cycles, BigInt, functions,
// symbols, huge strings and deep nesting are all survived: what cannot be copied is left out,
// what is too long is cut. The text is written directly, with no intermediate copy.

/**
 * Limits for one conversion. Every value written costs one node; strings cost their length.
 * EVENT_LIMITS keep the worst case (every character escaped six-fold in and out) inside the
 * core's single 64 KiB page: input <= 15 KB, parsed tree <= 16 KB, output <= 12 KB.
 */
export const EVENT_LIMITS = { depth: 5, nodes: 256, chars: 2048, string: 1000, entries: 64 };
export const SETTINGS_LIMITS = { depth: 6, nodes: 20000, chars: 262144, string: 2048, entries: 5000 };

function read(object, key) {
  try {
    return object[key];
  } catch {
    return undefined;
  }
}

function keysOf(object, limit) {
  try {
    const keys = Object.keys(object);
    return keys.length > limit ? keys.slice(0, limit) : keys;
  } catch {
    return [];
  }
}

/** JSON text for `value`, or undefined when nothing can be kept. `budget` is spent. */
function write(value, budget, limits, depth) {
  if (--budget.nodes < 0) return undefined;
  switch (typeof value) {
    case 'string': {
      let text = value.length > limits.string ? value.slice(0, limits.string) : value;
      if ((budget.chars -= text.length) < 0) return undefined;
      // cJSON refuses a whole text for one lone surrogate; a cut may have made one too.
      if (!text.isWellFormed()) text = text.toWellFormed();
      return JSON.stringify(text);
    }
    case 'number':
      return Number.isFinite(value) ? '' + value : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return '"' + value + '"';
    case 'object':
      break;
    default:
      return undefined; // undefined, function, symbol
  }
  if (value === null) return 'null';
  // Cycles need no bookkeeping: the depth limit cuts them.
  if (depth >= limits.depth) return undefined;
  let text;
  if (Array.isArray(value)) {
    text = '[';
    const length = Math.min(read(value, 'length') >>> 0, limits.entries);
    for (let i = 0; i < length; i++) {
      text += (i ? ',' : '') + (write(read(value, i), budget, limits, depth + 1) ?? 'null');
    }
    text += ']';
  } else {
    text = '';
    for (const key of keysOf(value, limits.entries)) {
      const item = write(read(value, key), budget, limits, depth + 1);
      if (item !== undefined) text += (text ? ',' : '') + JSON.stringify(key) + ':' + item;
    }
    text = '{' + text + '}';
  }
  return text;
}

/**
 * A shape (key -> 1 for the whole value, or a nested shape) made ready for writePicked():
 * [[quoted key, key, nested shape or null], ...].
 */
export function compileShape(shape) {
  return Object.keys(shape).map((key) => [JSON.stringify(key) + ':', key, shape[key] === 1 ? null : compileShape(shape[key])]);
}

function writePicked(value, fields, budget, limits) {
  if (value === null || typeof value !== 'object') return undefined;
  let text = '';
  for (const [quoted, key, nested] of fields) {
    const field = read(value, key);
    if (field === undefined) continue;
    const item = nested ? writePicked(field, nested, budget, limits) : write(field, budget, limits, 1);
    if (item !== undefined) text += (text ? ',' : '') + quoted + item;
  }
  return '{' + text + '}';
}

/**
 * JSON text for `value` within `limits`: only the fields of `fields` (from compileShape) when
 * given, else the whole value. Never throws; returns "null" when nothing can be kept.
 */
export function boundedJson(value, fields, limits) {
  try {
    const budget = { nodes: limits.nodes, chars: limits.chars };
    const text = fields ? writePicked(value, fields, budget, limits) : write(value, budget, limits, 0);
    return text === undefined ? 'null' : text;
  } catch {
    return 'null';
  }
}
