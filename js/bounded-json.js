// bounded-json.js - turns whatever a page hands us into JSON text the core can read, without ever
// throwing and within a fixed size. Getters that throw, proxies, cycles, BigInt, functions,
// symbols, huge strings and deep nesting are all survived: what cannot be copied is left out,
// what is too long is cut.

/**
 * Limits for one conversion. Every value copied costs one node; strings cost their length.
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

/** Copies a JSON-safe version of `value`, or returns undefined when nothing can be kept. */
function copy(value, budget, depth, parents) {
  if (--budget.nodes < 0) return undefined;
  switch (typeof value) {
    case 'string': {
      let text = value.length > budget.string ? value.slice(0, budget.string) : value;
      if ((budget.chars -= text.length) < 0) return undefined;
      // cJSON refuses a whole text for one lone surrogate; a cut may have made one too.
      if (!text.isWellFormed()) text = text.toWellFormed();
      return text;
    }
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return value;
    case 'bigint':
      return String(value);
    case 'object':
      break;
    default:
      return undefined; // undefined, function, symbol
  }
  if (value === null) return null;
  if (depth >= budget.depth || parents.includes(value)) return undefined;
  parents.push(value);
  let result;
  if (Array.isArray(value)) {
    result = [];
    const length = Math.min(read(value, 'length') >>> 0, budget.entries);
    for (let i = 0; i < length; i++) {
      const item = copy(read(value, i), budget, depth + 1, parents);
      result.push(item === undefined ? null : item);
    }
  } else {
    result = {};
    for (const key of keysOf(value, budget.entries)) {
      const item = copy(read(value, key), budget, depth + 1, parents);
      if (item !== undefined) result[key] = item;
    }
  }
  parents.pop();
  return result;
}

/** Copies the fields `shape` names (key -> 1 for the whole value, or a nested shape). */
function pick(value, shape, budget, parents) {
  if (value === null || typeof value !== 'object') return undefined;
  const result = {};
  for (const key in shape) {
    const field = read(value, key);
    if (field === undefined) continue;
    const kept = shape[key] === 1 ? copy(field, budget, 1, parents) : pick(field, shape[key], budget, parents);
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

/**
 * JSON text for `value`: only the fields `shape` names when one is given, else the whole value,
 * within `limits`. Never throws; returns "null" when nothing can be kept.
 */
export function boundedJson(value, shape, limits) {
  try {
    const budget = { ...limits };
    const kept = shape ? pick(value, shape, budget, []) : copy(value, budget, 0, []);
    return kept === undefined ? 'null' : JSON.stringify(kept);
  } catch {
    return 'null';
  }
}
