// harness.mjs - what the browser tests share: Debian's Chromium driven by playwright-core, the
// local collector serving the pages, and helpers to wait for hits instead of sleeping.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { startCollector } from '../../web/collector.mjs';

const root = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Root in a sandbox with a closed network: no sandbox, no background traffic.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export function startTestCollector() {
  return startCollector({ mounts: { '/dist/': root('dist'), '/build/web/': root('build/web'), '/': root('web') } });
}

/**
 * A fresh page on its own context. Every request it makes is recorded in `requests`; one for
 * anything but 127.0.0.1 is aborted (and fails the no-outside-request assertion). Console
 * messages are kept in `messages`, uncaught page errors in `errors`.
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  // Headless Chromium without a network interface says it is offline, and Analytics Next then
  // holds classic integrations' events back.
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { get: () => true }));
  const requests = [];
  const messages = [];
  const errors = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => messages.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, requests, messages, errors };
}

/**
 * Registers before/after hooks that start Chromium and a collector for the file's tests, and
 * forget the hits before each test. Returns an object whose `browser` and `collector` are set
 * once the tests run.
 */
export function useBrowserAndCollector({ before, after, beforeEach }) {
  const shared = { browser: null, collector: null };
  before(async () => {
    shared.browser = await launchBrowser();
    shared.collector = await startTestCollector();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.collector?.close();
  });
  beforeEach(() => shared.collector.clear());
  return shared;
}

/**
 * Holds back every request for the tracker script in `context` until the returned release() is
 * called; then each one goes on (`finish: 'continue'`) or is blocked (`'abort'`).
 */
export async function holdTrackerScript(context, finish) {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  await context.route('**/matomo.js', async (route) => {
    await gate;
    await (finish === 'abort' ? route.abort('blockedbyclient') : route.continue());
  });
  return release;
}

/** Waits until `predicate(hits)` holds (or `timeout` ms pass, then fails with what arrived). */
export async function waitForHits(collector, predicate, timeout = 10000) {
  const start = Date.now();
  while (!predicate(collector.hits)) {
    if (Date.now() - start > timeout) {
      throw new Error(`hits did not arrive in ${timeout} ms; got ${JSON.stringify(collector.hits.map((hit) => hit.params), null, 1)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return collector.hits;
}

/** The parameters that say what a hit is, for comparing with what a test expects. */
export function describeHit({ params }) {
  const keys = ['idsite', 'action_name', 'e_c', 'e_a', 'e_n', 'e_v', 'idgoal', 'revenue', 'uid', 'cvar'];
  return Object.fromEntries(keys.filter((key) => key in params).map((key) => [key, params[key]]));
}

/** An HTML page around `body` (scripts included). */
export function html(body, title = 'Test page') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** Analytics Next, loaded fully offline with `plugins` (JS source) and extra load settings. */
export function analyticsNextLoad(plugins, extra = '') {
  return `AnalyticsNext.AnalyticsBrowser.load(
    { writeKey: 'test-key', cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } }, plugins: [${plugins}] ${extra} },
    { integrations: { 'Segment.io': false }, disableClientPersistence: true })`;
}
