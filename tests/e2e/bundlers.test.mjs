// bundlers.test.mjs - pack and consume, as a new user would: `npm pack` the package, install the
// tarball into fresh projects (build/pack-consume/<name>/), bundle the README's two import lines
// with esbuild, Vite, webpack and Rollup, each with no configuration of ours, and check in
// Chromium that the bundle's page view and event reach the local collector. In fresh projects
// too, Node's require and import of every entry of the exports map.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { useBrowserAndCollector, openPage, waitForHits, describeHit, html } from './harness.mjs';

const shared = useBrowserAndCollector({ before, after, beforeEach });

const repo = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository (build/ is ignored by git), so that Node's resolution finds the bundlers
// and Analytics Next in the repository's node_modules by walking up; matomo-destination itself
// is only in each project's own node_modules, from the tarball.
const consumeRoot = join(repo, 'build', 'pack-consume');
const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const BUNDLERS = ['esbuild', 'vite', 'webpack', 'rollup'];
const SITE_IDS = { esbuild: 11, vite: 12, webpack: 13, rollup: 14 };

// The consumer's entry, the same source for every bundler: the README's two import lines, and
// Analytics Next loaded fully offline as harness.analyticsNextLoad does. The page says which
// bundler built it, which site id to use and where the collector is.
const ENTRY = `import { AnalyticsBrowser } from '@segment/analytics-next';
import { matomo } from 'matomo-destination';

AnalyticsBrowser.load(
  {
    writeKey: 'test-key',
    cdnSettings: { integrations: {}, metrics: { sampleRate: 0 } },
    plugins: [matomo({ siteId: window.SITE_ID, url: window.COLLECTOR })],
  },
  { integrations: { 'Segment.io': false }, disableClientPersistence: true },
).then(
  async ([analytics]) => {
    await analytics.page();
    await analytics.track('Bundled ' + window.BUNDLER, { category: 'Bundlers' });
    window.done = true;
  },
  (error) => {
    window.failed = String((error && error.stack) || error);
    console.error('consumer: Analytics Next did not load: ' + window.failed);
  },
);
`;

let tarball = '';
let packDir = '';
/** bundler -> { dir, files: Map(url path -> bytes), entry (url path), module (bool), resolved, notes, error } */
const bundles = {};
const sizes = {};

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh project folder with the tarball installed from disk, offline. */
function freshProject(name) {
  const dir = join(consumeRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }, null, 2) + '\n');
  npm(['install', tarball, '--offline', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', '--silent'], dir);
  return dir;
}

/** Every file under `dir`, as [relative path with /, absolute path]. */
function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path, base) : [[relative(base, path).split(sep).join('/'), path]];
  });
}

/** The output folder's files, to be served under `prefix`. */
function outputFiles(dir, prefix) {
  return new Map(walk(join(dir, 'dist')).map(([rel, path]) => [prefix + rel, readFileSync(path)]));
}

const installedEntry = (dir) => realpathSync(join(dir, 'node_modules', 'matomo-destination', 'dist', 'matomo-destination.mjs'));
const real = (id) => {
  try {
    return realpathSync(id);
  } catch {
    return id; // a bundler's virtual module
  }
};
/** How many bytes of the chunks' code came from module `id` (Rollup and Vite say so per module). */
const renderedLength = (chunks, id) => chunks.reduce((sum, chunk) => sum + (chunk.modules[id]?.renderedLength ?? 0), 0) || undefined;
const mentionsUs = (text) => /matomo-destination/.test(String(text));

