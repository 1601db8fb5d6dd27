// translator.js - loads the wasm core and exposes it as a translator: Segment events in, arrays of
// Matomo `_paq` commands out. The mapping itself lives only in C (src/); this file moves bytes.

import { boundedJsonBytes, boundedJsonCut, compileShape, shapeWithPaths, EVENT_LIMITS, SETTINGS_LIMITS } from './bounded-json.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const NO_EVENT = new Uint8Array(0);

let compileCore = () => Promise.reject(new Error('Matomo destination: no core to load (build error).'));
let compiledCore; // the entry module's core, compiled once per page: a Module, or a Promise of one

/** Where the core comes from when no `wasm` option is given (set by the entry module:
 * js/embedded.js compiles it synchronously, js/loader.js returns a Promise). Starts at once. */
export function setCoreSource(compile) {
  compileCore = compile;
  compiledCore = undefined;
  entryCore();
}

function entryCore() {
  if (!compiledCore) {
    try {
      compiledCore = compileCore();
    } catch (error) {
      compiledCore = Promise.reject(error);
    }
    if (compiledCore instanceof Promise) compiledCore.catch(() => {}); // reported by createTranslator
  }
  return compiledCore;
}

/** A readable Error for a core that could not be compiled or instantiated. */
function coreError(error) {
  const text = String((error && error.message) || error);
  if (text.startsWith('Matomo destination: ')) return error;
  return new Error(/unsafe-eval|Content.Security.Policy|wasm-eval|\bCSP\b/i.test(text)
    ? "Matomo destination: this page's Content-Security-Policy does not allow WebAssembly; add 'wasm-unsafe-eval' to script-src."
    : `Matomo destination: the core could not be loaded (${text}).`);
}

/** The compiled core: the entry module's, or `wasm` (a Module or the .wasm bytes); a Module or a
 * Promise of one. */
function coreModule(wasm) {
  return wasm instanceof WebAssembly.Module ? wasm : wasm ? WebAssembly.compile(wasm) : entryCore();
}

function readText(core, pointer, length) {
  return decoder.decode(core.view().subarray(pointer, pointer + length));
}

function readCString(core, pointer) {
  const bytes = core.view();
  return decoder.decode(bytes.subarray(pointer, bytes.indexOf(0, pointer)));
}

/** One module instance holds one destination (see src/wasm/md_wasm.c). Synchronous where the
 * browser allows it (a Promise of it where it does not). `readStored`, set by rememberCart(),
 * answers env.read_cart. */
function instantiate(module) {
  let memory;
  const core = { readStored: () => 0 };
  let bytes = new Uint8Array(0);
  // A view of the whole memory, made anew only when memory has grown: the old buffer is then
  // detached and its view empty (cheaper to test than reading memory.buffer on every use).
  const view = () => (bytes.length ? bytes : (bytes = new Uint8Array(memory.buffer)));
  const imports = {
    env: {
      // md_host_parse_number: the numbers md_strtod leaves to the host (ASCII, short).
      parse_number(pointer, length) {
        const memoryBytes = view();
        let text = '';
        for (let i = 0; i < length; i++) text += String.fromCharCode(memoryBytes[pointer + i]);
        return +text;
      },
      // md_host_format_number: writes String(value) (ASCII, < 32 bytes) at `pointer`.
      format_number(value, pointer) {
        const memoryBytes = view();
        const text = String(value);
        for (let i = 0; i < text.length; i++) memoryBytes[pointer + i] = text.charCodeAt(i);
        return text.length;
      },
      // md_host_read_stored: during the first call that uses the cart (1), or sends a hit (0).
      read_cart(cart) {
        return core.readStored(cart) || 0;
      },
    },
  };
  const ready = (instance) => {
    memory = instance.exports.memory;
    return Object.assign(core, instance.exports, { view });
  };
  try {
    return ready(new WebAssembly.Instance(module, imports));
  } catch (error) {
    // Chromium before 114 refuses to instantiate more than 4 KB synchronously on the main thread.
    if (error instanceof RangeError) return WebAssembly.instantiate(module, imports).then(ready);
    throw error;
  }
}

/**
 * Copies `bytes` into memory the core owns, runs `use(pointer, length)`, then releases all
 * per-call memory (input and output alike) with mdw_release(), whatever happens.
 */
function withInput(core, bytes, use) {
  try {
    const input = core.mdw_input(bytes.length); // owned by the core until mdw_release()
    if (!input) return undefined;
    core.view().set(bytes, input);
    return use(input, bytes.length);
  } finally {
    core.mdw_release();
  }
}

/** Parses the JSON an export returned (core-owned, valid until mdw_release()); [] for NULL. */
function readOutput(core, output) {
  return output ? JSON.parse(readText(core, output, core.mdw_output_length())) : [];
}

/** The core writes `null` for an argument to leave undefined (see src/md_core.h). */
function toCommands(list) {
  for (const command of list) {
    for (let i = 1; i < command.length; i++) if (command[i] === null) command[i] = undefined;
  }
  return list;
}

const CART_TEXT_LIMIT = 65536; // a stored cart longer than this is ignored

