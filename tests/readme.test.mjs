// readme.test.mjs - the README's settings table is the core's settings table (regenerate it with
// `make readme`), and every setting the core declares is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readSchema, settingsTable, withTable } from './tools/settings-table.mjs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const schema = readSchema();

test('the settings table declares the settings of the seed and of the issues since', () => {
  assert.deepStrictEqual(schema.map((s) => s.name), ['siteId', 'url', 'trackerUrl', 'scriptUrl', 'goals', 'customVariableLimit', 'pageTitle', 'visitDimensions', 'actionDimensions', 'ecommerce', 'productViewPageView', 'requireConsent', 'consentCategories', 'disableCookies',
    'respectDoNotTrack', 'cookieDomain', 'domains', 'secureCookie', 'cookieSameSite', 'linkTracking', 'heartBeat', 'crossDomainLinking',
    'performanceTracking', 'jsErrorTracking', 'requestMethod', 'scriptNonce', 'scriptTimeout', 'additionalSites']);
  assert.ok(schema.every((s) => s.help.length > 20 && s.help.endsWith('.')), 'every setting has a help sentence');
});

test("README.md's settings table is generated from the core's table (make readme)", () => {
  assert.equal(readme, withTable(readme, settingsTable(schema)));
});