const build = {
  // esbuild's JS API: bundle, ESM, for browsers. Dynamic imports of Analytics Next are inlined
  // without `splitting`, so this is one file.
  async esbuild(dir) {
    const { build: esbuild } = await import('esbuild');
    const result = await esbuild({
      absWorkingDir: dir, entryPoints: ['src/index.js'], bundle: true, format: 'esm', platform: 'browser',
      minify: true, outdir: 'dist', metafile: true, logLevel: 'silent',
    });
    return {
      files: outputFiles(dir, '/bundles/esbuild/'), entry: '/bundles/esbuild/index.js', module: true,
      resolved: Object.keys(result.metafile.inputs).map((path) => resolve(dir, path)),
      ours: result.metafile.outputs['dist/index.js'].inputs['node_modules/matomo-destination/dist/matomo-destination.mjs']?.bytesInOutput,
      notes: result.warnings.map((w) => w.text),
    };
  },

  // Vite's build() in app mode, as `npm create vite` sets a project up: index.html at the root,
  // no config file. Its chunks are linked from the base '/', so they are served from there.
  async vite(dir) {
    const { build: vite } = await import('vite');
    writeFileSync(join(dir, 'index.html'), html('<script type="module" src="/src/index.js"></script>', 'Vite app'));
    const warnings = [];
    const result = await vite({
      root: dir, configFile: false, logLevel: 'silent',
      build: { rolldownOptions: { onwarn: (warning) => warnings.push(warning.message) } },
    });
    const chunks = [].concat(result).flatMap((output) => output.output).filter((item) => item.type === 'chunk');
    const entry = chunks.find((chunk) => chunk.isEntry);
    return {
      files: outputFiles(dir, '/'), entry: `/${entry.fileName}`, module: true,
      resolved: chunks.flatMap((chunk) => chunk.moduleIds).map((id) => id.split('?')[0]),
      ours: renderedLength(chunks, installedEntry(dir)),
      notes: warnings,
    };
  },

  // webpack's Node API: mode production, target web; `context` and `output.path` only say
  // where the project is (the test's working directory is the repository).
  async webpack(dir) {
    const { default: webpack } = await import('webpack');
    const stats = await new Promise((done, fail) => {
      webpack({ mode: 'production', target: 'web', context: dir, output: { path: join(dir, 'dist') } }, (error, result) => (error ? fail(error) : done(result)));
    });
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    if (stats.hasErrors()) throw new Error(`webpack: ${info.errors.map((e) => e.message).join('\n')}`);
    return {
      files: outputFiles(dir, '/bundles/webpack/'), entry: '/bundles/webpack/main.js', module: false,
      resolved: [...stats.compilation.fileDependencies],
      notes: info.warnings.map((w) => w.message),
    };
  },

  // Rollup's JS API with @rollup/plugin-node-resolve { browser: true }, output ES modules.
  // For Analytics Next itself, not for this package: its dependencies (@segment/facade and
  // others) are CommonJS, which Rollup reads only with @rollup/plugin-commonjs, not installed
  // here. So Analytics Next alone is pre-bundled to ESM with esbuild and handed to Rollup in its
  // place; matomo-destination is resolved and bundled by Rollup from the installed tarball.
  async rollup(dir) {
    const { build: esbuild } = await import('esbuild');
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const analyticsNext = join(dir, 'vendor', 'analytics-next.mjs');
    await esbuild({
      stdin: { contents: "export { AnalyticsBrowser } from '@segment/analytics-next';", resolveDir: dir },
      bundle: true, format: 'esm', platform: 'browser', outfile: analyticsNext, logLevel: 'silent',
    });
    const warnings = [];
    const bundle = await rollup({
      input: join(dir, 'src', 'index.js'),
      plugins: [{ name: 'analytics-next-esm', resolveId: (id) => (id === '@segment/analytics-next' ? analyticsNext : null) }, nodeResolve({ browser: true })],
      onwarn: (warning) => warnings.push(`${warning.code}: ${warning.message}`),
    });
    const { output } = await bundle.write({ dir: join(dir, 'dist'), format: 'es' });
    await bundle.close();
    return {
      files: outputFiles(dir, '/bundles/rollup/'), entry: '/bundles/rollup/index.js', module: true,
      resolved: output.filter((item) => item.type === 'chunk').flatMap((chunk) => chunk.moduleIds),
      ours: renderedLength(output.filter((item) => item.type === 'chunk'), installedEntry(dir)),
      notes: warnings,
    };
  },
};

before(async () => {
  packDir = mkdtempSync(join(tmpdir(), 'matomo-pack-'));
  const name = npm(['pack', '--silent', '--pack-destination', packDir], repo).trim().split('\n').pop();
  tarball = join(packDir, name);
  assert.equal(name, `matomo-destination-${version}.tgz`);
  mkdirSync(consumeRoot, { recursive: true });
  for (const bundler of BUNDLERS) {
    bundles[bundler] = { dir: freshProject(bundler) };
    writeFileSync(join(bundles[bundler].dir, 'src', 'index.js'), ENTRY);
  }
  // All four at once; a failing bundler is reported by its own test.
  await Promise.all(BUNDLERS.map(async (bundler) => {
    const started = Date.now();
    try {
      Object.assign(bundles[bundler], await build[bundler](bundles[bundler].dir));
    } catch (error) {
      bundles[bundler].error = error;
    }
    bundles[bundler].ms = Date.now() - started;
  }));
});

