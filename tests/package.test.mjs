// package.test.mjs - the package as npm publishes it: `npm pack` holds only the built files,
// README, LICENSE and CHANGELOG; publint and "Are the types wrong?" find nothing; the declarations
// cover every setting of the core's table; a TypeScript consumer (tests/types/) compiles with
// tsc --noEmit --strict against the packed tarball, ES module and CommonJS; and the package loads
// in Node without a browser (server-side rendering) as its README says. The bundlers' side (esbuild,
// Vite, webpack, Rollup in Chromium) is tests/e2e/bundlers.test.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const work = path.join(root, 'build/pack-test');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const schema = JSON.parse(readFileSync(path.join(root, 'build/settings-schema.json'), 'utf8'));
let tarball;
let packed;

before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  tarball = path.join(work, info.filename);
  packed = info.files.map((file) => file.path).sort();
  // A fresh project inside the repository (so tsc and @segment/analytics-next are found by
  // walking up), with the package extracted from the tarball into its own node_modules.
  const project = path.join(work, 'project');
  mkdirSync(path.join(project, 'node_modules/matomo-destination'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', path.join(project, 'node_modules/matomo-destination'), '--strip-components=1']);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
});

test('npm pack holds only the built files, README, LICENSE and CHANGELOG', () => {
  const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/[a-z.-]+\.(mjs|cjs|js|d\.mts|d\.cts|wasm))$/;
  assert.deepStrictEqual(packed.filter((file) => !allowed.test(file)), []);
  for (const entry of ['matomo-destination', 'matomo-classic', 'matomo-destination.loader']) {
    for (const ext of ['mjs', 'cjs', 'd.mts', 'd.cts']) assert.ok(packed.includes(`dist/${entry}.${ext}`), `dist/${entry}.${ext}`);
  }
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', 'dist/matomo-destination.js', 'dist/matomo-destination.wasm']) assert.ok(packed.includes(file), file);
});

test('package.json: exports with types, import, require and default; sideEffects, licence, repository, keywords, engines', () => {
  for (const entry of ['.', './classic', './loader']) {
    const conditions = pkg.exports[entry];
    assert.deepStrictEqual(Object.keys(conditions), ['import', 'require', 'default'], entry);
    for (const condition of Object.values(conditions)) assert.deepStrictEqual(Object.keys(condition), ['types', 'default'], entry);
  }
  assert.equal(pkg.exports['./package.json'], './package.json');
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.license, 'MIT');
  assert.match(readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License/);
  assert.ok(pkg.repository && pkg.repository.url);
  assert.ok(pkg.keywords.includes('segment') && pkg.keywords.includes('matomo'));
  assert.ok(pkg.engines.node);
});

