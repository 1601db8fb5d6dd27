// plugin.js - the Analytics Next destination plugin: analytics.register(matomo({ siteId, url })).
import { createTranslator } from './translator.js';
import { printWarnings, startMatomo } from './paq.js';
import { holdPageViews, resetOrdering } from './reset.js';

export const VERSION = '0.1.0';

// The calls of Segment's spec that Analytics Next hands a destination plugin (the host needs named
// handlers, so the list is Segment's, not the core's). Each goes to the translator's method of
// that name (a row of the core's call table) when it has one: a new row needs no edit here.
const SEGMENT_CALLS = ['page', 'screen', 'identify', 'track', 'group', 'alias'];

let toldNotInBrowser = false;
/** Says once a process that the destination runs only in a browser. */
function notInBrowser() {
  try {
    if (!toldNotInBrowser) console.warn('Matomo destination: runs only in a browser (there is no window here: server-side rendering?); load() does nothing.');
    toldNotInBrowser = true;
  } catch {}
}

/** Copies of `commands` (the tracker changes the arrays and objects pushed onto `_paq`). */
function copyCommands(commands) {
  return commands.map((command) => command.map((argument) => (argument && typeof argument === 'object' ? structuredClone(argument) : argument)));
}

/**
 * An Analytics Next destination plugin named 'Matomo' for `settings` (see README). When the
 * settings are refused, load() prints the readable error once with console.error and resolves,
 * leaving the destination idle (a rejection would make Analytics Next print it a second time);
 * unknown settings are named once with console.warn; its handlers never throw. Without a browser
 * (server-side rendering) load() does nothing and says so once.
 *
 * `options.onCommands(commands, call)`, when given, sees a copy of every list of `_paq` commands
 * the core produced ('setup', 'page', 'identify', 'track', 'group', 'reset', ...), e.g. for
 * logging while setting up.
 *
 * Analytics Next does not wait for a destination's load() before handing it events, so calls
 * that arrive earlier wait for it here, in order, and are then translated and pushed.
 */
export function matomo(settings, options = {}) {
  let translator = null;
  let push = null;
  let afterCall = () => {};
  let markLoaded;
  const loaded = new Promise((resolve) => (markLoaded = resolve)); // resolves once, even on failure

  const observe = (commands, call) => {
    try {
      if (typeof options.onCommands === 'function') options.onCommands(copyCommands(commands), call);
    } catch {}
    return commands;
  };
  // analytics.reset() comes as an emitted 'reset' (see reset.js); it waits for load like a call.
  const reset = resetOrdering(() => deliver('reset', {}));
  const deliver = (method, ctx) => {
    try {
      const event = ctx && ctx.event;
      reset.beforeCall(event);
      // Segment's classic integration was named 'Piwik': `integrations: { Piwik: false }` keeps
      // skipping it, as `{ Matomo: false }` does through Analytics Next itself.
      const translate = push && translator[method];
      if (translate && !(event && event.integrations && event.integrations.Piwik === false)) {
        const commands = translate(event);
        // hold and flush are the plugin's own calls: seen only when they give commands
        if (commands.length || (method !== 'hold' && method !== 'flush')) push(observe(commands, method));
        afterCall(method);
      }
    } catch {}
    return ctx;
  };
  const handle = (method) => (ctx) => (push ? deliver(method, ctx) : loaded.then(() => deliver(method, ctx)));
  const plugin = {
    name: 'Matomo',
    // Segment's own destination is named Piwik: `integrations: { All: false, Piwik: true }` (or
    // `Piwik: { customVars }`) routes events here too.
    alternativeNames: ['Piwik'],
    type: 'destination',
    version: VERSION,
    isLoaded: () => push !== null,
    async load(ctx, analytics) {
      if (typeof window === 'undefined' || typeof document === 'undefined') {
        markLoaded();
        notInBrowser();
        return ctx;
      }
      try {
        if (analytics && typeof analytics.on === 'function') {
          analytics.on('reset', () => (push ? reset.onReset(analytics) : loaded.then(() => reset.onReset(analytics))));
        }
        translator = await createTranslator(settings);
        printWarnings(translator.warnings);
        push = startMatomo({ ...translator, setup: () => observe(translator.setup(), 'setup') });
        afterCall = holdPageViews(translator.productViewWait, (name) => deliver(name, {}), reset);
        return ctx;
      } catch (error) {
        try {
          console.error(error.message);
        } catch {}
        return ctx;
      } finally {
        markLoaded();
      }
    },
  };
  for (const method of SEGMENT_CALLS) plugin[method] = handle(method);
  return plugin;
}