after(() => {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

test('the tarball holds the dist builds, and every file the exports map names', () => {
  const dir = bundles.esbuild.dir;
  const installed = join(dir, 'node_modules', 'matomo-destination');
  assert.ok(!lstatSync(installed).isSymbolicLink(), 'installed from the tarball, not linked to the repository');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.version, version);
  for (const folder of ['js', 'src', 'tests', 'web', 'build', 'node_modules']) assert.ok(!existsSync(join(installed, folder)), `no ${folder}/ in the package`);
  const named = [];
  const collect = (target) => (typeof target === 'string' ? named.push(target) : Object.values(target).forEach(collect));
  collect(manifest.exports);
  for (const field of ['main', 'module', 'types']) named.push(manifest[field]);
  const missing = [...new Set(named)].filter((path) => !existsSync(join(installed, path)));
  assert.deepStrictEqual(missing, [], 'files named by package.json but not in the tarball');
});

for (const bundler of BUNDLERS) {
  test(`${bundler}: the bundle of the README's imports sends the page view and the event`, async (t) => {
    const result = bundles[bundler];
    if (result.error) throw result.error;
    // matomo-destination came from the project's node_modules (the tarball), through the exports map.
    const resolved = result.resolved.map(real);
    assert.ok(resolved.includes(installedEntry(result.dir)), `${bundler} did not bundle node_modules/matomo-destination/dist/matomo-destination.mjs`);
    const fromRepo = resolved.filter((id) => id.startsWith(join(repo, 'dist') + sep) || id.startsWith(join(repo, 'js') + sep));
    assert.deepStrictEqual(fromRepo, [], 'nothing bundled from the repository itself');
    assert.deepStrictEqual(result.notes.filter(mentionsUs), [], `${bundler} warned about matomo-destination`);

    const { collector, browser } = shared;
    for (const [path, bytes] of result.files) {
      collector.addPage(path, bytes, path.endsWith('.js') ? 'text/javascript; charset=utf-8' : path.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8');
    }
    const siteId = SITE_IDS[bundler];
    const pagePath = `/bundles/${bundler}.html`;
    collector.addPage(pagePath, html(`<script>window.COLLECTOR = ${JSON.stringify(collector.url)}; window.BUNDLER = ${JSON.stringify(bundler)}; window.SITE_ID = ${siteId};</script>
<script ${result.module ? 'type="module" ' : ''}src="${result.entry}"></script>`, `Bundled ${bundler} page`));
    const { context, page, errors, messages, requests } = await openPage(browser);
    try {
      await page.goto(`${collector.url}${pagePath}`);
      await page.waitForFunction(() => window.done || window.failed, null, { timeout: 15000 });
      assert.equal(await page.evaluate(() => window.failed), undefined);
      await waitForHits(collector, (hits) => hits.length >= 2);
      await new Promise((done) => setTimeout(done, 300)); // nothing more may come
      assert.deepStrictEqual(collector.hits.map(describeHit), [
        { idsite: String(siteId), action_name: `Bundled ${bundler} page` },
        { idsite: String(siteId), e_c: 'Bundlers', e_a: `Bundled ${bundler}` },
      ]);
      assert.deepStrictEqual(errors, [], 'no page error');
      assert.deepStrictEqual(messages.filter((m) => m.type === 'error'), [], 'no console error');
      assert.deepStrictEqual(requests.filter((url) => !url.startsWith(`${collector.url}/`)), [], 'nothing requested off 127.0.0.1');
    } finally {
      await context.close();
    }

    const js = [...result.files].filter(([path]) => path.endsWith('.js'));
    const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
    sizes[bundler] = {
      files: js.length,
      entryGzip: gzip(result.files.get(result.entry)),
      totalGzip: js.reduce((sum, [, bytes]) => sum + gzip(bytes), 0),
      totalRaw: js.reduce((sum, [, bytes]) => sum + bytes.length, 0),
      buildMs: result.ms,
      ours: result.ours,
      warnings: result.notes.length,
    };
    const s = sizes[bundler];
    t.diagnostic(`${bundler}: ${s.files} JS file(s), ${s.totalRaw} B raw, ${s.totalGzip} B gzip in all (entry ${s.entryGzip} B gzip), built in ${s.buildMs} ms; ` +
      `matomo-destination's part: ${s.ours === undefined ? 'not reported by ' + bundler : s.ours + ' B raw'}; ${s.warnings} bundler warning(s), none about this package`);
  });
}

// ---- Node: require and import in a fresh project -------------------------------------------

let nodeDir = '';
function node(file, source) {
  if (!nodeDir) nodeDir = freshProject('node');
  writeFileSync(join(nodeDir, file), source);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: nodeDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

const translatorCheck = (load) => `
  const api = ${load};
  const translator = await api.createTranslator({ siteId: 1, url: 'https://m.example.com' });
  return { keys: Object.keys(api).sort(), matomo: typeof api.matomo, createTranslator: typeof api.createTranslator,
    track: translator.track({ event: 'X' }), plugin: api.matomo({ siteId: 1, url: 'https://m.example.com' }).name };`;
const expectedTranslator = { keys: ['VERSION', 'createTranslator', 'matomo'], matomo: 'function', createTranslator: 'function', track: [['trackEvent', 'All', 'X']], plugin: 'Matomo' };

test("Node: require('matomo-destination') gives the CommonJS build, whose translator works", () => {
  const result = node('require.cjs', `(async () => {
    const out = await (async () => { ${translatorCheck("require('matomo-destination')")} })();
    out.file = require.resolve('matomo-destination');
    console.log(JSON.stringify(out));
  })().catch((error) => { console.error(error); process.exit(1); });`);
  assert.equal(result.file, join(nodeDir, 'node_modules', 'matomo-destination', 'dist', 'matomo-destination.cjs'));
  delete result.file;
  assert.deepStrictEqual(result, expectedTranslator);
});

test("Node: import 'matomo-destination' gives the ES module, whose translator works", () => {
  const result = node('import.mjs', `const out = await (async () => { ${translatorCheck("await import('matomo-destination')")} })();
    out.file = import.meta.resolve('matomo-destination');
    console.log(JSON.stringify(out));`);
  assert.equal(result.file, new URL(`file://${join(nodeDir, 'node_modules', 'matomo-destination', 'dist', 'matomo-destination.mjs')}`).href);
  delete result.file;
  assert.deepStrictEqual(result, expectedTranslator);
});

test("Node: require('matomo-destination/loader') loads, and translates with the .wasm the package exports", () => {
  const result = node('loader.cjs', `(async () => {
    const { readFileSync } = require('node:fs');
    const loader = require('matomo-destination/loader');
    const wasm = readFileSync(require.resolve('matomo-destination/matomo-destination.wasm'));
    const translator = await loader.createTranslator({ siteId: 1, url: 'https://m.example.com' }, { wasm });
    console.log(JSON.stringify({ file: require.resolve('matomo-destination/loader'), matomo: typeof loader.matomo,
      createTranslator: typeof loader.createTranslator, track: translator.track({ event: 'X' }) }));
  })().catch((error) => { console.error(error); process.exit(1); });`);
  assert.equal(result.file, join(nodeDir, 'node_modules', 'matomo-destination', 'dist', 'matomo-destination.loader.cjs'));
  assert.deepStrictEqual({ ...result, file: undefined }, { file: undefined, matomo: 'function', createTranslator: 'function', track: [['trackEvent', 'All', 'X']] });
});

test("Node: require and import of 'matomo-destination/classic' load with the peer from the repository", () => {
  // The peer @segment/analytics.js-integration reads `window` as it loads (lib/protos.js:
  // `var onerror = window.onerror`): it is browser-only, so a window is given here. Found by
  // walking up to the repository's node_modules.
  const required = node('classic.cjs', `globalThis.window = globalThis;
    const classic = require('matomo-destination/classic');
    console.log(JSON.stringify({ file: require.resolve('matomo-destination/classic'), keys: Object.keys(classic).sort(),
      piwik: typeof classic.Piwik, same: classic.default === classic.Piwik, name: classic.Piwik.prototype.name }));`);
  assert.deepStrictEqual(required, { file: join(nodeDir, 'node_modules', 'matomo-destination', 'dist', 'matomo-classic.cjs'),
    keys: ['Piwik', 'default'], piwik: 'function', same: true, name: 'Piwik' });
  const imported = node('classic.mjs', `globalThis.window = globalThis;
    const classic = await import('matomo-destination/classic');
    console.log(JSON.stringify({ keys: Object.keys(classic).sort(), piwik: typeof classic.Piwik, same: classic.default === classic.Piwik }));`);
  assert.deepStrictEqual(imported, { keys: ['Piwik', 'default'], piwik: 'function', same: true });
});

test("Node: require('matomo-destination/package.json') is the package's, and ./script resolves", () => {
  const result = node('manifest.cjs', `console.log(JSON.stringify({ version: require('matomo-destination/package.json').version,
    script: require.resolve('matomo-destination/script') }));`);
  assert.deepStrictEqual(result, { version, script: join(nodeDir, 'node_modules', 'matomo-destination', 'dist', 'matomo-destination.js') });
});

test('bundle sizes', (t) => {
  for (const bundler of BUNDLERS) {
    const s = sizes[bundler];
    t.diagnostic(s ? `${bundler.padEnd(8)} ${String(s.totalGzip).padStart(7)} B gzip in ${s.files} JS file(s) (entry ${s.entryGzip} B), ${s.totalRaw} B raw, built in ${s.buildMs} ms`
      : `${bundler.padEnd(8)} no bundle (${bundles[bundler]?.error ? 'build failed' : 'page test failed'})`);
  }
});
