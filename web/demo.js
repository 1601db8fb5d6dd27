// demo.js - the playground: Analytics Next with the Matomo destination; shows the `_paq`
// commands the wasm core produced and the hits the collector received, side by side, says which
// tracker script runs (the stand-in or Matomo's real one) and gives the settings as code to copy.
import { matomo, createTranslator } from '/dist/matomo-destination.mjs';

const $ = (id) => document.getElementById(id);
const KEY_PARAMS = ['action_name', 'e_c', 'e_a', 'e_n', 'e_v', 'idgoal', 'revenue', 'uid', 'new_visit', 'url', 'urlref', 'cvar', 'idsite'];
const isKey = (key) => KEY_PARAMS.includes(key) || /^dimension\d+$/.test(key);

// From web/demo.mjs: { url, siteId, trackerScript: { kind: 'stand-in' | 'matomo', file } }, the
// last naming what the demo's collector serves at /matomo.js.
const config = await fetch('/demo-config.json').then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
const defaults = {
  siteId: config.siteId || '1',
  url: config.url || location.origin,
  goals: { 'Order Completed': 1, 'Signed Up': 2 },
  customVariableLimit: 5,
  pageTitle: 'title',
  visitDimensions: { 'traits.plan': 1 },
  actionDimensions: { 'properties.section': 2 },
};
// The settings this page runs with: exactly the object handed to matomo() below.
let settings = defaults;
const given = new URLSearchParams(location.search).get('settings');
if (given) {
  try {
    settings = JSON.parse(given);
  } catch {}
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Fills `node` with text and <code> parts: parts are strings, or [text] for code. */
function fill(node, ...parts) {
  node.replaceChildren(...parts.map((part) => (Array.isArray(part) ? element('code', '', part[0]) : part)));
}

function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').className = kind || '';
}

function showError(id, message) {
  $(id).textContent = message || '';
  $(id).hidden = !message;
}

