// load-dist.mjs - the two dist builds as a test sees them: the ES module, and the classic script
// evaluated the way a <script> tag would (its global `MatomoDestination`).
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

export const distPath = (file) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

export async function loadBuilds() {
  const esm = await import(distPath('matomo-destination.mjs'));
  const context = vm.createContext({ ...globalThis, globalThis: undefined });
  // A fresh context with the host's web APIs, like a page with only this script on it.
  for (const name of ['TextEncoder', 'TextDecoder', 'WebAssembly', 'atob', 'Blob', 'Response', 'DecompressionStream', 'Uint8Array', 'console']) {
    context[name] = globalThis[name];
  }
  vm.runInContext(readFileSync(distPath('matomo-destination.js'), 'utf8'), context);
  return { 'ES module': esm, 'classic script': context.MatomoDestination };
}
