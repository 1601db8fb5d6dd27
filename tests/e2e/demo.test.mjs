// demo.test.mjs - the playground used as a person would: `node web/demo.mjs` started as `make demo`
// starts it, then buttons clicked and forms filled in Chromium, and what the page shows checked:
// which tracker runs, where hits go, the settings as code to copy (and that code run), the fit on
// a 1366×768 laptop screen, and the README's screenshot web/demo.png (UPDATE_SCREENSHOT=1 writes
// it; otherwise it is checked). Leaves a full-page screenshot in build/demo.png too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openPage } from './harness.mjs';
import { startCollector } from '../../web/collector.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
let server;
let baseUrl;
let browser;

before(async () => {
  server = spawn(process.execPath, ['web/demo.mjs'], { cwd: root, env: { ...process.env, PORT: '0', MATOMO_URL: '' } });
  let output = '';
  server.stdout.setEncoding('utf8');
  while (!/demo: (http:\/\/127\.0\.0\.1:\d+)\//.test(output)) {
    const [chunk] = await once(server.stdout, 'data');
    output += chunk;
  }
  baseUrl = output.match(/demo: (http:\/\/127\.0\.0\.1:\d+)\//)[1];
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.kill();
});

const texts = (page, selector) => page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent.trim()));

// Which tracker the demo's collector serves at /matomo.js: Matomo's real one with MATOMO_JS=.
const REAL = Boolean(process.env.MATOMO_JS);
const ready = (site, endpoint) => `Ready: ${REAL ? "Matomo's real tracker" : 'the stand-in tracker'} runs (site ${site}, hits to ${endpoint}).`;
// The settings the demo runs with when none are given (web/demo.js), with the collector as url.
const defaultSettings = () => ({
  siteId: '1', url: baseUrl, goals: { 'Order Completed': 1, 'Signed Up': 2 }, customVariableLimit: 5, pageTitle: 'title',
  visitDimensions: { 'traits.plan': 1 }, actionDimensions: { 'properties.section': 2 },
});
const withSettings = (settings) => `${baseUrl}/?settings=${encodeURIComponent(JSON.stringify(settings))}`;
const hitsNow = () => fetch(`${baseUrl}/hits`).then((response) => response.json());

