// plugin.js - the Analytics Next destination plugin: analytics.register(matomo({ siteId, url })).
import { createTranslator } from './translator.js';
import { startMatomo } from './paq.js';

export const VERSION = '0.1.0';

/**
 * An Analytics Next destination plugin named 'Matomo' for `settings` (see README: siteId, url,
 * goals, customVariableLimit). Its load() rejects with a readable Error, also printed once with
 * console.error, when the settings are refused; its handlers never throw.
 *
 * `options.onCommands(commands, call)`, when given, sees every list of `_paq` commands the core
 * produced ('setup', 'page', 'identify', 'track'), e.g. for logging while setting up.
 *
 * Analytics Next does not wait for a destination's load() before handing it events, so calls
 * that arrive earlier wait for it here, in order, and are then translated and pushed.
 */
export function matomo(settings, options = {}) {
  let translator = null;
  let push = null;
  let markLoaded;
  const loaded = new Promise((resolve) => (markLoaded = resolve)); // resolves once, even on failure

  const observe = (commands, call) => {
    try {
      if (typeof options.onCommands === 'function') options.onCommands(commands, call);
    } catch {}
    return commands;
  };
  const deliver = (method, ctx) => {
    try {
      const event = ctx && ctx.event;
      // Segment's classic integration was named 'Piwik': `integrations: { Piwik: false }` keeps
      // skipping it, as `{ Matomo: false }` does through Analytics Next itself.
      if (push && !(event && event.integrations && event.integrations.Piwik === false)) push(observe(translator[method](event), method));
    } catch {}
    return ctx;
  };
  const handle = (method) => (ctx) => (push ? deliver(method, ctx) : loaded.then(() => deliver(method, ctx)));

  return {
    name: 'Matomo',
    type: 'destination',
    version: VERSION,
    isLoaded: () => push !== null,
    async load(ctx) {
      try {
        translator = await createTranslator(settings);
        push = startMatomo({ scriptUrl: translator.scriptUrl, setup: () => observe(translator.setup(), 'setup') });
        return ctx;
      } catch (error) {
        try {
          console.error(error.message);
        } catch {}
        throw error;
      } finally {
        markLoaded();
      }
    },
    page: handle('page'),
    identify: handle('identify'),
    track: handle('track'),
  };
}
