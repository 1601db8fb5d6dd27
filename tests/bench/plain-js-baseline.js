// plain-js-baseline.js - benchmark baseline (a): the mapping of the benchmark's calls (the seed's,
// with single-page-app page views and action dimensions) written directly in JavaScript, to show what the wasm
// boundary costs. Not shipped; the product's mapping lives in src/.
const key = (name) => String(name).toLowerCase().replace(/[^a-z0-9\u0080-\uffff]/g, '');
const text = (v) => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined);
const number = (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() && Number.isFinite(+v) ? +v : undefined);

export function plainTranslator(settings) {
  const goals = Object.entries(settings.goals || {}).map(([name, id]) => [key(name), Number(id)]);
  const limit = settings.customVariableLimit ?? 5;
  const actionDimensions = Object.entries(settings.actionDimensions || {}).map(([path, id]) => [path.split('.'), Number(id)]);
  /** The action dimensions an event carries, as Matomo's custom data ({ dimensionN: text }). */
  const dimensionData = (event) => {
    let data;
    for (const [path, id] of actionDimensions) {
      let value = event;
      for (const step of path) value = value && typeof value === 'object' ? value[step] : undefined;
      const shown = text(value);
      if (shown !== undefined) (data ??= {})[`dimension${id}`] = shown.slice(0, 255);
    }
    return data;
  };
  let pages = 0;
  let lastUrl = '';
  return {
    page(event) {
      const commands = [];
      const properties = event.properties || {};
      const context = (event.context && event.context.page) || {};
      const referrer = pages ? lastUrl : text(properties.referrer) ?? text(context.referrer);
      if (referrer) commands.push(['setReferrerUrl', referrer]);
      const url = text(properties.url) ?? text(context.url);
      if (url) commands.push(['setCustomUrl', url]);
      lastUrl = url || '';
      pages++;
      const title = text(properties.title) ?? text(context.title) ?? text(event.name);
      if (title) commands.push(['setDocumentTitle', title]);
      commands.push(['trackPageView']);
      return commands;
    },
    identify: (event) => (text(event.userId) ? [['setUserId', String(event.userId)]] : []),
    track(event) {
      const commands = [];
      const properties = event.properties || {};
      const action = text(event.event);
      if (!action) return commands;
      const eventKey = key(action);
      let revenue = typeof properties.revenue === 'string' ? parseFloat(properties.revenue.replace(/[$,]/g, '')) : properties.revenue;
      if (!revenue && (eventKey === 'ordercompleted' || eventKey === 'completedorder')) revenue = properties.total;
      if (!Number.isFinite(revenue) || revenue === 0) revenue = undefined;
      const options = (event.integrations && (event.integrations.Piwik || event.integrations.Matomo)) || {};
      const vars = options.customVars || options.cvar;
      let varsSet = 0;
      if (vars && typeof vars === 'object') {
        for (let i = 1; i <= limit; i++) {
          const slot = vars[i];
          if (Array.isArray(slot) && slot.length === 2 && text(slot[0]) && (typeof slot[1] === 'string' || typeof slot[1] === 'number')) {
            commands.push(['setCustomVariable', i, slot[0], String(slot[1]), 'page']);
            varsSet++;
          }
        }
      }
      const data = dimensionData(event);
      for (const [goalKey, id] of goals) {
        if (goalKey === eventKey) commands.push(data ? ['trackGoal', id, revenue, data] : revenue ? ['trackGoal', id, revenue] : ['trackGoal', id]);
      }
      const value = number(properties.value) ?? revenue;
      const command = ['trackEvent', text(properties.category) || 'All', action, text(properties.name) || text(properties.label)];
      if (value !== undefined || data) command.push(value);
      else if (command[3] === undefined) command.pop();
      if (data) command.push(data);
      commands.push(command);
      if (varsSet) commands.push(['deleteCustomVariables', 'page']);
      return commands;
    },
  };
}
