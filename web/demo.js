// demo.js - the playground: Analytics Next with the Matomo destination; shows the `_paq`
// commands the wasm core produced and the hits the collector received, side by side.
import { matomo, createTranslator } from '/dist/matomo-destination.mjs';

const $ = (id) => document.getElementById(id);
const KEY_PARAMS = ['action_name', 'e_c', 'e_a', 'e_n', 'e_v', 'idgoal', 'revenue', 'uid', 'new_visit', 'url', 'urlref', 'cvar', 'idsite'];
const isKey = (key) => KEY_PARAMS.includes(key) || /^dimension\d+$/.test(key);

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

function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').className = kind || '';
}

function showError(id, message) {
  $(id).textContent = message || '';
  $(id).hidden = !message;
}

// ---- settings -------------------------------------------------------------------------------

$('siteId').value = settings.siteId ?? '';
$('url').value = settings.url ?? '';
$('goals').value = JSON.stringify(settings.goals ?? {}, null, 1);
$('customVariableLimit').value = settings.customVariableLimit ?? 5;
$('pageTitle').value = settings.pageTitle ?? 'title';
$('visitDimensions').value = JSON.stringify(settings.visitDimensions ?? {});
$('actionDimensions').value = JSON.stringify(settings.actionDimensions ?? {});

$('settings-form').addEventListener('submit', (submit) => {
  submit.preventDefault();
  const json = {};
  for (const [id, label] of [['goals', 'Goals'], ['visitDimensions', 'Visit dimensions'], ['actionDimensions', 'Action dimensions']]) {
    try {
      json[id] = $(id).value.trim() ? JSON.parse($(id).value) : null;
    } catch (error) {
      showError('settings-error', `${label} are not valid JSON: ${error.message}`);
      return;
    }
  }
  const next = { siteId: $('siteId').value, url: $('url').value, ...json, customVariableLimit: Number($('customVariableLimit').value), pageTitle: $('pageTitle').value };
  location.search = `?settings=${encodeURIComponent(JSON.stringify(next))}`;
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

let refused = null;
try {
  await createTranslator(settings);
} catch (error) {
  refused = error.message;
}

const plugin = matomo(settings, { onCommands: (commands, call) => addCommands(call, commands) });
const [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
  { writeKey: 'demo', cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } }, plugins: [plugin] },
  { integrations: { 'Segment.io': false }, disableClientPersistence: true },
);
window.analytics = analytics;

if (refused) {
  showError('settings-error', refused);
  setStatus('The destination refused these settings: nothing is sent.', 'bad');
} else {
  setStatus(`Destination loaded for site ${settings.siteId}; waiting for the Matomo tracker script…`);
  const started = Date.now();
  const watch = setInterval(() => {
    if (window._paq && !Array.isArray(window._paq)) {
      clearInterval(watch);
      setStatus(`Ready: the Matomo tracker runs (site ${settings.siteId}, server ${settings.url}).`, 'ok');
    } else if (Date.now() - started > 10000) {
      clearInterval(watch);
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

const local = new URL(settings.url || '', location.href).origin === location.origin;
if (!local) {
  $('hits-where').textContent = `go to ${settings.url}: see Visitors > Visits Log in your Matomo`;
} else {
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
