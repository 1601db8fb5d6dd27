// run.mjs - `make bench`: sizes, ready time and per-call cost of the destination in headless
// Chromium (and per-call in Node), with two baselines measured in the same page and run:
// (a) the seed mapping in plain JavaScript, (b) an integration following Segment's classic
// behaviour on the real @segment/analytics.js-integration and @segment/facade.
// Writes bench-results/report.json and bench-results/report.md. Reports; asserts nothing.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { launchBrowser, startTestCollector, openPage, html, CHROMIUM } from '../e2e/harness.mjs';
import { createTranslator } from '../../dist/matomo-destination.mjs';
import { rawCore, MIXED_SETTINGS, MIXED_CALLS } from '../tools/raw-core.mjs';

const READY_RUNS = Number(process.env.BENCH_READY_RUNS) || 51;
const TRACED_RUNS = 9;
const SAMPLES = Number(process.env.BENCH_SAMPLES) || 31;
const CALLS_PER_SAMPLE = 2000;

// The calls issue 13 names: a track of 10 properties with custom variables, a goal and an action
// dimension (not an Ecommerce event: those are orders, measured apart from this figure).
const settings = { siteId: 1, url: 'https://matomo.example.com', goals: { 'Order Completed': 1, 'Signed Up': 2 }, customVariableLimit: 5, actionDimensions: { 'properties.coupon': 1 } };
const events = {
  track: {
    type: 'track', event: 'Signed Up', userId: 'user-1', anonymousId: 'anon-1', messageId: 'ajs-next-1', timestamp: '2026-11-27T12:00:00.000Z',
    properties: { category: 'Shop', label: 'Spring Sale', value: 5, revenue: 19.9, currency: 'USD', order_id: 'o-1001', coupon: 'SPRING', shipping: 2.5, tax: 1.2, discount: 0 },
    integrations: { Piwik: { customVars: { 1: ['Plan', 'Pro'], 2: ['Seats', '3'] } } },
    context: { page: { path: '/checkout', title: 'Checkout', url: 'https://shop.example/checkout', referrer: '' }, userAgent: 'Mozilla/5.0', library: { name: 'analytics.js', version: 'next-1.84.3' } },
  },
  page: { type: 'page', name: 'Checkout', properties: { title: 'Checkout', url: 'https://shop.example/checkout', path: '/checkout' }, anonymousId: 'anon-1', messageId: 'ajs-next-2' },
  identify: { type: 'identify', userId: 'user-1', traits: { email: 'a@example.com', plan: 'Pro' }, anonymousId: 'anon-1', messageId: 'ajs-next-3' },
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const sampleRatio = (numerators, denominators) => median(numerators.map((value, i) => value / denominators[i]));
const summary = (values) => ({ median: median(values), p10: quantile(values, 0.1), p90: quantile(values, 0.9), runs: values.length });

// ---- per call, in the page --------------------------------------------------------------

/** Runs in the page: per-call microseconds for each implementation and call. */
async function pageCalls({ settings: s, events: e, samples, callsPerSample }) {
  // A loaded tracker: _paq is an object whose push takes each command (as Matomo's does).
  let sink = 0;
  window._paq = { push: (command) => { sink += command.length; } };
  const { matomo } = window.MatomoDestination;
  const plugin = matomo(s);
  await plugin.load({});
  const classic = new window.Baselines.ClassicPiwik(s);
  classic.initialize();
  const plain = window.Baselines.plainTranslator(s);
  const { Track, Page, Identify } = window.Baselines;
  const facades = { track: Track, page: Page, identify: Identify };
  const prebuilt = Object.fromEntries(Object.entries(e).map(([call, event]) => [call, new facades[call](event)]));

  const implementations = {
    'matomo-destination (wasm)': (call, event) => plugin[call]({ event }),
    '(a) plain JS, same mapping': (call, event) => { for (const command of plain[call](event)) window._paq.push(command); },
    '(b) Segment classic style': (call, event) => classic[call](new facades[call](event)),
    '(b) same, Facade prebuilt': (call) => classic[call](prebuilt[call]),
  };
  // Samples are interleaved (every implementation and call in turn), so a slow moment of this
  // noisy machine falls on all of them alike and the ratios stay meaningful.
  const results = {};
  for (const [name, run] of Object.entries(implementations)) {
    results[name] = { track: [], page: [], identify: [] };
    for (const call of ['track', 'page', 'identify']) for (let i = 0; i < callsPerSample * 5; i++) run(call, e[call]); // warm up
  }
  for (let sample = 0; sample < samples; sample++) {
    for (const [name, run] of Object.entries(implementations)) {
      for (const call of ['track', 'page', 'identify']) {
        const event = e[call];
        const start = performance.now();
        for (let i = 0; i < callsPerSample; i++) run(call, event);
        results[name][call].push(((performance.now() - start) * 1000) / callsPerSample);
      }
    }
  }
  return { results, sink };
}

// ---- ready time, in fresh pages ---------------------------------------------------------

function readyPage(script, start) {
  return html(`<script>window.t0 = performance.now();</script>
<script src="${script}"></script>
<script>${start}</script>`);
}

/**
 * The longest task on the page's main thread from the moment our script starts to be evaluated
 * until the trace stops (just after the translator answered), in ms.
 */
function longestTaskSinceScript(events) {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const script = events.find((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url).endsWith('/bench/matomo-destination.js'));
  if (!script) return NaN;
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`) && e.ts + e.dur > script.ts);
  return Math.max(0, ...tasks.map((task) => task.dur / 1000));
}

async function measureReady(browser, collector) {
  collector.addPage('/bench/empty.js', '/* empty */', 'text/javascript');
  // The <script> build as it is, but for one statement at its top (after the byte order mark and
  // the compile hint, which must open the file) that notes the time: ready as issue 13 defines it
  // runs from the script's first line.
  const bundle = readFileSync(new URL('../../dist/matomo-destination.js', import.meta.url), 'utf8');
  const top = bundle.match(/^\ufeff?(\/\/# allFunctionsCalledOnLoad\n)?/)[0].length;
  collector.addPage('/bench/matomo-destination.js', `${bundle.slice(0, top)}window.t1 = performance.now();${bundle.slice(top)}`, 'text/javascript');
  // Each page says it is ready on the console, so nothing else runs in it until then (a
  // waitForFunction would inject Playwright's own script into the traced window).
  const done = `window.readyMs = performance.now() - window.t0; window.fromFirstLineMs = performance.now() - window.t1; console.log('ready');`;
  collector.addPage('/bench/ready-empty.html', readyPage('/bench/empty.js', `Promise.resolve().then(() => { ${done} });`));
  collector.addPage('/bench/ready.html', readyPage('/bench/matomo-destination.js',
    `MatomoDestination.createTranslator(${JSON.stringify(settings)}).then((t) => { t.track(${JSON.stringify(events.track)}); ${done} });`));
  const ready = { empty: [], destination: [], fromFirstLine: [], longestTaskMs: [] };
  // READY_RUNS pairs (the empty page, then ours) timed, then TRACED_RUNS of ours traced apart:
  // tracing slows a page, so traced runs are not timed.
  const runs = [];
  for (let run = 0; run < READY_RUNS; run++) runs.push(['empty', '/bench/ready-empty.html', false], ['destination', '/bench/ready.html', false]);
  for (let run = 0; run < TRACED_RUNS; run++) runs.push(['destination', '/bench/ready.html', true]);
  for (const [kind, path, tracing] of runs) {
    const { context, page } = await openPage(browser);
    if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const readySaid = page.waitForEvent('console', (message) => message.text() === 'ready');
    await page.goto(`${collector.url}${path}`);
    await readySaid;
    if (tracing) {
      ready.longestTaskMs.push(longestTaskSinceScript(JSON.parse((await browser.stopTracing()).toString()).traceEvents));
    } else {
      ready[kind].push(await page.evaluate(() => window.readyMs));
      if (kind === 'destination') ready.fromFirstLine.push(await page.evaluate(() => window.fromFirstLineMs));
    }
    await context.close();
  }
  return ready;
}

// ---- Node, for insight -------------------------------------------------------------------

async function nodeCalls() {
  const translator = await createTranslator(settings);
  const results = {};
  for (const call of ['track', 'page', 'identify']) {
    for (let i = 0; i < CALLS_PER_SAMPLE * 5; i++) translator[call](events[call]);
    const perCall = [];
    for (let sample = 0; sample < SAMPLES; sample++) {
      const start = performance.now();
      for (let i = 0; i < CALLS_PER_SAMPLE; i++) translator[call](events[call]);
      perCall.push(((performance.now() - start) * 1000) / CALLS_PER_SAMPLE);
    }
    results[call] = summary(perCall);
  }
  return results;
}

/** Linear memory over 10^6 mixed calls, cart updates among them (the calls of the memory test,
 * tests/wasm-module.test.mjs), sampled every 10^5 calls. */
async function memoryOverCalls() {
  const core = await rawCore(MIXED_SETTINGS);
  const samples = [core.memory.buffer.byteLength];
  const start = performance.now();
  for (let i = 1; i <= 1_000_000; i++) {
    const [name, text] = MIXED_CALLS[i % MIXED_CALLS.length];
    core.call(name, text);
    if (i % 100_000 === 0) samples.push(core.memory.buffer.byteLength);
  }
  return { calls: 1_000_000, initialBytes: core.initial, sampledBytes: samples, maxBytes: Math.max(...samples), seconds: (performance.now() - start) / 1000 };
}

// ---- run ---------------------------------------------------------------------------------

const fixed = (n, digits = 2) => (n === undefined ? '–' : n.toFixed(digits));

async function main() {
  const sizes = JSON.parse(readFileSync(new URL('../../dist/sizes.json', import.meta.url), 'utf8'));
  const browser = await launchBrowser();
  const collector = await startTestCollector();
  const chromiumVersion = browser.version();
  try {
    collector.addPage('/bench/calls.html', html(`<script src="/dist/matomo-destination.js"></script>
<script src="/build/web/bench-baselines.js"></script>`));
    const { page, context } = await openPage(browser);
    await page.goto(`${collector.url}/bench/calls.html`);
    // The same event gives the same commands from the wasm core and the plain-JS baseline.
    const agree = await page.evaluate(async ({ s, e }) => {
      const t = await window.MatomoDestination.createTranslator(s);
      const plain = window.Baselines.plainTranslator(s);
      return ['track', 'page', 'identify'].every((call) => JSON.stringify(t[call](e[call])) === JSON.stringify(plain[call](e[call])));
    }, { s: settings, e: events });
    const { results } = await page.evaluate(pageCalls, { settings, events, samples: SAMPLES, callsPerSample: CALLS_PER_SAMPLE });
    await context.close();
    const calls = Object.fromEntries(Object.entries(results).map(([name, byCall]) => [name, Object.fromEntries(Object.entries(byCall).map(([call, values]) => [call, summary(values)]))]));
    const ready = await measureReady(browser, collector);
    const node = await nodeCalls();
    const memory = await memoryOverCalls();

    const ours = calls['matomo-destination (wasm)'];
    const report = {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium: chromiumVersion, executable: CHROMIUM,
        emcc: execFileSync('emcc', ['--version']).toString().split('\n')[0] },
      sizes,
      readyMs: { empty: summary(ready.empty), destination: summary(ready.destination), fromFirstLine: summary(ready.fromFirstLine),
        // each run loads the empty page, then ours: the median of those paired differences
        aboveEmpty: summary(ready.destination.map((ms, i) => ms - ready.empty[i])), longestMainThreadTaskMs: ready.longestTaskMs },
      perCallMicroseconds: { chromium: calls, node: { 'matomo-destination (wasm)': node } },
      // Medians of the per-sample ratios: each sample measured both sides moments apart.
      ratios: {
        'classic / ours, track': sampleRatio(results['(b) Segment classic style'].track, results['matomo-destination (wasm)'].track),
        'classic with prebuilt Facade / ours, track': sampleRatio(results['(b) same, Facade prebuilt'].track, results['matomo-destination (wasm)'].track),
        'ours / plain JS, track': sampleRatio(results['matomo-destination (wasm)'].track, results['(a) plain JS, same mapping'].track),
      },
      wasmAndPlainJsAgree: agree,
      linearMemory: memory,
    };
    mkdirSync(new URL('../../bench-results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../../bench-results/report.json', import.meta.url), JSON.stringify(report, null, 2) + '\n');

    const lines = [];
    lines.push(`# Benchmark report`, '', `${report.date} · ${report.machine.cpu} (${report.machine.cores} cores) · Chromium ${chromiumVersion} · Node ${process.version} · ${report.machine.emcc}`, '');
    lines.push('## Sizes (bytes)', '', '| artifact | raw | gzip | brotli |', '|---|---:|---:|---:|');
    for (const [file, size] of Object.entries(sizes)) lines.push(`| ${file} | ${size.raw} | ${size.gzip} | ${size.brotli} |`);
    lines.push('', '## Per call, Chromium (µs: median [p10–p90] of ' + `${SAMPLES} samples × ${CALLS_PER_SAMPLE} calls)`, '', '| implementation | track | page | identify |', '|---|---:|---:|---:|');
    for (const [name, byCall] of Object.entries(calls)) {
      lines.push(`| ${name} | ${['track', 'page', 'identify'].map((call) => `${fixed(byCall[call].median)} [${fixed(byCall[call].p10)}–${fixed(byCall[call].p90)}]`).join(' | ')} |`);
    }
    lines.push(`| Node ${process.version}, matomo-destination | ${['track', 'page', 'identify'].map((call) => `${fixed(node[call].median)} [${fixed(node[call].p10)}–${fixed(node[call].p90)}]`).join(' | ')} |`);
    lines.push('', '## Ratios (track: median of the per-sample ratios)', '');
    for (const [name, ratio] of Object.entries(report.ratios)) lines.push(`- ${name}: ${fixed(ratio, 1)}×`);
    lines.push('', `## Ready, fresh Chromium page (ms, ${READY_RUNS} runs)`, '');
    lines.push(`- empty script: median ${fixed(report.readyMs.empty.median)} [${fixed(report.readyMs.empty.p10)}–${fixed(report.readyMs.empty.p90)}]`);
    lines.push(`- destination, until its translator answers: median ${fixed(report.readyMs.destination.median)} [${fixed(report.readyMs.destination.p10)}–${fixed(report.readyMs.destination.p90)}]`);
    lines.push(`- from the script's first line until the translator answered a track: **median ${fixed(report.readyMs.fromFirstLine.median)} ms** [${fixed(report.readyMs.fromFirstLine.p10)}–${fixed(report.readyMs.fromFirstLine.p90)}]`);
    lines.push(`- above the empty script, fetching and parsing the script included (paired by run): **median ${fixed(report.readyMs.aboveEmpty.median)} ms** [${fixed(report.readyMs.aboveEmpty.p10)}–${fixed(report.readyMs.aboveEmpty.p90)}]`);
    lines.push(`- longest main-thread task while loading (traced runs): ${report.readyMs.longestMainThreadTaskMs.map((ms) => fixed(ms)).join(', ')} ms`);
    lines.push('', `## Linear memory, ${memory.calls.toLocaleString('en')} mixed calls (cart updates among them)`, '');
    lines.push(`- ${memory.initialBytes} B before the settings; ${memory.sampledBytes.join(', ')} B every 100,000 calls (largest ${memory.maxBytes} B); ${fixed(memory.seconds, 1)} s in Node`);
    lines.push('', `The wasm core and the plain-JS baseline give the same commands for the benchmark events: ${agree ? 'yes' : 'NO'}.`);
    writeFileSync(new URL('../../bench-results/report.md', import.meta.url), lines.join('\n') + '\n');
    console.log(lines.join('\n'));
  } finally {
    await browser.close();
    await collector.close();
  }
}

await main();
