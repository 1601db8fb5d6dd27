// hosts.test.mjs - "the only hosts contacted are the configured Matomo server's": a page with the
// real Analytics Next and the ES module build makes every kind of call, in Chromium, and what
// Chromium says it requested is checked against what the local collectors say they received
// (from the stand-in tracker, or Matomo's real one with MATOMO_JS).
//
// Chromium's side is playwright's request events on the page's context (navigator.sendBeacon
// included: playwright reports beacons as POST requests, with requestfinished once they are
// answered), plus WebSockets (routed here so that none can connect anywhere), workers and service
// workers; the collector's side is its `requests` log. The two must agree as multisets of
// (method, path + query): nothing Chromium made went missing, nothing reached the collector that
// Chromium did not make.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { useBrowserAndCollector, openPage, waitForHits, html, analyticsNextLoad, startTestCollector } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });

const product = (sku, name, price, quantity) => ({ sku, name, category: 'Hosts', price, quantity });

/** The page: Analytics Next with the destination (`settings`), then every kind of call. */
function callsPage(settings) {
  return html(`<script src="/build/web/analytics-next.js"></script>
<script type="module">
  import { matomo } from '/dist/matomo-destination.mjs';
  const [analytics] = await ${analyticsNextLoad(`matomo(${JSON.stringify(settings)})`)};
  await analytics.page();
  await analytics.identify('host-user', { plan: 'Pro' });
  await analytics.track('Signed Up', { category: 'Account' });
  await analytics.group('host-group', { name: 'Hosts Inc.' });
  await analytics.track('Order Completed', { order_id: 'h-1', total: 30, products: ${JSON.stringify([product('H-1', 'One', 10, 1), product('H-2', 'Two', 10, 2)])} });
  await analytics.reset();
  await analytics.track('After Reset');
  window.done = true;
</script>`, 'Hosts page');
}

/** The hits that callsPage sends to one site, in a form that does not depend on their order. */
const expectedHits = (idsite) => [
  `${idsite} event After Reset`,
  `${idsite} event Signed Up`,
  `${idsite} goal 0 h-1`, // the order
  `${idsite} goal 2`, // 'Signed Up'
  `${idsite} page view Hosts page`,
];
function summary({ params }) {
  if ('action_name' in params) return `${params.idsite} page view ${params.action_name}`;
  if ('e_a' in params) return `${params.idsite} event ${params.e_a}`;
  if ('idgoal' in params) return `${params.idsite} goal ${params.idgoal}${params.ec_id ? ` ${params.ec_id}` : ''}`;
  return `${params.idsite} other ${JSON.stringify(params)}`; // e.g. a ping: fails the comparison
}
const tracked = (collector) => collector.hits.map(summary).sort();

/**
 * A fresh page (the harness's openPage) whose context records everything Chromium does on the
 * network: `seen.requests` (every request, the page's and any worker's, as playwright Requests),
 * `finished`, `failed` (the harness's route guard aborts with net::ERR_BLOCKED_BY_CLIENT),
 * `websockets` (each one is routed to a stub that closes it, so that none connects), `workers`
 * and `serviceWorkers`.
 */
async function watchedPage({ allow = [] } = {}) {
  const opened = await openPage(shared.browser);
  const seen = { requests: [], finished: [], failed: [], websockets: [], workers: [], serviceWorkers: [] };
  const { context, page } = opened;
  // Origins besides 127.0.0.1 that may be reached (the harness aborts every other host); the
  // last route registered is asked first.
  if (allow.length) await context.route((url) => allow.includes(url.origin), (route) => route.continue());
  await context.routeWebSocket(() => true, (socket) => { seen.websockets.push(`routed ${socket.url()}`); socket.close(); });
  context.on('request', (request) => seen.requests.push(request));
  context.on('requestfinished', (request) => seen.finished.push(request));
  context.on('requestfailed', (request) => seen.failed.push(request));
  context.on('serviceworker', (worker) => seen.serviceWorkers.push(worker.url()));
  page.on('websocket', (socket) => seen.websockets.push(socket.url()));
  page.on('worker', (worker) => seen.workers.push(worker.url()));
  return { ...opened, seen };
}

/**
 * Waits until every request Chromium made has finished or failed and nothing new has happened,
 * neither in Chromium nor at the `collectors`, for `quietMs` (at most `timeout` ms in all).
 */
