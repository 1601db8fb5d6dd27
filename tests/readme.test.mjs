// readme.test.mjs - the README's settings table is the core's settings table (regenerate it with
// `make readme`), and every setting the core declares is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readSchema, settingsTable, withTable } from './tools/settings-table.mjs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const schema = readSchema();

test('the settings table declares the settings of the seed and of the issues since', () => {
  assert.deepStrictEqual(schema.map((s) => s.name), ['siteId', 'url', 'trackerUrl', 'scriptUrl', 'goals', 'customVariableLimit', 'pageTitle', 'visitDimensions', 'actionDimensions', 'ecommerce', 'productViewPageView', 'productViewWait', 'requireConsent', 'consentCategories', 'disableCookies',
    'respectDoNotTrack', 'cookieDomain', 'domains', 'secureCookie', 'cookieSameSite', 'linkTracking', 'heartBeat', 'crossDomainLinking',
    'performanceTracking', 'jsErrorTracking', 'requestMethod', 'scriptNonce', 'scriptTimeout', 'additionalSites']);
  assert.ok(schema.every((s) => s.help.length > 20 && s.help.endsWith('.')), 'every setting has a help sentence');
});

test("README.md's settings table is generated from the core's table (make readme)", () => {
  assert.equal(readme, withTable(readme, settingsTable(schema)));
});

// The README quotes the core's messages; they must be the real ones (a reader compares them with
// the console).
test("the README's example error texts are the core's own", async () => {
  const { createTranslator } = await import('../dist/matomo-destination.mjs');
  const flat = readme.replace(/\s+/g, ' ');
  for (const settings of [{ siteId: 1, url: 'javascript:alert(1)' }, { siteId: 'abc', url: 'https://matomo.example.com' }]) {
    const message = await createTranslator(settings).then(() => '', (error) => error.message);
    assert.ok(flat.includes(message), `README.md does not quote: ${message}`);
  }
  const { warnings } = await createTranslator({ siteId: 1, url: 'https://matomo.example.com', goal: {} });
  assert.ok(flat.includes(warnings[0]), `README.md does not quote: ${warnings[0]}`);
});
