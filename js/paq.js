// paq.js - the page side of the destination: the global `_paq` queue and the one tracker script.
// Used by the Analytics Next plugin (plugin.js) and the classic integration (classic.js).

// While the tracker script has not replaced `_paq`, this destination's commands wait in the
// array, every one of them, up to this budget of their size (the characters of their text
// arguments, 8 for any other argument and 8 for each command: about what they hold in memory
// as strings). Past it a call is refused whole, with one warning; a page whose tracker is
// blocked cannot grow without bound. 10,000 track calls of a few properties take about 0.4 MB.
export const MAX_QUEUED_SIZE = 4 * 1024 * 1024;

/** The size a list of commands is charged against MAX_QUEUED_SIZE. */
function queuedSize(commands) {
  let size = 0;
  for (const command of commands) {
    size += 8;
    for (const argument of command) size += typeof argument === 'string' ? argument.length : 8;
  }
  return size;
}

/**
 * What one destination holds for the tracker script: `held` ({ calls, commands, size }) and
 * admit(commands, isSetup), which charges a call's commands against MAX_QUEUED_SIZE and says
 * whether they may wait (the start-up commands always may, and are not a call of the page's);
 * a refused call gets the one warning.
 */
function waitingBudget(warn, translator) {
  const held = { calls: 0, commands: 0, size: 0 };
  const admit = (commands, isSetup) => {
    const size = queuedSize(commands);
    if (!isSetup && held.size + size > MAX_QUEUED_SIZE) {
      warn('full', `the calls waiting for the Matomo tracker script (${translator.scriptUrl}) reached the limit of ${MAX_QUEUED_SIZE / 1048576} MiB (${held.calls} calls, ${held.commands} commands); later calls are dropped until it loads.`);
      return false;
    }
    if (!isSetup) held.calls++;
    held.commands += commands.length;
    held.size += size;
    return true;
  };
  return { held, admit };
}

/** Whether a command's argument is custom data (an object), and a copy of it if so. */
const isData = (argument) => Boolean(argument) && typeof argument === 'object';
const copyOf = (argument) => (isData(argument) ? { ...argument } : argument);

/** The command `method(...args)` as a function command, which the tracker runs in push order, on
 * each tracker with `this` that tracker; with `copied`, each gets its own copy of the custom
 * data. (Made here, not in push's loop, whose variables a closure there would make the engine
 * keep on the heap for every command.) */
const inPlace = (method, args, copied) => [function () { this[method].apply(this, copied ? args.map(copyOf) : args); }];

/** The argument of the start-up command `method` (setTrackerUrl, setSiteId). */
const setupValue = (setup, method) => (setup.find((command) => command[0] === method) || [])[1];

const PREFIX = 'Matomo destination: ';

/** Prints each of a translator's `warnings` (full messages) once, with console.warn. Never throws. */
export function printWarnings(warnings) {
  for (const warning of warnings) {
    try {
      console.warn(warning);
    } catch {}
  }
}

/** Prints `message` as a console warning once per `kind` in `printed` (a Set). Never throws. */
export function warnOnce(printed, kind, message) {
  try {
    if (!printed.has(kind)) console.warn(PREFIX + message);
    printed.add(kind);
  } catch {}
}

// The page-wide mark of the site whose commands go on `_paq`: the first destination started.
const PAQ_OWNER = '__matomoDestinationPaqSite';
/** The site a list of start-up commands sets up: "<tracker url> <site id>". */
function siteOf(setup) {
  return `${setupValue(setup, 'setTrackerUrl')} ${setupValue(setup, 'setSiteId')}`;
}

/** The one warning for a tracker script that did not run within the scriptTimeout setting. */
function warnTimeout(warn, translator, seconds, held, site) {
  warn('blocked', `the Matomo tracker script ${translator.scriptUrl} did not run within ${seconds} s (the setting scriptTimeout); nothing is sent to ${site} on this page, and the ${held.calls} calls waiting for it are let go.`);
}

/**
 * A destination of a second site on a page whose `_paq` already belongs to another: every
 * command of `_paq` would run on every tracker, so this one waits for the tracker script (loaded
 * for the first site), then runs its commands, in order, on a tracker object of its own
 * (Matomo.getTracker(url, siteId)). Calls made meanwhile wait here, within MAX_QUEUED_SIZE,
 * whole calls only, for at most the scriptTimeout setting.
 */
function startOwnTracker(translator, setup, warn) {
  const trackerUrl = setupValue(setup, 'setTrackerUrl');
  const siteId = setupValue(setup, 'setSiteId');
  const seconds = translator.scriptTimeout;
  let tracker = null;
  let gaveUp = false;
  const waiting = [];
  const { held, admit } = waitingBudget(warn, translator);
  const apply = (command) => {
    try {
      if (typeof command[0] === 'function') command[0].apply(tracker, command.slice(1));
      else tracker[command[0]].apply(tracker, command.slice(1));
    } catch (error) {
      warn(command[0], `the Matomo tracker refused ${JSON.stringify(command[0])}: ${error && error.message}`);
    }
  };
  const push = (commands, isSetup = false) => {
    try {
      if (tracker) return commands.forEach(apply);
      if (gaveUp || !commands.length || !admit(commands, isSetup)) return;
      for (const command of commands) waiting.push(command);
    } catch {}
  };
  // addTracker belongs to `_paq` (the first site's); this site has its own tracker.
  push(setup.filter((command) => command[0] !== 'addTracker'), true);
  const started = Date.now();
  const timer = setInterval(() => {
    try {
      const matomo = window.Matomo || window.Piwik;
      if (matomo && typeof matomo.getTracker === 'function') {
        clearInterval(timer);
        tracker = matomo.getTracker(trackerUrl, siteId);
        waiting.splice(0).forEach(apply);
      } else if (Date.now() - started > seconds * 1000) {
        clearInterval(timer);
        gaveUp = true;
        waiting.length = 0;
        warnTimeout(warn, translator, seconds, held, `site ${siteId}`);
      }
    } catch {}
  }, 50);
  return push;
}

