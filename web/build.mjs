// build.mjs - bundles what the demo and the browser tests load besides dist/: Analytics Next from
// npm, two test pages' worth of classic Analytics.js, and the benchmark baselines. Output in
// build/web/ (ignored by git).
import { build } from 'esbuild';

const common = { bundle: true, minify: true, format: 'iife', target: ['es2020'], logLevel: 'warning', legalComments: 'none' };
await Promise.all([
  build({ ...common, entryPoints: ['web/analytics-next-entry.js'], outfile: 'build/web/analytics-next.js' }),
  // analytics.js-core expects Node's `global`.
  build({ ...common, entryPoints: ['tests/e2e/classic-core-entry.js'], outfile: 'build/web/classic-core.js', define: { global: 'window' } }),
  build({ ...common, entryPoints: ['tests/e2e/classic-next-entry.js'], outfile: 'build/web/classic-next.js', define: { global: 'window' } }),
  // `make bench`: the two baselines measured beside the destination.
  build({ ...common, entryPoints: ['tests/bench/baselines-entry.js'], outfile: 'build/web/bench-baselines.js', define: { global: 'window' } }),
]);
