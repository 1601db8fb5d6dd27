// golden-cases.mjs - reads the golden case files (tests/golden/) for the JS test runners.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const folder = fileURLToPath(new URL('./golden/', import.meta.url));

/** [{ file, name, settings, call, event, expect, error }] over every golden file. */
export function goldenCases() {
  const cases = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
    const suite = JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
    for (const test of suite.cases) {
      cases.push({ file, ...test, settings: 'settings' in test ? test.settings : suite.settings });
    }
  }
  return cases;
}

/** The golden files write an undefined argument as null (src/md_core.h); the API gives undefined. */
export function asPushed(commands) {
  return commands.map((command) => command.map((argument) => (argument === null ? undefined : argument)));
}
