// demo.test.mjs - the playground used as a person would: `node web/demo.mjs` started as `make demo`
// starts it, then buttons clicked and forms filled in Chromium, and what the page shows checked.
// Leaves a screenshot in build/demo.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openPage } from './harness.mjs';

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

test('a person fires the examples and a custom call, and sees commands and decoded hits side by side', async () => {
  const { context, page, errors, requests } = await openPage(browser);
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#status.ok');
  assert.match(await page.textContent('#status'), /Ready: the Matomo tracker runs \(site 1/);

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