async function waitFor(predicate, what, timeout = 15000) {
  const start = Date.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Width and height from a PNG's IHDR chunk (throws unless `bytes` start as a PNG does). */
function pngSize(bytes) {
  assert.ok(bytes.length > 24, 'too short for a PNG');
  assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('a person fires the examples and a custom call, and sees commands and decoded hits side by side', async () => {
  const { context, page, errors, requests } = await openPage(browser);
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  assert.equal(await page.textContent('#status'), ready('1', `${baseUrl}/matomo.php`));

  await page.click('[data-preset="seed-page"]');
  await page.click('[data-preset="seed-identify"]');
  await page.click('[data-preset="seed-created"]');
  await page.click('[data-preset="order"]');
  // A call typed in by hand, with custom variables.
  await page.check('input[name="call"][value="track"]');
  await page.fill('#name', 'Video Played');
  await page.fill('#properties', '{"category": "Media", "name": "Intro", "value": "12.5"}');
  await page.fill('#customVars', '{"1": ["Plan", "Pro"]}');
  await page.click('#send');

  await page.waitForFunction(() => document.querySelectorAll('#hits > li').length >= 5, null, { timeout: 15000 });
  const commands = await texts(page, '#commands > li');
  assert.deepStrictEqual(commands.slice(0, 3), [
    `setup["setTrackerUrl","${baseUrl}/matomo.php"]`, 'setup["setSiteId","1"]', 'setup["enableLinkTracking"]']);
  assert.ok(commands.some((t) => t.endsWith('["trackEvent","Account","Created Account","Premium",30]')), commands.join('\n'));
  assert.ok(commands.some((t) => t.endsWith('["trackGoal",1,19.9]')));
  assert.ok(commands.some((t) => t.endsWith('["setCustomVariable",1,"Plan","Pro","page"]')));
  assert.ok(commands.some((t) => t.endsWith('["trackEvent","Media","Video Played","Intro",12.5]')));
  assert.ok(commands.at(-1).endsWith('["deleteCustomVariables","page"]'));

  const hits = await texts(page, '#hits > li > strong');
  assert.deepStrictEqual(hits.map((t) => t.replace(/^#\d+ /, '')), [
    'page view "matomo-destination playground"',
    'event Account / Created Account / Premium / 30',
    'goal 1, revenue 19.9',
    'event Shop / Order Completed / 19.9',
    'event Media / Video Played / Intro / 12.5',
  ]);
  const lastHit = await page.$$eval('#hits > li:last-child tr', (rows) => Object.fromEntries(rows.map((row) => [...row.cells].map((cell) => cell.textContent))));
  assert.equal(lastHit.cvar, '{"1":["Plan","Pro"]}');
  assert.equal(lastHit.uid, '97980cfea0068');
  await page.screenshot({ path: fileURLToPath(new URL('../../build/demo.png', import.meta.url)), fullPage: true });
  assert.deepStrictEqual(errors, []);
  assert.ok(requests.every((url) => url.startsWith(`${baseUrl}/`)));
  await context.close();
});

test('a typo in the call form is reported and sends nothing', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  const before = (await texts(page, '#commands > li')).length;
  await page.fill('#properties', '{"category": ');
  await page.click('#send');
  assert.match(await page.textContent('#call-error'), /JSON/);
  assert.equal((await texts(page, '#commands > li')).length, before);
  await context.close();
});

test('settings the destination refuses are shown with their message, and nothing is sent', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  await page.fill('#url', 'javascript:alert(1)');
  await page.click('#settings-form button[type="submit"]');
  await page.waitForSelector('#status.bad');
  assert.match(await page.textContent('#settings-error'), /setting "url" must be an http or https address/);
  assert.equal(await page.evaluate(() => typeof window._paq), 'undefined');
  assert.equal(await page.getAttribute('#tracker', 'data-tracker'), 'none');
  assert.match(await page.textContent('#tracker'), /no tracker script is loaded/);
  assert.equal(await page.textContent('#hits-where'), 'none: the destination refused these settings');
  // The snippet still shows the settings tried, and says they were refused.
  assert.match(await page.textContent('#snippet-code'), /"url": "javascript:alert\(1\)"/);
  assert.match(await page.textContent('#snippet-state'), /refused/);
  await context.close();
});

test('a person tries a route change, a user with a plan and a logout, and sees referrer, dimension and new visit', async () => {
  await fetch(`${baseUrl}/hits`, { method: 'DELETE' }); // the hits of the tests before
  const { context, page, errors } = await openPage(browser);
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  await page.click('[data-preset="plan"]');
  await page.click('[data-preset="route"]');
  await page.click('[data-preset="route"]');
  await page.click('[data-preset="logout"]');
  await page.click('[data-preset="seed-created"]');
  await page.waitForFunction(() => document.querySelectorAll('#hits > li').length >= 3, null, { timeout: 15000 });
  const rows = await page.$$eval('#hits > li', (items) => items.map((item) =>
    Object.fromEntries([...item.querySelectorAll(':scope > table tr')].map((row) => [...row.cells].map((cell) => cell.textContent)))));
  assert.deepStrictEqual(rows.map((r) => [r.action_name ?? r.e_a, r.uid, r.dimension1, r.dimension2, r.new_visit]), [
    ['Route 1', 'user-7', 'Pro', 'Guides', undefined],
    ['Route 2', 'user-7', 'Pro', 'Guides', undefined],
    ['Created Account', undefined, undefined, undefined, '1'],
  ]);
  assert.equal(rows[1].url, `${baseUrl}/?route=2`);
  assert.equal(rows[1].urlref, `${baseUrl}/?route=1`);
  const commands = await texts(page, '#commands > li');
  assert.ok(commands.includes('reset["resetUserId"]'), commands.join('\n'));
  assert.ok(commands.includes('reset["deleteCustomDimension",1]'));
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('the page says plainly which tracker runs: the stand-in, or Matomo\'s real tracker', async () => {
  const { context, page, errors } = await openPage(browser);
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  const tracker = (await page.textContent('#tracker')).replace(/\s+/g, ' ').trim();
  // What the page says is what runs: the stand-in marks itself Matomo.standIn.
  const standIn = await page.evaluate(() => window.Matomo.standIn === true);
  assert.equal(standIn, !REAL);
  if (REAL) {
    assert.equal(await page.getAttribute('#tracker', 'data-tracker'), 'matomo');
    assert.equal(tracker, `Tracker: Matomo's real tracker (matomo.js) ${process.env.MATOMO_JS}, served by the demo at ${baseUrl}/matomo.js.`);
    assert.doesNotMatch(await page.textContent('header'), /stand-in/i);
  } else {
    assert.equal(await page.getAttribute('#tracker', 'data-tracker'), 'stand-in');
    assert.match(tracker, /^Tracker: a stand-in, not Matomo's code web\/matomo-standin\.js behaves as Matomo's matomo\.js does /);
    assert.match(tracker, /MATOMO_JS=\/path\/to\/matomo\.js make demo$/);
    assert.doesNotMatch(await page.textContent('header'), /real tracker/);
  }
  assert.equal(await page.textContent('#status'), ready('1', `${baseUrl}/matomo.php`));
  // The server says what its collector serves, for the page to name the file.
  const config = await fetch(`${baseUrl}/demo-config.json`).then((response) => response.json());
  assert.deepStrictEqual(config.trackerScript, REAL ? { kind: 'matomo', file: process.env.MATOMO_JS } : { kind: 'stand-in', file: 'web/matomo-standin.js' });
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('the hits panel names the endpoint hits go to, as the browser uses it: the collector\'s, or another Matomo\'s', async () => {
  await fetch(`${baseUrl}/hits`, { method: 'DELETE' });
  const { context, page, errors } = await openPage(browser);
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  const endpoint = `${baseUrl}/matomo.php`;
  assert.equal(await page.textContent('#hits-where'), `received by the collector at ${endpoint}`);
  const shown = await page.textContent('#hits-where code');
  assert.equal(new URL(shown).href, shown); // a well-formed absolute URL, written as the browser writes it
  assert.equal(shown, endpoint);
  assert.equal((await texts(page, '#commands > li'))[0], `setup["setTrackerUrl","${endpoint}"]`);
  await page.click('[data-preset="seed-created"]');
  await page.waitForSelector('#hits > li');
  assert.match(await page.textContent('#hits > li .call'), / \/matomo\.php \(/);
  assert.deepStrictEqual(errors, []);
  await context.close();

  // Settings pointing at another Matomo (here a second collector on 127.0.0.1, serving the same
  // tracker script): the header names its endpoint, the tracker line where the script came from
  // and which tracker it turned out to be.
  const other = await startCollector({ matomoJs: process.env.MATOMO_JS });
  try {
    const { context: context2, page: page2, errors: errors2 } = await openPage(browser);
    await page2.goto(withSettings({ siteId: '3', url: other.url }));
    await page2.waitForSelector('#status.ok');
    assert.equal(await page2.textContent('#hits-where'), `sent to ${other.url}/matomo.php — see them in your Matomo under Visitors › Visits Log`);
    assert.equal(await page2.textContent('#hits-where code'), `${other.url}/matomo.php`);
    assert.equal(await page2.getAttribute('#tracker', 'data-tracker'), REAL ? 'matomo' : 'stand-in');
    if (REAL) assert.match(await page2.textContent('#tracker'), new RegExp(`loaded from ${other.url}/matomo\\.js\\.$`));
    assert.equal(await page2.textContent('#status'), ready('3', `${other.url}/matomo.php`));
    await page2.click('[data-preset="seed-created"]');
    await waitFor(() => other.hits.some((hit) => hit.params.e_a === 'Created Account' && hit.params.idsite === '3'), 'the hit at the other Matomo');
    assert.deepStrictEqual(errors2, []);
    await context2.close();
  } finally {
    await other.close();
  }
});

test('the settings as code to copy: exactly the JSON the demo runs with, for npm and the script tag, updated live', async () => {
  const { context, page, errors } = await openPage(browser);
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  const json = JSON.stringify(defaultSettings(), null, 2);
  const code = () => page.textContent('#snippet-code');
  const npm = await code();
  assert.ok(npm.startsWith("import { AnalyticsBrowser } from '@segment/analytics-next';\nimport { matomo } from 'matomo-destination';\n"), npm);
  assert.match(npm, /AnalyticsBrowser\.load\(\{ writeKey \}\)/);
  assert.ok(npm.endsWith(`analytics.register(matomo(${json}));`), npm);
  // The demo's own collector stays as the url (it is what runs), marked as such.
  assert.match(npm, /\/\/ "url": this demo's local collector\. Put your Matomo's\n\/\/ address there, e\.g\. "https:\/\/your-matomo\.example\.com"\.\n/);
  assert.equal(await page.getAttribute('#snippet-state', 'data-state'), 'running');

  await page.click('[data-snippet="script"]');
  const script = await code();
  assert.match(script, /<script src="https:\/\/your\.cdn\/matomo-destination\.js"><\/script>\n<script>\n/);
  assert.ok(script.endsWith(`analytics.register(MatomoDestination.matomo(${json}));\n</script>`), script);
  assert.equal(await page.getAttribute('[data-snippet="script"]', 'aria-pressed'), 'true');

  // Edited settings show at once, marked as not running yet; invalid JSON leaves the last valid.
  await page.fill('#siteId', '7');
  assert.match(await code(), /"siteId": "7",/);
  assert.equal(await page.getAttribute('#snippet-state', 'data-state'), 'edited');
  await page.fill('#goals', '{"Signed Up": 3');
  assert.equal(await page.getAttribute('#snippet-state', 'data-state'), 'invalid');
  assert.match(await page.textContent('#snippet-state'), /Goals are not valid JSON/);
  assert.match(await code(), /"Order Completed": 1,/);
  await page.fill('#goals', '{"Signed Up": 3}');
  const edited = await code();
  assert.ok(edited.includes(`"goals": {\n    "Signed Up": 3\n  },`), edited);
  // Reloading runs exactly what the snippet showed.
  await Promise.all([page.waitForURL(/\?settings=/), page.click('#settings-form button[type="submit"]')]);
  await page.waitForSelector('#status.ok');
  await page.click('[data-snippet="script"]');
  assert.equal(await code(), edited);
  assert.equal(await page.getAttribute('#snippet-state', 'data-state'), 'running');
  assert.ok((await texts(page, '#commands > li')).includes('setup["setSiteId","7"]'));
  assert.deepStrictEqual(errors, []);
  await context.close();

  // Settings the form has no field for (given in ?settings=) are in the snippet, kept by a reload.
  const extra = { siteId: '4', url: baseUrl, linkTracking: false };
  const { context: context2, page: page2 } = await openPage(browser);
  await page2.goto(withSettings(extra));
  await page2.waitForSelector('#status.ok');
  assert.ok((await page2.textContent('#snippet-code')).endsWith(`analytics.register(matomo(${JSON.stringify(extra, null, 2)}));`));
  assert.ok(!(await texts(page2, '#commands > li')).includes('setup["enableLinkTracking"]'));
  await page2.fill('#siteId', '5');
  assert.match(await page2.textContent('#snippet-code'), /"linkTracking": false/);
  await context2.close();
});

test('the copy button copies the snippet; without a clipboard it selects it, silently', async () => {
  const { context, page, errors } = await openPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  await page.click('#copy-snippet');
  await page.waitForFunction(() => document.getElementById('copy-snippet').textContent === 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.textContent('#snippet-code'));
  assert.deepStrictEqual(errors, []);
  await context.close();

  const { context: context2, page: page2, errors: errors2 } = await openPage(browser);
  await context2.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await page2.goto(`${baseUrl}/`);
  await page2.waitForSelector('#status.ok');
  await page2.click('[data-snippet="script"]');
  await page2.click('#copy-snippet');
  assert.equal(await page2.evaluate(() => getSelection().toString()), await page2.textContent('#snippet-code'));
  assert.deepStrictEqual(errors2, []);
  await context2.close();
});

test('both snippets, pasted into a page as they are, run the destination with those settings', async () => {
  const settings = { siteId: '4', url: baseUrl, goals: { 'Signed Up': 7 } };
  const { context, page, errors, requests } = await openPage(browser);
  await page.goto(withSettings(settings));
  await page.waitForSelector('#status.ok');
  const npm = await page.textContent('#snippet-code');
  await page.click('[data-snippet="script"]');
  const script = await page.textContent('#snippet-code');
  await context.close();

  // Analytics Next offline: the Segment snippet's `analytics` for the script tag; for npm, the
  // module '@segment/analytics-next' (an import map) whose load() adds the offline options.
  const offline = "{ integrations: { 'Segment.io': false }, disableClientPersistence: true }";
  const cdn = '{ integrations: {}, metrics: { sampleRate: 0 } }';
  const pages = {
    '/snippet-script.html': `<!doctype html><html><head><meta charset="utf-8"><title>Script tag</title>
      <script src="/build/web/analytics-next.js"></script>
      <script>window.analytics = AnalyticsNext.AnalyticsBrowser.load({ writeKey: 'test', cdnSettings: ${cdn} }, ${offline});</script>
      ${script.replace('https://your.cdn/matomo-destination.js', '/dist/matomo-destination.js')}
      </head><body></body></html>`,
    '/snippet-npm.html': `<!doctype html><html><head><meta charset="utf-8"><title>npm</title>
      <script src="/build/web/analytics-next.js"></script>
      <script type="importmap">{ "imports": { "@segment/analytics-next": "/snippet-analytics-next.mjs", "matomo-destination": "/dist/matomo-destination.mjs" } }</script>
      <script type="module">${npm}\nwindow.analytics = analytics;</script>
      </head><body></body></html>`,
    '/snippet-analytics-next.mjs': `export const AnalyticsBrowser = { load: (settings) => window.AnalyticsNext.AnalyticsBrowser.load({ ...settings, cdnSettings: ${cdn} }, ${offline}) };`,
  };
  for (const [path, kind] of [['/snippet-script.html', 'script tag'], ['/snippet-npm.html', 'npm']]) {
    await fetch(`${baseUrl}/hits`, { method: 'DELETE' });
    const { context: snippetContext, page: snippetPage, errors: snippetErrors, requests: snippetRequests } = await openPage(browser);
    await snippetPage.route(`${baseUrl}/snippet-*`, (route) => {
      const name = new URL(route.request().url()).pathname;
      return route.fulfill({ body: pages[name], contentType: name.endsWith('.mjs') ? 'text/javascript' : 'text/html' });
    });
    await snippetPage.goto(`${baseUrl}${path}`);
    await snippetPage.waitForFunction(() => window.analytics && window._paq && !Array.isArray(window._paq), null, { timeout: 15000 });
    await snippetPage.evaluate(() => window.analytics.track('Signed Up'));
    const hits = await waitFor(async () => {
      const all = await hitsNow();
      return all.some((hit) => hit.params.idgoal === '7') && all;
    }, `the goal hit from the ${kind} snippet`);
    assert.ok(hits.every((hit) => hit.params.idsite === '4'), kind);
    assert.deepStrictEqual(snippetErrors, [], kind);
    assert.ok(snippetRequests.every((url) => url.startsWith(`${baseUrl}/`)), kind);
    await snippetContext.close();
  }
  assert.deepStrictEqual(errors, []);
  assert.ok(requests.every((url) => url.startsWith(`${baseUrl}/`)));
});

/** Fires the examples that fill both logs. */
async function fireExamples(page, presets) {
  for (const preset of presets) await page.click(`[data-preset="${preset}"]`);
}

test('on a 1366×768 laptop screen every panel fits: no page scroll, long logs scroll inside their panel', async () => {
  await fetch(`${baseUrl}/hits`, { method: 'DELETE' });
  const { context, page, errors } = await openPage(browser);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  await fireExamples(page, ['seed-page', 'seed-identify', 'seed-created', 'order', 'cvars', 'route', 'plan', 'seed-created', 'order']);
  await page.waitForFunction(() => document.querySelectorAll('#hits > li').length >= 9, null, { timeout: 20000 });
  await page.waitForTimeout(500); // the last scrollIntoView
  const layout = await page.evaluate(() => {
    const box = (node) => node.getBoundingClientRect().toJSON();
    const panels = [...document.querySelectorAll('.panel')].map((panel) => ({
      id: panel.id,
      box: box(panel),
      overflowing: panel.scrollHeight > panel.clientHeight + 1 || panel.scrollWidth > panel.clientWidth + 1,
      scrollers: [...panel.querySelectorAll('.scroll')].map((node) => ({
        id: node.id || node.className, overflowY: getComputedStyle(node).overflowY, box: box(node),
        overflows: node.scrollHeight > node.clientHeight + 1,
      })),
    }));
    // Each button: on screen and not covered (the element at its centre is the button itself).
    const buttons = [...document.querySelectorAll('button')].map((button) => {
      const b = button.getBoundingClientRect();
      const atCentre = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
      return { text: button.textContent, visible: b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= innerWidth && button.contains(atCentre) };
    });
    const hits = document.getElementById('hits');
    const last = hits.lastElementChild.getBoundingClientRect();
    const list = hits.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      header: box(document.querySelector('header')),
      trackerFits: document.getElementById('tracker').scrollWidth <= document.getElementById('tracker').clientWidth,
      panels,
      buttons,
      hitsScroll: { overflows: hits.scrollHeight > hits.clientHeight, lastVisible: last.bottom <= list.bottom + 1 && last.top >= list.top - 1 },
    };
  });
  assert.ok(layout.scrollWidth <= 1366, `no horizontal page scroll (${layout.scrollWidth})`);
  assert.ok(layout.scrollHeight <= 768, `no vertical page scroll (${layout.scrollHeight})`);
  assert.ok(layout.header.bottom <= 768 * 0.15, `the header is short (${layout.header.bottom})`);
  assert.ok(layout.trackerFits);
  assert.deepStrictEqual(layout.panels.map((panel) => panel.id), ['settings-panel', 'snippet-panel', 'call-panel', 'commands-panel', 'hits-panel']);
  for (const panel of layout.panels) {
    const { top, left, bottom, right, height } = panel.box;
    assert.ok(top >= 0 && left >= 0 && bottom <= 768 && right <= 1366, `${panel.id} is within the viewport: ${JSON.stringify(panel.box)}`);
    assert.ok(height >= 150, `${panel.id} is tall enough to read (${height})`);
    assert.ok(!panel.overflowing, `${panel.id}: its content is not cut off`);
    for (const scroller of panel.scrollers) {
      assert.ok(['auto', 'scroll'].includes(scroller.overflowY), `${panel.id} ${scroller.id} scrolls inside itself`);
      assert.ok(scroller.box.bottom <= panel.box.bottom && scroller.box.top >= panel.box.top, `${panel.id} ${scroller.id} is inside its panel`);
    }
  }
  const hitsPanel = layout.panels.find((panel) => panel.id === 'hits-panel');
  assert.ok(hitsPanel.box.height >= 600, `the hits panel takes the height of the window (${hitsPanel.box.height})`);
  assert.ok(layout.hitsScroll.overflows, 'nine hits are more than fit: the list scrolls');
  assert.ok(layout.hitsScroll.lastVisible, 'the newest hit is scrolled into view');
  assert.deepStrictEqual(layout.buttons.filter((button) => !button.visible), []);
  assert.deepStrictEqual(errors, []);

  // A narrow window: the panels one below the other, still no horizontal scroll.
  await page.setViewportSize({ width: 800, height: 900 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 800);
  await context.close();
});

// The README's screenshot: the demo laid out at 1366×768 (a laptop screen), taken at device scale
// 0.9, so 1229×691 pixels: at scale 1 the PNG Chromium writes is about 200 KB (text is most of
// it), at 0.9 well under, and GitHub shows a README image narrower than either anyway.
const SCREENSHOT = { width: 1366, height: 768, scale: 0.9 };
const SCREENSHOT_PIXELS = { width: Math.round(SCREENSHOT.width * SCREENSHOT.scale), height: Math.round(SCREENSHOT.height * SCREENSHOT.scale) };
const SCREENSHOT_LIMIT = 200 * 1024;

test('the README screenshot web/demo.png: the 1366×768 layout after a few examples (UPDATE_SCREENSHOT=1 writes it)', async () => {
  await fetch(`${baseUrl}/hits`, { method: 'DELETE' });
  // openPage's protections (127.0.0.1 only, online, errors kept) on a context with that scale.
  const context = await browser.newContext({ viewport: { width: SCREENSHOT.width, height: SCREENSHOT.height }, deviceScaleFactor: SCREENSHOT.scale });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { get: () => true }));
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  await fireExamples(page, ['seed-page', 'seed-identify', 'seed-created', 'cvars', 'order']);
  await page.waitForFunction(() => document.querySelectorAll('#hits > li').length >= 5, null, { timeout: 15000 });
  await page.evaluate(() => document.activeElement?.blur());
  await page.waitForTimeout(500); // the last scrollIntoView
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth));
  const shot = await page.screenshot({ type: 'png' });
  assert.deepStrictEqual(pngSize(shot), SCREENSHOT_PIXELS);
  assert.ok(shot.length < SCREENSHOT_LIMIT, `a screenshot now is under 200 KB (${shot.length} bytes)`);
  assert.deepStrictEqual(errors, []);
  assert.ok(requests.every((url) => url.startsWith(`${baseUrl}/`)));
  await context.close();

  const file = fileURLToPath(new URL('../../web/demo.png', import.meta.url));
  if (process.env.UPDATE_SCREENSHOT === '1') writeFileSync(file, shot);
  assert.ok(existsSync(file), 'web/demo.png is missing: run this test once with UPDATE_SCREENSHOT=1');
  const stored = readFileSync(file);
  assert.deepStrictEqual(pngSize(stored), SCREENSHOT_PIXELS);
  assert.ok(stored.length < SCREENSHOT_LIMIT, `web/demo.png is under 200 KB (${stored.length} bytes)`);
});
