// paq.js - the page side of the destination: the global `_paq` queue and the one tracker script.
// Used by the Analytics Next plugin (plugin.js) and the classic integration (classic.js).

// While the tracker script has not replaced `_paq`, commands wait in the array; past this many
// (the script is slow or blocked) new ones are dropped, so a page that runs for hours with the
// tracker blocked does not grow without bound.
export const MAX_QUEUED_COMMANDS = 1000;

const PREFIX = 'Matomo destination: ';

/**
 * Starts Matomo on this page for `translator` ({ scriptUrl, setup() }, a translator or a wrapper
 * of one): pushes its start-up commands onto `window._paq`
 * (created if absent, never replaced), then inserts one async script tag for the tracker script,
 * unless a tracker already runs or that script is already on the page. Returns push(commands),
 * which never throws.
 */
export function startMatomo(translator) {
  let blocked = false;
  const warned = new Set(); // each kind of warning is printed once a page
  const warn = (kind, message) => {
    try {
      if (!warned.has(kind)) console.warn(PREFIX + message);
      warned.add(kind);
    } catch {}
  };

  const push = (commands) => {
    try {
      if (blocked || !commands.length) return;
      const paq = (window._paq = window._paq || []);
      const queued = Array.isArray(paq);
      for (const command of commands) {
        if (queued && paq.length >= MAX_QUEUED_COMMANDS) {
          warn('full', `${MAX_QUEUED_COMMANDS} commands are waiting for the Matomo tracker script (${translator.scriptUrl}); later ones are dropped until it loads.`);
          return;
        }
        try {
          paq.push(command);
        } catch (error) {
          warn(command[0], `the Matomo tracker refused ${JSON.stringify(command[0])}: ${error && error.message}`);
        }
      }
    } catch {}
  };

  // Matomo's tracker reads its configuration from `_paq` when it starts: it must be there first.
  push(translator.setup());
  const paq = window._paq;
  const running = !Array.isArray(paq) || paq.push !== Array.prototype.push;
  const present = [...document.scripts].some((script) => script.src === translator.scriptUrl);
  if (!running && !present) {
    const script = document.createElement('script');
    script.async = true;
    script.src = translator.scriptUrl;
    script.onerror = () => {
      blocked = true;
      if (Array.isArray(window._paq)) window._paq.length = 0;
      warn('blocked', `the Matomo tracker script ${translator.scriptUrl} did not load (blocked by the browser or an extension, or not found); nothing is sent to Matomo on this page.`);
    };
    const first = document.getElementsByTagName('script')[0];
    if (first && first.parentNode) first.parentNode.insertBefore(script, first);
    else (document.head || document.documentElement).appendChild(script);
  }
  return push;
}