/** The page's localStorage, or null where there is none or it cannot be reached. */
function pageStorage() {
  try {
    return typeof localStorage === 'object' && localStorage ? localStorage : null;
  } catch {
    return null; // e.g. disabled: reading it throws
  }
}

/** Whether the browser asks not to be tracked, as Matomo's setDoNotTrack reads it. */
function browserSaysDoNotTrack() {
  try {
    const said = navigator.doNotTrack || navigator.msDoNotTrack;
    return said === '1' || said === 'yes';
  } catch {
    return false;
  }
}

// A stored new visit older than this is not one a reset left for this page (Matomo's visit).
const NEW_VISIT_MS = 30 * 60 * 1000;

/** Whether this page was reached from a page of its own site, which may have left a reset's new
 * visit; true where there is no page (Node). */
function fromThisSite() {
  try {
    return typeof document !== 'object' || `${document.referrer}/`.startsWith(`${location.origin}/`);
  } catch {
    return false;
  }
}

/**
 * Keeps what the core stores in the storage `openStorage()` gives (null: none): its remembered
 * cart under `key`, and under `key` with ':new-visit' the time of a reset whose new visit was not
 * sent yet (so that a logout followed at once by a navigation still starts a new visit on the
 * next page). The cart is opened and read when the core first uses it (env.read_cart(1): a page
 * without cart events never reads it); the new visit when it first sends a hit
 * (env.read_cart(0)), and only on a page reached from the site itself. Written whenever either
 * changed since, the cart read again when another tab changed it. Missing, full, disabled or
 * hostile storage, and anything malformed in it, are ignored. Returns afterCall(), to run after
 * each call.
 */
function rememberCart(core, openStorage, key) {
  const newVisitKey = `${key}:new-visit`;
  // Hands a stored cart to the core in per-call memory: within a call (env.read_cart) the call's
  // own, released with it; outside one, released by the caller.
  const importCart = (text) => {
    if (typeof text !== 'string' || text.length > CART_TEXT_LIMIT) return;
    const bytes = encoder.encode(text);
    const at = core.mdw_cart_space(bytes.length);
    if (at) {
      core.view().set(bytes, at);
      core.mdw_cart_import(at, bytes.length);
    }
  };
  let asked = false;
  let due = 0; // 1 while the new visit stored is this translator's (set, or read and not yet sent)
  let storage; // opened when first needed: even reaching localStorage costs a page time
  const store = () => (storage === undefined ? (storage = openStorage()) : storage);
  core.readStored = (cart) => {
    if (!cart) {
      // Opening the storage costs a fresh page time: only where a reset may have been left.
      if (!fromThisSite() || !store()) return 0;
      try {
        const at = Number(storage.getItem(newVisitKey));
        due = at > Date.now() - NEW_VISIT_MS ? 1 : 0;
        if (at && !due) storage.removeItem(newVisitKey);
      } catch {}
      return due;
    }
    asked = true;
    if (!store()) return 0;
    try {
      importCart(storage.getItem(key));
    } catch {}
    try {
      if (typeof addEventListener === 'function') {
        addEventListener('storage', (change) => {
          try {
            if (change.key === key) importCart(change.newValue ?? '[]');
          } catch {
          } finally {
            core.mdw_release();
          }
        });
      }
    } catch {}
    return 0;
  };
  let version = core.mdw_cart_version();
  return () => {
    try {
      if (core.mdw_cart_version() === version) return;
      version = core.mdw_cart_version();
      // core-owned until mdw_release(); NULL when the cart may not be stored
      const output = core.mdw_cart_export();
      const text = output ? readText(core, output, core.mdw_output_length()) : null;
      // Before the core used the cart, only consent changed it: a stored cart stays unless the
      // cart may no longer be stored. Only this translator's own new visit changes what is
      // stored of it: another tab's stays.
      const cart = asked || text === null;
      const now = text !== null ? core.mdw_new_visit_due() : 0;
      if ((!cart && now === due) || !store()) return;
      if (cart && text && text !== '[]') storage.setItem(key, text);
      else if (cart) storage.removeItem(key);
      if (now !== due) {
        if (now) storage.setItem(newVisitKey, String(Date.now()));
        else storage.removeItem(newVisitKey);
        due = now;
      }
    } catch {
      // full or disabled storage: the cart is kept in memory only
    } finally {
      core.mdw_release();
    }
  };
}

/**
 * Creates a translator for `settings` (see README's settings table). Resolves to an object with
 * one method per call of the core's call table (setup(), page(event), identify(event),
 * track(event), group(event), alias(event), reset()), plus mapGoal(name), scriptUrl,
 * scriptNonce, scriptTimeout, warnings (messages about unknown settings, each to print once),
 * and what the host must know of the tracker: keepPlace (the methods a call may give that change
 * a state the tracker keeps, each with the number of its state: before the tracker has started,
 * a change after the first of its state must keep its place), productViewWait (the ms a page view may be
 * held after hold(), until flush()) and trackers (2 when commands run on more than one).
 * Each method returns an array of `_paq` commands and never throws. Rejects with an Error that
 * names the setting and the fix when the settings are refused, or says what was too large. `options.wasm`: a WebAssembly.Module or the bytes of matomo-destination.wasm, to use
 * instead of the copy embedded in this file. `options.storage`: where the remembered cart is
 * kept ({ getItem, setItem, removeItem }; the page's localStorage by default, none in Node);
 * `null` keeps it in memory only.
 *
 * One translator is one module instance: its state (the last page URL, a new visit due after
 * reset, the visit dimensions set) is its own, so two translators are independent.
 */
