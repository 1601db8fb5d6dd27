// consumer.ts - a TypeScript user's code against the packed package (tests/package.test.mjs
// compiles it with tsc --noEmit --strict): every export typed, every setting checked. Each line
// marked below as an expected error must be one, or tsc fails: the types are not `any`.
import { AnalyticsBrowser } from '@segment/analytics-next';
import { createTranslator, matomo, VERSION, type MatomoCommand, type MatomoSettings, type Translator } from 'matomo-destination';
import { Piwik } from 'matomo-destination/classic';
import * as loader from 'matomo-destination/loader';

const settings: MatomoSettings = {
  siteId: 1,
  url: 'https://matomo.example.com',
  goals: { 'Order Completed': 1, 'Signed Up': '2' },
  pageTitle: 'name',
  visitDimensions: { 'traits.plan': 1 },
  actionDimensions: [{ key: 'properties.section', value: '2' }],
  requireConsent: 'tracking',
  consentCategories: ['Analytics'],
  cookieSameSite: 'Lax',
  heartBeat: 15,
  scriptTimeout: 10,
  additionalSites: [{ siteId: 2, url: 'https://other.example.com' }],
};
const behindProxy: MatomoSettings = { siteId: '3', trackerUrl: 'https://example.com/m.php', scriptUrl: 'https://example.com/m.js' };

// The plugin is an Analytics Next plugin, as the README shows it.
const [analytics] = await AnalyticsBrowser.load({ writeKey: 'key', plugins: [matomo(settings)] });
await analytics.register(matomo(behindProxy, { onCommands: (commands: MatomoCommand[], call: string) => console.log(call, commands.length) }));

const translator: Translator = await createTranslator(settings, { storage: null });
const commands: MatomoCommand[] = translator.track({ event: 'Order Completed', properties: { revenue: 19.9 } });
const method: string = commands[0][0];
const goals: number[] = translator.mapGoal('Signed Up');
const timeout: number = translator.scriptTimeout;
const fromLoader: Promise<Translator> = loader.createTranslator(settings);
const version: string = VERSION;
console.log(method, goals, timeout, fromLoader, version, Piwik);

// @ts-expect-error: pageTitle is "title" or "name"
const badChoice: MatomoSettings = { siteId: 1, url: 'https://m.example.com', pageTitle: 'heading' };
// @ts-expect-error: a misspelt setting name
const misspelt: MatomoSettings = { siteId: 1, url: 'https://m.example.com', goal: { A: 1 } };
// @ts-expect-error: siteId is required
const noSite: MatomoSettings = { url: 'https://m.example.com' };
// @ts-expect-error: url, or both trackerUrl and scriptUrl
const halfProxy: MatomoSettings = { siteId: 1, trackerUrl: 'https://example.com/m.php' };
// @ts-expect-error: heartBeat is a number of seconds
const textNumber: MatomoSettings = { siteId: 1, url: 'https://m.example.com', heartBeat: '15' };
console.log(badChoice, misspelt, noSite, halfProxy, textNumber);
