// types.mjs - writes the package's TypeScript declarations into dist/ (run by js/build.mjs):
// one text for the ES module and the CommonJS build of each entry (.d.mts and .d.cts), with
// every setting typed and documented from the core's settings table (build/settings-schema.json,
// written by `make` from src/settings/md_settings.c), so the types cannot drift from the core.
import { readFileSync, writeFileSync } from 'node:fs';

/** A name -> id map: an object, or Segment's [{ key, value }] rows. */
const MAP = 'Record<string, number | string> | ReadonlyArray<{ key: string; value: number | string }>';
/** The TypeScript type of each kind of setting in the core's table ('choice': its choices). */
const typeOfKind = {
  id: 'number | string',
  url: 'string',
  address: 'string',
  goals: MAP,
  dimensions: MAP,
  integer: 'number',
  boolean: 'boolean',
  texts: 'ReadonlyArray<string>',
  domain: 'string',
  domains: 'ReadonlyArray<string>',
  nonce: 'string',
  sites: 'ReadonlyArray<{ siteId: number | string; url?: string }>',
};

function doc(lines, indent = '') {
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function settingsDeclaration(schema) {
  const members = schema
    .filter((setting) => setting.name !== 'url')
    .map((setting) => {
      const type = setting.kind === 'choice' ? setting.choices.map((choice) => JSON.stringify(choice)).join(' | ') : typeOfKind[setting.kind];
      if (!type) throw new Error(`types.mjs: no TypeScript type for the kind "${setting.kind}" of setting ${setting.name}`);
      const help = setting.help[0].toUpperCase() + setting.help.slice(1).replace(/\*\//g, '* /');
      const notes = [];
      if (setting.minimum !== undefined) notes.push(`From ${setting.minimum} to ${setting.maximum}.`);
      if (setting.default !== undefined) notes.push(`@defaultValue ${JSON.stringify(setting.default)}`);
      return doc([help, ...notes], '  ') + `  ${setting.name}${setting.required ? '' : '?'}: ${type};\n`;
    });
  const url = schema.find((setting) => setting.name === 'url');
  return `${doc(['The settings of the Matomo destination, as in Segment\'s Matomo destination (README, Settings).',
    'Generated from the core\'s settings table: each setting is checked by the core when the', 'destination loads, and refused with a readable error.'])}export interface MatomoSettingsBase {
${members.join('')}}

${doc([url.help[0].toUpperCase() + url.help.slice(1)])}export type MatomoSettings = MatomoSettingsBase & ({ url: string } | { url?: string; trackerUrl: string; scriptUrl: string });
`;
}

const API = `
/** One Matomo \`_paq\` command: the tracker method's name, then its arguments. */
export type MatomoCommand = [method: string, ...args: unknown[]];

/** A Segment event as the calls read it (page, identify, track, group, alias). */
export interface SegmentEvent {
  event?: string;
  name?: string;
  category?: string;
  userId?: string | number | null;
  anonymousId?: string | null;
  groupId?: string | number | null;
  previousId?: string | number | null;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
  integrations?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Where the remembered cart is kept between page loads (the page's localStorage by default). */
export interface CartStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TranslatorOptions {
  /** A compiled core, or the bytes of matomo-destination.wasm, instead of the embedded copy. */
  wasm?: WebAssembly.Module | ArrayBuffer | ArrayBufferView;
  /** Where the remembered cart is kept; \`null\` keeps it in memory only. */
  storage?: CartStorage | null;
}

/**
 * The mapping alone: each method returns the \`_paq\` commands of one call and never throws.
 */
export interface Translator {
  /** The start-up commands (tracker URL, site id, options). */
  setup(): MatomoCommand[];
  page(event: SegmentEvent): MatomoCommand[];
  identify(event: SegmentEvent): MatomoCommand[];
  track(event: SegmentEvent): MatomoCommand[];
  group(event: SegmentEvent): MatomoCommand[];
  alias(event: SegmentEvent): MatomoCommand[];
  /** analytics.reset(): forget the user, start a new visit. */
  reset(): MatomoCommand[];
  /** From now on page() may hold its page view for a product view that follows it (see flush). */
  hold(): MatomoCommand[];
  /** The page view page() held, if any (call it within productViewWait ms). */
  flush(): MatomoCommand[];
  /** The goal ids an event name fires. */
  mapGoal(name: string | number): number[];
  /** The URL of the Matomo tracker script to load. */
  readonly scriptUrl: string;
  /** The nonce for its script tag ('' when the settings give none). */
  readonly scriptNonce: string;
  /** Seconds to wait for the tracker script (the setting scriptTimeout). */
  readonly scriptTimeout: number;
  /** Messages about the settings (unknown names), each meant to be shown once. */
  readonly warnings: string[];
  /** The methods a call may give that change a state the tracker keeps (1 user id, 2 consent,
   * 3 cookie consent): before the tracker script has run, each change after the first of its
   * state must be pushed so that it keeps its place (as a function command). */
  readonly keepPlace: Readonly<Record<string, number>>;
  /** Milliseconds a held page view may wait (the setting productViewWait). */
  readonly productViewWait: number;
  /** 2 when commands run on more than one tracker (additionalSites): give each its own copy of a
   * hit's custom data. */
  readonly trackers: number;
}

/**
 * Creates a translator for \`settings\`. Rejects with an Error naming the setting and the fix
 * when the settings are refused.
 */
export declare function createTranslator(settings: MatomoSettings, options?: TranslatorOptions): Promise<Translator>;

export interface MatomoPluginOptions {
  /** Sees a copy of every list of \`_paq\` commands the core produced, e.g. for logging. */
  onCommands?: (commands: MatomoCommand[], call: string) => void;
}

/**
 * An Analytics Next destination plugin (\`analytics.register(matomo(settings))\` or
 * \`AnalyticsBrowser.load({ writeKey, plugins: [matomo(settings)] })\`). Its handlers never throw.
 */
export interface MatomoPlugin {
  name: 'Matomo';
  type: 'destination';
  version: string;
  isLoaded(): boolean;
  /**
   * Checks the settings, starts Matomo on the page and loads its tracker script. Refused
   * settings are printed once with console.error and leave the destination idle; without a
   * browser (server-side rendering) it does nothing and says so once.
   */
  load(ctx: any, analytics: any): Promise<any>;
  page(ctx: any): any;
  screen(ctx: any): any;
  identify(ctx: any): any;
  track(ctx: any): any;
  group(ctx: any): any;
  alias(ctx: any): any;
}

/** The Matomo destination plugin for \`settings\`. */
export declare function matomo(settings: MatomoSettings, options?: MatomoPluginOptions): MatomoPlugin;

/** This package's version. */
export declare const VERSION: string;
`;

const CLASSIC = `
/**
 * The destination as a classic analytics.js integration named 'Piwik' (for
 * @segment/analytics.js-core's addIntegration, or Analytics Next's classicIntegrations). Its
 * options are the settings of the Matomo destination (MatomoSettings).
 */
export declare const Piwik: any;
export default Piwik;
`;

/** Writes the declarations of every entry into `folder`. */
export function writeTypes(folder, schemaFile = 'build/settings-schema.json') {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const header = '// The TypeScript declarations of matomo-destination, written by js/types.mjs from the core\'s settings table.\n\n';
  const main = header + settingsDeclaration(schema) + API;
  for (const ext of ['d.mts', 'd.cts']) {
    writeFileSync(`${folder}/matomo-destination.${ext}`, main);
    writeFileSync(`${folder}/matomo-destination.loader.${ext}`, main);
    writeFileSync(`${folder}/matomo-classic.${ext}`, header + settingsDeclaration(schema) + CLASSIC);
  }
}