export async function createTranslator(settings, options = {}) {
  let core;
  try {
    const module = coreModule(options.wasm);
    core = await instantiate(module instanceof WebAssembly.Module ? module : await module);
  } catch (error) {
    throw coreError(error);
  }
  const settingsJson = boundedJsonBytes(settings, null, SETTINGS_LIMITS);
  const tooLarge = boundedJsonCut();
  if (tooLarge) {
    throw new Error(`Matomo destination: the settings are too large to read: ${tooLarge}. Shorten them: settings are refused, never cut.`);
  }
  if (!withInput(core, settingsJson, (input, length) => core.mdw_settings(input, length))) {
    const message = readCString(core, core.mdw_error());
    throw new Error(message || 'Matomo destination: the settings could not be read (out of memory).');
  }
  const warning = readCString(core, core.mdw_warnings());
  const translator = {
    /** The URL of the Matomo tracker script to load. */
    scriptUrl: readCString(core, core.mdw_script_url()),
    /** The nonce for its script tag ('' when the settings give none). */
    scriptNonce: readCString(core, core.mdw_script_nonce()),
    /** Seconds to wait for the tracker script before reporting it and letting go (scriptTimeout). */
    scriptTimeout: core.mdw_script_timeout(),
    /** Messages about the settings (unknown names), each meant to be shown once. */
    warnings: warning ? [warning] : [],
    mapGoal(name) {
      try {
        const text = typeof name === 'string' || typeof name === 'number' ? String(name).slice(0, EVENT_LIMITS.string) : '';
        return withInput(core, encoder.encode(text), (input, length) => readOutput(core, core.mdw_map_goal(input, length))) ?? [];
      } catch {
        return [];
      }
    },
  };
  // The call table (src/calls/md_calls.c): { calls: [[name, fields or null, reads the paths,
  // lean fields or null], ...] in index order, paths: [dotted paths the dimension and consent
  // settings name] }.
  let table;
  try {
    table = readOutput(core, core.mdw_calls()); // core-owned until mdw_release()
  } finally {
    core.mdw_release();
  }
  // What the host must know of the tracker (src/md_core.h, md_event_fields).
  translator.keepPlace = table.keepPlace;
  translator.productViewWait = table.productViewWait;
  translator.trackers = table.trackers;
  // With respectDoNotTrack, a browser that asks not to be tracked gets nothing stored either.
  const storage = table.doNotTrack && browserSaysDoNotTrack() ? null : options.storage;
  const siteId = readCString(core, core.mdw_site_id());
  const afterCall = storage === null ? () => {} : rememberCart(core, storage === undefined ? pageStorage : () => storage || null, `matomo-destination:cart:${siteId}`);
  table.calls.forEach(([name, shape, readsPaths, leanShape], index) => {
    const compile = (fieldShape) => compileShape(readsPaths ? shapeWithPaths(fieldShape, table.paths) : fieldShape);
    // Each compiled when first needed: a page makes only some of the calls, and most tracks are lean.
    let fields;
    let leanFields;
    const allOf = () => fields || (fields = compile(shape));
    const leanOf = () => leanFields || (leanFields = compile(leanShape));
    // Whether an event name reads all the fields or only the lean ones: the core says, once a
    // name (a bounded cache); anything but a text name gets all of them.
    const answers = new Map();
    const readsAllFields = (eventName) => {
      if (typeof eventName !== 'string' || eventName.length > EVENT_LIMITS.string) return true;
      let all = answers.get(eventName);
      if (all === undefined) {
        all = withInput(core, encoder.encode(eventName), (input, length) => core.mdw_reads_all_fields(index, input, length)) !== 0;
        if (answers.size >= 256) answers.clear();
        answers.set(eventName, all);
      }
      return all;
    };
    // The event's JSON; with lean fields, its name is read once and written as it was read, so
    // that a getter cannot give the core another name than the one the fields were chosen for.
    const eventJson = (event) => {
      if (!shape) return NO_EVENT;
      if (!leanShape) return boundedJsonBytes(event, allOf(), EVENT_LIMITS);
      let eventName;
      try {
        eventName = event.event;
      } catch {}
      return boundedJsonBytes(event, readsAllFields(eventName) ? allOf() : leanOf(), EVENT_LIMITS, ['event', eventName]);
    };
    translator[name] = (event) => {
      try {
        const json = eventJson(event);
        return toCommands(withInput(core, json, (input, length) => readOutput(core, core.mdw_translate(index, input, length))) ?? []);
      } catch {
        return [];
      } finally {
        afterCall();
      }
    };
  });
  return translator;
}
