// collector.mjs - a small Matomo-compatible collector on 127.0.0.1, for the tests and the demo.
//
// Speaks Matomo's tracking API: every request to /matomo.php or /piwik.php is recorded as hits
// (GET query, POST query, POST urlencoded body, bulk JSON {"requests": ["?a=b", ...]}).
//   GET    /hits          every hit so far: [{ n, time, method, path, transport, params }]
//   DELETE /hits          forgets them
//   GET    /matomo.js     the tracker script: the stand-in (web/matomo-standin.js), or the file
//   GET    /piwik.js      named by MATOMO_JS (or the matomoJs option), e.g. Matomo's real one
// Anything else is served from the `mounts` folders (URL prefix -> folder), or from `pages`
// (path -> HTML text) that tests add with addPage(path, text, type?).
// Every request received, whatever its path, is also logged in `requests` (see startCollector).
//
// Run alone: `node web/collector.mjs` (PORT= to choose the port; prints the URL).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const MAX_BODY = 1 << 20;

function parseHits(method, url, body, contentType) {
  const base = Object.fromEntries(url.searchParams);
  const transport = method === 'GET' ? 'get' : body.length === 0 ? 'post-query' : 'post-body';
  const trimmed = body.trim();
  if (method === 'POST' && (contentType.includes('json') || trimmed.startsWith('{'))) {
    try {
      const { requests } = JSON.parse(trimmed);
      if (Array.isArray(requests)) {
        return requests.map((request) => ({ transport: 'bulk', params: { ...base, ...Object.fromEntries(new URLSearchParams(String(request).replace(/^\?/, ''))) } }));
      }
    } catch {}
  }
  return [{ transport, params: { ...base, ...Object.fromEntries(new URLSearchParams(body)) } }];
}

/**
 * Starts the collector. Resolves to { url, port, hits, requests, addPage(path, text, type?, headers?),
 * clear(), close() };
 * `hits` is the live array of recorded hits; `requests` the live log of every request received
 * (hits, pages, files, /hits, 404s alike), in arrival order: [{ method, path, query, time }], with
 * `query` the raw search string as sent ('?a=b', '' when none). clear() empties both.
 */
export async function startCollector({ port = 0, matomoJs = process.env.MATOMO_JS, mounts = {}, pages = {} } = {}) {
  const trackerScript = readFileSync(matomoJs || here('./matomo-standin.js'));
  const hits = [];
  const requests = [];
  const pageMap = new Map(Object.entries(pages).map(([path, text]) => [path, { text, type: 'text/html; charset=utf-8' }]));
  const servers = Object.entries(mounts)
    .sort(([a], [b]) => b.length - a.length)
    .map(([prefix, folder]) => [prefix, sirv(folder, { dev: true, dotfiles: false })]);

  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const path = url.pathname;
    const search = request.url.indexOf('?');
    requests.push({ method: request.method, path, query: search === -1 ? '' : request.url.slice(search), time: Date.now() });
    if (path === '/matomo.php' || path === '/piwik.php') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => {
        body += chunk;
        if (body.length > MAX_BODY) request.destroy();
      });
      request.on('end', () => {
        for (const hit of parseHits(request.method, url, body, request.headers['content-type'] || '')) {
          hits.push({ n: hits.length + 1, time: Date.now(), method: request.method, path, ...hit });
        }
        if (url.searchParams.get('send_image') === '1') {
          response.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' });
          response.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
        } else {
          response.writeHead(204, { 'Cache-Control': 'no-store' });
          response.end();
        }
      });
      return;
    }
    if (path === '/hits') {
      if (request.method === 'DELETE') hits.length = 0;
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify(hits));
      return;
    }
    if (path === '/matomo.js' || path === '/piwik.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(trackerScript);
      return;
    }
    if (pageMap.has(path)) {
      const { text, type, headers } = pageMap.get(path);
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      response.end(text);
      return;
    }
    const mounted = servers.find(([prefix]) => path.startsWith(prefix));
    if (mounted) {
      const [prefix, serve] = mounted;
      request.url = request.url.slice(prefix.length - 1) || '/';
      serve(request, response, () => {
        response.writeHead(404, { 'Content-Type': 'text/plain' });
        response.end('not found');
      });
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    hits,
    requests,
    addPage: (path, text, type = 'text/html; charset=utf-8', headers = {}) => pageMap.set(path, { text, type, headers }),
    clear: () => { hits.length = 0; requests.length = 0; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const collector = await startCollector({ port: Number(process.env.PORT) || 0 });
  console.log(`Matomo collector on ${collector.url} (tracker script: ${process.env.MATOMO_JS || 'the stand-in'})`);
}