async function settle(seen, collectors, { quietMs = 1200, timeout = 15000 } = {}) {
  const start = Date.now();
  const state = () => [seen.requests.length, seen.finished.length + seen.failed.length, ...collectors.map((c) => c.requests.length)].join();
  let last = state();
  let since = Date.now();
  while (Date.now() - start < timeout) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = state();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (seen.finished.length + seen.failed.length === seen.requests.length && Date.now() - since >= quietMs) return;
  }
}

/** "METHOD /path?query" of a Chromium request (its URL less the origin and any fragment). */
const chromiumLine = (request) => {
  const url = request.url().replace(/#.*$/, '');
  return `${request.method()} ${url.slice(new URL(url).origin.length)}`;
};
/** "METHOD /path?query" of a request in a collector's log. */
const collectorLine = ({ method, path, query }) => `${method} ${path}${query}`;
const sorted = (lines) => [...lines].sort();

/** What every test asserts about Chromium's side: no request failed, no socket, no worker. */
async function assertNothingElse({ page, seen, requests }) {
  assert.deepStrictEqual(seen.failed.map((r) => `${r.url()} ${r.failure()?.errorText}`), [], 'no request failed or was aborted');
  assert.equal(seen.finished.length, seen.requests.length, 'every request finished');
  assert.deepStrictEqual(seen.websockets, [], 'no WebSocket');
  assert.deepStrictEqual(seen.workers, [], 'no worker');
  assert.deepStrictEqual(seen.serviceWorkers, [], 'no service worker');
  assert.deepStrictEqual(page.context().serviceWorkers(), []);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  // The harness's page-level list, and the page's own Resource Timing (beacons included), name
  // nothing the context-level list does not; but for Chromium's automatic /favicon.ico of the
  // page, which playwright never reports and, with routes on, aborts before it is sent (so the
  // collector never sees it either: its log has no /favicon.ico, see assertLogsAgree).
  const urls = new Set(seen.requests.map((r) => r.url()));
  assert.deepStrictEqual(requests.filter((url) => !urls.has(url)), []);
  const timed = await page.evaluate(() => performance.getEntriesByType('resource').map(({ name, responseStatus }) => ({ name, responseStatus })));
  const favicon = { name: `${new URL(page.url()).origin}/favicon.ico`, responseStatus: 0 };
  assert.deepStrictEqual(timed.filter(({ name }) => !urls.has(name)).filter((entry) => !util.isDeepStrictEqual(entry, favicon)), [],
    'Resource Timing saw only requests playwright reported');
}

/** Chromium's requests to `origin` (the collector's, by default) and the collector's log agree as multisets. */
function assertLogsAgree(seen, collector, label, origin = collector.url) {
  const chromium = seen.requests.filter((r) => new URL(r.url()).origin === origin);
  assert.deepStrictEqual(sorted(collector.requests.map(collectorLine)), sorted(chromium.map(chromiumLine)), `${label}: the collector's log and Chromium's requests agree`);
}

const isTracker = (request) => /\/(matomo|piwik)\.js$/.test(new URL(request.url()).pathname);
const isHit = (request) => /\/(matomo|piwik)\.php$/.test(new URL(request.url()).pathname);

test('page, identify, track with a goal, group, an order and reset: only the Matomo server (here the page\'s own) is contacted, and the collector received exactly what Chromium sent', async () => {
  const { collector } = shared;
  const opened = await watchedPage();
  const { context, page, seen, errors } = opened;
  collector.addPage('/hosts.html', callsPage({ siteId: 1, url: collector.url, goals: { 'Signed Up': 2 }, visitDimensions: { groupId: 1, 'traits.plan': 2 } }));
  await page.goto(`${collector.url}/hosts.html`);
  await page.waitForFunction(() => window.done);
  await waitForHits(collector, (h) => h.length >= 5 && h.some(({ params }) => params.e_a === 'After Reset'));
  await settle(seen, [collector]);

  assert.deepStrictEqual(tracked(collector), expectedHits(1));
  await assertNothingElse(opened);
  // a. Every request went to the collector: 127.0.0.1 and its port.
  assert.ok(seen.requests.length >= 8, `${seen.requests.length} requests`);
  assert.deepStrictEqual(seen.requests.map((r) => new URL(r.url()).host).filter((host) => host !== `127.0.0.1:${collector.port}`), []);
  // b. Both sides agree, the hits (beacons) included: each hit Chromium reported is in the log.
  assertLogsAgree(seen, collector, 'the collector');
  const hits = seen.requests.filter(isHit);
  assert.ok(hits.length >= 1 && hits.length <= collector.hits.length, `${hits.length} hit requests for ${collector.hits.length} hits`);
  assert.ok(hits.some((r) => r.method() === 'POST' && r.resourceType() === 'ping'), 'hits went as beacons, and playwright reported them');
  // c. The tracker script once, from the configured url; the other scripts are the page's own.
  const scripts = seen.requests.filter((r) => r.resourceType() === 'script');
  assert.deepStrictEqual(seen.requests.filter(isTracker).map((r) => [r.method(), r.url(), r.resourceType()]), [['GET', `${collector.url}/matomo.js`, 'script']]);
  assert.deepStrictEqual(collector.requests.filter(({ path }) => /\/(matomo|piwik)\.js$/.test(path)).map(collectorLine), ['GET /matomo.js']);
  assert.deepStrictEqual(scripts.filter((r) => !isTracker(r)).map((r) => new URL(r.url()).pathname).filter((path) => !/^\/(build\/web|dist)\//.test(path)), []);
  assert.deepStrictEqual(seen.requests.filter((r) => !isTracker(r) && !isHit(r) && r.resourceType() !== 'document')
    .map((r) => new URL(r.url()).pathname).filter((path) => !/^\/(build\/web|dist)\//.test(path)), [], 'nothing but the page, its bundles, the script and hits');
  assert.deepStrictEqual(errors, []);
  await context.close();
});

// The page's host is 127.0.0.1; the Matomo servers are named "localhost" (loopback too, resolved
// by Chromium itself, never by DNS), on collectors of their own, so each side's host is told
// apart. The harness's guard would abort "localhost": exactly those two origins are let through.
test('settings naming other hosts (url on "localhost", an additional site on a third server): the page\'s host gets only the page and its bundles, each Matomo server only its own', async () => {
  const { collector: pageHost } = shared;
  const main = await startTestCollector();
  const other = await startTestCollector();
  try {
    const mainUrl = `http://localhost:${main.port}`;
    const otherUrl = `http://localhost:${other.port}`;
    const opened = await watchedPage({ allow: [mainUrl, otherUrl] });
    const { context, page, seen, errors } = opened;
    pageHost.addPage('/other-hosts.html', callsPage({ siteId: 1, url: mainUrl, goals: { 'Signed Up': 2 }, additionalSites: [{ siteId: 3, url: otherUrl }] }));
    await page.goto(`${pageHost.url}/other-hosts.html`);
    await page.waitForFunction(() => window.done);
    for (const collector of [main, other]) await waitForHits(collector, (h) => h.length >= 5 && h.some(({ params }) => params.e_a === 'After Reset'));
    await settle(seen, [pageHost, main, other]);

    assert.deepStrictEqual(tracked(main), expectedHits(1));
    assert.deepStrictEqual(tracked(other), expectedHits(3));
    assert.equal(pageHost.hits.length, 0);
    await assertNothingElse(opened);
    // a. Only these three origins.
    const hosts = new Set(seen.requests.map((r) => new URL(r.url()).origin));
    assert.deepStrictEqual([...hosts].sort(), [pageHost.url, mainUrl, otherUrl].sort());
    // b. Each collector's log agrees with what Chromium sent it.
    assertLogsAgree(seen, pageHost, "the page's host");
    assertLogsAgree(seen, main, 'the Matomo server', mainUrl);
    assertLogsAgree(seen, other, 'the additional site', otherUrl);
    // c. The page's host: the page and its bundles only; the script once, from the configured url;
    // the additional site: hits only.
    const on = (origin) => seen.requests.filter((r) => new URL(r.url()).origin === origin);
    assert.deepStrictEqual(on(pageHost.url).filter((r) => r.resourceType() !== 'document').map((r) => new URL(r.url()).pathname)
      .filter((path) => !/^\/(build\/web|dist)\//.test(path)), []);
    assert.deepStrictEqual(seen.requests.filter(isTracker).map((r) => [r.method(), r.url(), r.resourceType()]), [['GET', `${mainUrl}/matomo.js`, 'script']]);
    assert.ok(on(mainUrl).every((r) => isTracker(r) || isHit(r)));
    assert.ok(on(otherUrl).length >= 1 && on(otherUrl).every(isHit));
    assert.deepStrictEqual(errors, []);
    await context.close();
  } finally {
    await main.close();
    await other.close();
  }
});
