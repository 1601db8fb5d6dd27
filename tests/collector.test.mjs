// collector.test.mjs - the local Matomo collector speaks the tracking API's transports, and serves
// the stand-in tracker script, or the file MATOMO_JS names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCollector } from '../web/collector.mjs';

test('hits arrive by GET query, POST query, POST body and bulk JSON, on both endpoints', async () => {
  const collector = await startCollector();
  try {
    await fetch(`${collector.url}/matomo.php?idsite=1&rec=1&action_name=Home&send_image=1`);
    await fetch(`${collector.url}/matomo.php?idsite=1&rec=1&e_c=All&e_a=Logged%20In`, { method: 'POST', body: '' });
    await fetch(`${collector.url}/piwik.php`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'idsite=2&rec=1&idgoal=3&revenue=19.9&cvar=%7B%221%22%3A%5B%22a%22%2C%22b%22%5D%7D' });
    await fetch(`${collector.url}/matomo.php`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests: ['?idsite=1&rec=1&e_c=A&e_a=B', '?idsite=1&rec=1&ping=1'] }) });
    const hits = await fetch(`${collector.url}/hits`).then((r) => r.json());
    assert.deepStrictEqual(hits.map(({ method, path: p, transport, params }) => [method, p, transport, params]), [
      ['GET', '/matomo.php', 'get', { idsite: '1', rec: '1', action_name: 'Home', send_image: '1' }],
      ['POST', '/matomo.php', 'post-query', { idsite: '1', rec: '1', e_c: 'All', e_a: 'Logged In' }],
      ['POST', '/piwik.php', 'post-body', { idsite: '2', rec: '1', idgoal: '3', revenue: '19.9', cvar: '{"1":["a","b"]}' }],
      ['POST', '/matomo.php', 'bulk', { idsite: '1', rec: '1', e_c: 'A', e_a: 'B' }],
      ['POST', '/matomo.php', 'bulk', { idsite: '1', rec: '1', ping: '1' }],
    ]);
    await fetch(`${collector.url}/hits`, { method: 'DELETE' });
    assert.deepStrictEqual(await fetch(`${collector.url}/hits`).then((r) => r.json()), []);
  } finally {
    await collector.close();
  }
});

test('the tracker script is the stand-in by default, named as such, under both names', async () => {
  const collector = await startCollector({ matomoJs: '' });
  try {
    for (const name of ['matomo.js', 'piwik.js']) {
      const response = await fetch(`${collector.url}/${name}`);
      assert.match(response.headers.get('content-type'), /javascript/);
      assert.match(await response.text(), /^\/\*\n \* STAND-IN for Matomo's tracker script/);
    }
  } finally {
    await collector.close();
  }
});

test('MATOMO_JS serves another tracker script (the real one) in its place', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'matomo-js-'));
  const file = path.join(folder, 'matomo.js');
  writeFileSync(file, '/* the real matomo.js would be here */');
  const saved = process.env.MATOMO_JS;
  process.env.MATOMO_JS = file;
  const collector = await startCollector();
  try {
    assert.equal(await fetch(`${collector.url}/matomo.js`).then((r) => r.text()), '/* the real matomo.js would be here */');
  } finally {
    await collector.close();
    if (saved === undefined) delete process.env.MATOMO_JS;
    else process.env.MATOMO_JS = saved;
  }
});