/** Whether `url` (absolute or relative) is on this page's origin, i.e. the demo's own collector. */
function onThisOrigin(url) {
  if (typeof url !== 'string') return false;
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

// ---- settings -------------------------------------------------------------------------------

$('siteId').value = settings.siteId ?? '';
$('url').value = settings.url ?? '';
$('goals').value = JSON.stringify(settings.goals ?? {});
$('customVariableLimit').value = settings.customVariableLimit ?? 5;
$('pageTitle').value = settings.pageTitle ?? 'title';
$('visitDimensions').value = JSON.stringify(settings.visitDimensions ?? {});
$('actionDimensions').value = JSON.stringify(settings.actionDimensions ?? {});

/**
 * The settings the form describes: { value } or { error }. Settings the form has no field for
 * (given in ?settings=) are kept. What "Reload with these settings" runs, and what the snippet
 * shows once the form is edited.
 */
function formSettings() {
  const json = {};
  for (const [id, label] of [['goals', 'Goals'], ['visitDimensions', 'Visit dimensions'], ['actionDimensions', 'Action dimensions']]) {
    try {
      json[id] = $(id).value.trim() ? JSON.parse($(id).value) : null;
    } catch (error) {
      return { error: `${label} are not valid JSON: ${error.message}` };
    }
  }
  const base = settings && typeof settings === 'object' && !Array.isArray(settings) ? settings : {};
  return { value: { ...base, siteId: $('siteId').value, url: $('url').value, ...json, customVariableLimit: Number($('customVariableLimit').value), pageTitle: $('pageTitle').value } };
}

$('settings-form').addEventListener('submit', (submit) => {
  submit.preventDefault();
  const { value, error } = formSettings();
  if (error) {
    showError('settings-error', error);
    return;
  }
  location.search = `?settings=${encodeURIComponent(JSON.stringify(value))}`;
});

// ---- the settings as code -------------------------------------------------------------------

// The snippet shows `shown`: the running settings until the form is edited, then the form's.
let shown = settings;
let snippetKind = 'npm';
let refused = null;

/**
 * The code that runs `value` on a site: npm (Analytics Next) or a <script> tag beside Segment's
 * snippet. The settings go in exactly as JSON.stringify(value, null, 2) writes them; a URL of
 * the demo's own collector stays as it is (it is what the demo runs), marked by a comment.
 */
function snippetText(kind, value) {
  const json = JSON.stringify(value, null, 2);
  const local = value && typeof value === 'object'
    ? Object.keys(value).filter((key) => typeof value[key] === 'string' && /^https?:\/\//i.test(value[key]) && onThisOrigin(value[key]))
    : [];
  const note = local.length
    ? [`// ${local.map((key) => `"${key}"`).join(', ')}: this demo's local collector. Put your Matomo's`,
      '// address there, e.g. "https://your-matomo.example.com".']
    : [];
  if (kind === 'script') {
    return [
      '<!-- after the Segment snippet (it defines analytics) -->',
      '<!-- dist/matomo-destination.js of the npm package: -->',
      '<script src="https://your.cdn/matomo-destination.js"></script>',
      '<script>',
      ...note,
      `analytics.register(MatomoDestination.matomo(${json}));`,
      '</script>',
    ].join('\n');
  }
  return [
    "import { AnalyticsBrowser } from '@segment/analytics-next';",
    "import { matomo } from 'matomo-destination';",
    '',
    "const writeKey = 'YOUR_WRITE_KEY'; // your Segment source's",
    'const analytics = AnalyticsBrowser.load({ writeKey });',
    ...note,
    `analytics.register(matomo(${json}));`,
  ].join('\n');
}

function renderSnippet(problem) {
  $('snippet-code').textContent = snippetText(snippetKind, shown);
  const running = JSON.stringify(shown) === JSON.stringify(settings);
  const state = $('snippet-state');
  state.dataset.state = problem ? 'invalid' : running ? 'running' : 'edited';
  if (problem) state.textContent = `${problem} (the code shows the last valid settings).`;
  else if (!running) state.textContent = 'Edited, not running yet: "Reload with these settings" runs these.';
  else if (refused) state.textContent = 'The settings this page runs with, which the destination refused (see the error).';
  else state.textContent = 'The settings this page runs with.';
  state.className = `note ${problem || refused ? 'bad' : running ? '' : 'edited'}`;
}

function settingsEdited() {
  const { value, error } = formSettings();
  if (!error) shown = value;
  renderSnippet(error);
}
$('settings-form').addEventListener('input', settingsEdited);
$('settings-form').addEventListener('change', settingsEdited);

for (const tab of document.querySelectorAll('[data-snippet]')) {
  tab.addEventListener('click', () => {
    snippetKind = tab.dataset.snippet;
    for (const other of document.querySelectorAll('[data-snippet]')) other.setAttribute('aria-pressed', String(other === tab));
    renderSnippet();
  });
}

let copiedTimer;
$('copy-snippet').addEventListener('click', async () => {
  const text = $('snippet-code').textContent;
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    // No clipboard API or no permission: select the code, so Ctrl+C copies it, and try the old way.
    try {
      const range = document.createRange();
      range.selectNodeContents($('snippet-code'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copied = document.execCommand('copy');
    } catch {}
  }
  if (copied) {
    $('copy-snippet').textContent = 'Copied';
    clearTimeout(copiedTimer);
    copiedTimer = setTimeout(() => ($('copy-snippet').textContent = 'Copy'), 1500);
  }
});

// ---- commands -------------------------------------------------------------------------------

function addCommands(call, commands) {
  for (const command of commands) {
    const item = element('li');
    item.append(element('span', 'call', call), element('code', '', JSON.stringify(command, (k, v) => (v === undefined ? '(undefined)' : v))));
    $('commands').append(item);
  }
  if (!commands.length) {
    const item = element('li');
    item.append(element('span', 'call', call), element('code', '', '(no command)'));
    $('commands').append(item);
  }
  $('commands').lastChild?.scrollIntoView({ block: 'nearest' });
}

// A translator of its own (no cart storage) tells whether the settings are refused, and where
// hits go and the tracker script comes from, as the destination's will.
let endpoint = null;
let scriptUrl = null;
try {
  const translator = await createTranslator(settings, { storage: null });
  endpoint = translator.setup().find((command) => command[0] === 'setTrackerUrl')?.[1] ?? null;
  scriptUrl = translator.scriptUrl;
} catch (error) {
  refused = error.message;
}
renderSnippet();

const plugin = matomo(settings, { onCommands: (commands, call) => addCommands(call, commands) });
const [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
  { writeKey: 'demo', cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } }, plugins: [plugin] },
  { integrations: { 'Segment.io': false }, disableClientPersistence: true },
);
window.analytics = analytics;

// ---- which tracker runs -----------------------------------------------------------------------

// The demo's collector serves the tracker script at /matomo.js and /piwik.js: the stand-in, or
// Matomo's real file (MATOMO_JS=). Settings pointing elsewhere load that server's script.
const fromCollector = scriptUrl !== null && onThisOrigin(scriptUrl) && /\/(matomo|piwik)\.js$/.test(new URL(scriptUrl, location.href).pathname);
const served = config.trackerScript || {};
const TRACKER_NAMES = { 'stand-in': 'a stand-in, not Matomo\'s code', matomo: 'Matomo\'s real tracker (matomo.js)' };

function showTracker(kind, about, ...rest) {
  $('tracker').dataset.tracker = kind;
  $('tracker-name').textContent = `Tracker: ${TRACKER_NAMES[kind] ?? kind}`;
  fill($('tracker-about'), about, ...rest);
}

/** Says which tracker runs, as the page finds it: the stand-in marks itself Matomo.standIn. */
function trackerRunning() {
  const kind = window.Matomo && window.Matomo.standIn === true ? 'stand-in' : 'matomo';
  if (kind === 'stand-in') {
    showTracker(kind, '', [served.file || 'web/matomo-standin.js'],
      ' behaves as Matomo\'s matomo.js does for what this destination uses · the real one: ',
      ['MATOMO_JS=/path/to/matomo.js make demo']);
  } else if (fromCollector && served.kind === 'matomo' && served.file) {
    showTracker(kind, '', [served.file], ', served by the demo at ', [scriptUrl], '.');
  } else {
    showTracker(kind, 'loaded from ', [scriptUrl], '.');
  }
  return kind;
}

if (refused) {
  showError('settings-error', refused);
  setStatus('The destination refused these settings: nothing is sent.', 'bad');
  showTracker('none', 'the settings were refused, so no tracker script is loaded.');
} else {
  setStatus(`Destination loaded for site ${settings.siteId}; waiting for the tracker script…`);
  showTracker('loading', '', [scriptUrl], fromCollector && served.kind ? ` (the demo serves ${served.kind === 'stand-in' ? 'the stand-in' : 'Matomo\'s real tracker'} there)` : '', '…');
  const started = Date.now();
  const watch = setInterval(() => {
    if (window._paq && !Array.isArray(window._paq)) {
      clearInterval(watch);
      const kind = trackerRunning();
      setStatus(`Ready: ${kind === 'stand-in' ? 'the stand-in tracker' : 'Matomo\'s real tracker'} runs (site ${settings.siteId}, hits to ${endpoint}).`, 'ok');
    } else if (Date.now() - started > 10000) {
      clearInterval(watch);
      showTracker('none', '', [scriptUrl], ' has not loaded.');
      setStatus('The Matomo tracker script has not loaded (blocked or unreachable?): calls wait on _paq.', 'bad');
    }
  }, 100);
}

// ---- calls ----------------------------------------------------------------------------------

function selectedCall() {
  return document.querySelector('input[name="call"]:checked').value;
}

function updateCaption() {
  const call = selectedCall();
  $('name-caption').textContent = { track: 'Event name', identify: 'User ID', group: 'Group ID', reset: '(not used)' }[call] ?? 'Page name (optional)';
}
for (const radio of document.querySelectorAll('input[name="call"]')) radio.addEventListener('change', updateCaption);

function parseJson(id, label) {
  const text = $(id).value.trim();
  if (!text) return {};
  const value = JSON.parse(text); // the caller reports the error
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${label} must be a JSON object.`);
  return value;
}

$('call-form').addEventListener('submit', async (submit) => {
  submit.preventDefault();
  let properties;
  let customVars;
  try {
    properties = parseJson('properties', 'Properties');
    customVars = parseJson('customVars', 'Custom variables');
  } catch (error) {
    showError('call-error', error.message);
    return;
  }
  showError('call-error', '');
  const name = $('name').value;
  const options = Object.keys(customVars).length ? { integrations: { Piwik: { customVars } } } : {};
  const call = selectedCall();
  if (call === 'track') await analytics.track(name, properties, options);
  else if (call === 'page') await analytics.page(name || undefined, properties, options);
  else if (call === 'group') await analytics.group(name, properties, options);
  else if (call === 'reset') analytics.reset();
  else await analytics.identify(name, properties, options);
});

const PRESETS = {
  'seed-page': ['page', '', {}, {}],
  'seed-identify': ['identify', '97980cfea0068', {}, {}],
  'seed-created': ['track', 'Created Account', { category: 'Account', label: 'Premium', value: 30 }, {}],
  order: ['track', 'Order Completed', { revenue: '$19.90', category: 'Shop' }, {}],
  cvars: ['track', 'event', { property: 'property' }, { 1: ['<variableName>', '<variableValue>'], 2: ['SubscriptionId', '1234'], 3: ['PlanName', 'ENTERPRISE'] }],
  route: ['page', 'Docs', { section: 'Guides' }, {}],
  plan: ['identify', 'user-7', { plan: 'Pro' }, {}],
  logout: ['reset', '', {}, {}],
};
let route = 0;
for (const button of document.querySelectorAll('[data-preset]')) {
  button.addEventListener('click', () => {
    const [call, name, properties, customVars] = PRESETS[button.dataset.preset];
    if (button.dataset.preset === 'route') {
      // A single-page app's route change: the URL and title change, then page() reports them.
      // (Analytics Next reports URLs without their #fragment, so the route goes in the query.)
      const query = new URLSearchParams(location.search);
      query.set('route', String(++route));
      history.pushState({}, '', `${location.pathname}?${query}`);
      document.title = `Route ${route}`;
    }
    document.querySelector(`input[name="call"][value="${call}"]`).checked = true;
    updateCaption();
    $('name').value = name;
    $('properties').value = JSON.stringify(properties);
    $('customVars').value = JSON.stringify(customVars);
    $('call-form').requestSubmit();
  });
}

// ---- hits -----------------------------------------------------------------------------------

function describe(params) {
  if ('idgoal' in params) return `goal ${params.idgoal}${params.revenue ? `, revenue ${params.revenue}` : ''}`;
  if ('e_a' in params) return `event ${[params.e_c, params.e_a, params.e_n, params.e_v].filter((v) => v !== undefined).join(' / ')}`;
  if ('action_name' in params) return `page view "${params.action_name}"`;
  return 'hit';
}

function renderHit(hit) {
  const item = element('li', 'hit');
  item.append(element('strong', '', `#${hit.n} ${describe(hit.params)}`), element('span', 'call', ` ${hit.method} ${hit.path} (${hit.transport})`));
  const main = element('table');
  const rest = element('table');
  const keys = Object.keys(hit.params).sort((a, b) => {
    const rank = (key) => (KEY_PARAMS.includes(key) ? KEY_PARAMS.indexOf(key) : isKey(key) ? KEY_PARAMS.length : KEY_PARAMS.length + 1);
    return rank(a) - rank(b);
  });
  for (const key of keys) {
    let value = hit.params[key];
    if (key === 'cvar' || key === '_cvar' || key === 'e_cvar') {
      try {
        value = JSON.stringify(JSON.parse(value));
      } catch {}
    }
    const row = element('tr', isKey(key) ? 'key' : '');
    row.append(element('td', '', key), element('td', '', value));
    (isKey(key) ? main : rest).append(row);
  }
  const details = element('details');
  details.append(element('summary', '', 'every parameter'), rest);
  item.append(main, details);
  $('hits').append(item);
  item.scrollIntoView({ block: 'nearest' });
}

// The header names the endpoint the tracker sends to, as the destination set it (setTrackerUrl).
const where = $('hits-where');
if (refused) {
  fill(where, 'none: the destination refused these settings');
} else if (!onThisOrigin(endpoint)) {
  fill(where, 'sent to ', [endpoint], ' — see them in your Matomo under Visitors › Visits Log');
} else {
  const path = new URL(endpoint, location.href).pathname;
  if (path === '/matomo.php' || path === '/piwik.php') fill(where, 'received by the collector at ', [endpoint]);
  else fill(where, 'sent to ', [endpoint], ' — the collector records only /matomo.php and /piwik.php');
  let seen = 0;
  const poll = async () => {
    try {
      const hits = await fetch('/hits').then((r) => r.json());
      for (const hit of hits.filter((h) => h.n > seen)) renderHit(hit);
      seen = hits.length ? hits[hits.length - 1].n : seen;
    } catch {}
    setTimeout(poll, 400);
  };
  poll();
}