/**
 * Starts Matomo on this page for `translator` ({ scriptUrl, scriptNonce?, scriptTimeout, keepPlace,
 * trackers, setup() }, a translator or a wrapper of one): pushes its start-up commands onto
 * `window._paq` (created if absent, never replaced), then inserts one async script tag for the tracker script, unless a tracker already runs or
 * that script is already on the page. Returns push(commands): the commands of one call, pushed
 * whole or (when the waiting queue is full or the script failed) not at all; never throws.
 */
export function startMatomo(translator) {
  let blocked = false;
  // The methods that change a state the tracker keeps (user id, consent, cookie consent: the
  // number of each), some of which Matomo applies first when it starts, wherever they stand in the
  // queue. The first change of a state may (it marks the hits queued before it, as Matomo
  // intends); every later one keeps its place among the calls.
  // A Map: a missing name (most commands) looked up in an object went to the engine's runtime
  // (+1 us a track).
  const keepPlace = new Map(Object.entries(translator.keepPlace || {}));
  const changed = new Set(); // the states a command of ours waiting in the queue changes
  // On more than one tracker (additionalSites) a command runs on each in turn, and the tracker
  // deletes the dimensionN keys of a hit's custom data while it sends the first one's.
  const copyData = translator.trackers > 1;
  const ours = new WeakSet(); // the commands this destination queued, to take back if blocked
  const warned = new Set(); // each kind of warning is printed once a page
  const warn = (kind, message) => warnOnce(warned, kind, message);
  const isQueue = (paq) => Array.isArray(paq) && paq.push === Array.prototype.push;
  const { held, admit } = waitingBudget(warn, translator); // what of ours waits in the queue

  const push = (commands, always = false) => {
    try {
      if (blocked || !commands.length) return;
      const paq = (window._paq = window._paq || []);
      const queued = isQueue(paq);
      if (queued && !admit(commands, always)) return;
      for (let command of commands) {
        const method = command[0];
        const copied = copyData && !always && command.some(isData);
        // A function command runs in push order, on each tracker with `this` that tracker: a
        // call's command that Matomo would otherwise apply first keeps its place, and each
        // tracker gets its own copy of a hit's custom data.
        const state = always ? 0 : keepPlace.get(method) | 0;
        if (copied || (queued && state && changed.has(state))) command = inPlace(method, command.slice(1), copied);
        if (queued) {
          if (state) changed.add(state);
          ours.add(command);
        }
        try {
          paq.push(command);
        } catch (error) {
          warn(method, `the Matomo tracker refused ${JSON.stringify(method)}: ${error && error.message}`);
        }
      }
    } catch {}
  };

  /** Stops for good: takes back what this destination queued (what the page itself queued stays). */
  const giveUp = () => {
    blocked = true;
    const waiting = window._paq;
    if (isQueue(waiting)) {
      const kept = waiting.filter((command) => !ours.has(command));
      waiting.length = 0;
      for (const command of kept) Array.prototype.push.call(waiting, command);
    }
  };

  const setup = translator.setup();
  try {
    const site = siteOf(setup);
    if (window[PAQ_OWNER] && window[PAQ_OWNER] !== site) return startOwnTracker(translator, setup, warn);
    window[PAQ_OWNER] = site;
  } catch {}
  // Matomo's tracker reads its configuration from `_paq` when it starts: it must be there first,
  // however full the page's own queue is.
  push(setup, true);
  const running = !isQueue(window._paq);
  let scriptHref = translator.scriptUrl;
  try {
    scriptHref = new URL(translator.scriptUrl, document.baseURI).href; // `//host/…` as script.src reads
  } catch {}
  const present = [...document.scripts].some((script) => script.src === scriptHref);
  if (!running && !present) {
    const script = document.createElement('script');
    script.async = true;
    // The settings' scriptNonce, else the nonce of the page's first script that has one (with a
    // nonce-based policy, the one that loaded the destination has one). Read here, not while this
    // file loads: reaching a script element from a page's JavaScript for the first time costs a
    // fresh page 0.4 ms, which loading the core need not pay.
    const nonce = translator.scriptNonce || ([...document.scripts].find((element) => element.nonce) || {}).nonce;
    if (nonce) script.nonce = nonce;
    script.src = translator.scriptUrl;
    script.onerror = () => {
      if (blocked) return;
      giveUp();
      warn('blocked', `the Matomo tracker script ${translator.scriptUrl} did not load (blocked by the browser or an extension, or not found); nothing is sent to Matomo on this page.`);
    };
    const first = document.getElementsByTagName('script')[0];
    if (first && first.parentNode) first.parentNode.insertBefore(script, first);
    else (document.head || document.documentElement).appendChild(script);
  }
  // A script that never answers (a server that holds the connection, a tag the page broke):
  // after scriptTimeout seconds it is reported once and nothing more is held for it.
  if (!running) {
    const seconds = translator.scriptTimeout;
    setTimeout(() => {
      try {
        if (blocked || !isQueue(window._paq)) return;
        giveUp();
        warnTimeout(warn, translator, seconds, held, 'Matomo');
      } catch {}
    }, seconds * 1000);
  }
  return push;
}