test('publint finds nothing', () => {
  const run = spawnSync(bin('publint'), ['--strict'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /All good!/, run.stdout);
});

test('"Are the types wrong?" finds nothing for every entry, from ES modules, CommonJS and bundlers', () => {
  // The node16 profile: Node's and bundlers' resolution (TypeScript's node10 mode predates
  // `exports`). The .wasm and the <script> build are files, not modules to import.
  const run = spawnSync(bin('attw'), [tarball, '--profile', 'node16', '--exclude-entrypoints', './script', './matomo-destination.wasm', '--format', 'json'],
    { cwd: root, encoding: 'utf8' });
  const report = JSON.parse(run.stdout);
  assert.deepStrictEqual((report.analysis.problems ?? []).filter((problem) => problem.resolutionKind !== 'node10'), []);
  assert.equal(run.status, 0, run.stdout.slice(0, 2000));
  const entries = Object.keys(report.analysis.entrypoints);
  for (const entry of ['.', './classic', './loader', './package.json']) assert.ok(entries.includes(entry), entry);
});

test("the declarations type and document every setting of the core's table", () => {
  const types = readFileSync(path.join(root, 'dist/matomo-destination.d.mts'), 'utf8');
  assert.equal(readFileSync(path.join(root, 'dist/matomo-destination.d.cts'), 'utf8'), types);
  for (const setting of schema) {
    const declared = new RegExp(`\\*/\\n  ${setting.name}${setting.required ? '' : '\\?'}: `);
    assert.ok(setting.name === 'url' || declared.test(types), `${setting.name} is declared`);
    const firstWords = setting.help.split(' ').slice(1, 5).join(' ');
    assert.ok(types.includes(firstWords), `${setting.name} is documented ("${firstWords}")`);
    if (setting.choices) assert.ok(types.includes(setting.choices.map((choice) => JSON.stringify(choice)).join(' | ')), `${setting.name}'s choices`);
  }
});

test('a TypeScript consumer compiles with tsc --noEmit --strict, as an ES module and as CommonJS, against the tarball', () => {
  const project = path.join(work, 'project');
  for (const file of ['consumer.ts', 'consumer.cts']) copyFileSync(path.join(root, 'tests/types', file), path.join(project, file));
  for (const [name, resolution] of [['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }], ['bundler', { module: 'preserve', moduleResolution: 'bundler' }]]) {
    const files = name === 'nodenext' ? ['consumer.ts', 'consumer.cts'] : ['consumer.ts'];
    writeFileSync(path.join(project, `tsconfig.${name}.json`), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false, ...resolution },
      files,
    }));
    const run = spawnSync(bin('tsc'), ['-p', `tsconfig.${name}.json`], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 0, `tsc (${name}):\n${run.stdout}${run.stderr}`);
  }
  // And the checks are real: without its @ts-expect-error marks, the consumer fails.
  const unmarked = readFileSync(path.join(project, 'consumer.ts'), 'utf8').replace(/\/\/ @ts-expect-error.*\n/g, '');
  writeFileSync(path.join(project, 'unmarked.ts'), unmarked);
  writeFileSync(path.join(project, 'tsconfig.unmarked.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], module: 'nodenext', moduleResolution: 'nodenext' },
    files: ['unmarked.ts'],
  }));
  const run = spawnSync(bin('tsc'), ['-p', 'tsconfig.unmarked.json'], { cwd: project, encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.equal((run.stdout.match(/error TS/g) || []).length, 5, run.stdout);
});

test('without a browser (server-side rendering): import and require work, matomo(settings) works, load() resolves and says once that it runs only in a browser', () => {
  const project = path.join(work, 'project');
  const script = (kind) => `
    const warnings = [];
    console.warn = (message) => warnings.push(String(message));
    console.error = (message) => warnings.push('error: ' + message);
    const api = ${kind === 'esm' ? "await import('matomo-destination')" : "require('matomo-destination')"};
    for (const name of ['window', 'document', 'navigator', 'localStorage']) if (name in globalThis) throw new Error(name + ' exists');
    const plugin = api.matomo({ siteId: 1, url: 'https://matomo.example.com' });
    const again = api.matomo({ siteId: 2, url: 'https://matomo.example.com' });
    const ctx = { event: { type: 'track', event: 'X' } };
    if (await plugin.load(ctx, {}) !== ctx || await again.load(ctx, {}) !== ctx) throw new Error('load() did not resolve to ctx');
    if (plugin.isLoaded()) throw new Error('loaded without a browser');
    plugin.track(ctx);
    const translator = await api.createTranslator({ siteId: 1, url: 'https://matomo.example.com' });
    process.stdout.write(JSON.stringify({ warnings, track: translator.track({ event: 'X' }), version: api.VERSION }));`;
  for (const [kind, file] of [['esm', 'ssr.mjs'], ['cjs', 'ssr.cjs']]) {
    writeFileSync(path.join(project, file), kind === 'esm' ? script(kind) : `(async () => {${script(kind)}})().catch((e) => { console.log(String(e)); process.exit(1); });`);
    const out = JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }));
    assert.deepStrictEqual(out.warnings, ['Matomo destination: runs only in a browser (there is no window here: server-side rendering?); load() does nothing.'], kind);
    assert.deepStrictEqual(out.track, [['trackEvent', 'All', 'X']], kind);
    assert.equal(out.version, pkg.version, kind);
  }
  const subpaths = execFileSync(process.execPath, ['-e', `
    // The classic integration's peer, @segment/analytics.js-integration, reads window as it loads:
    // that entry is for browsers (tests/e2e/classic.test.mjs); here it only resolves.
    const classic = require.resolve('matomo-destination/classic');
    const loader = require('matomo-destination/loader');
    console.log(JSON.stringify([classic.endsWith('dist/matomo-classic.cjs'), typeof loader.matomo, require('matomo-destination/package.json').version]));`],
  { cwd: project, encoding: 'utf8' });
  assert.deepStrictEqual(JSON.parse(subpaths), [true, 'function', pkg.version]);
});
