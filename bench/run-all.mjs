#!/usr/bin/env node
// Runs every package benchmark in turn (build first: `pnpm run build`). Each prints its own
// figures (throughput, wall time, peak RSS). Timings never go in tests; they go here.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = ['core', 'render', 'validate', 'kyverno-test', 'cost-proxy', 'diff', 'cli'].filter(
  (b) => only.length === 0 || only.includes(b),
);
let failed = 0;
for (const name of benches) {
  if (!existsSync(join(here, name))) continue;
  for (const file of readdirSync(join(here, name))
    .filter((f) => /^run.*\.mjs$/.test(f))
    .sort()) {
    console.log(`\n=== bench/${name}/${file} ===`);
    const r = spawnSync(process.execPath, ['--expose-gc', join(here, name, file)], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`bench/${name}/${file} failed with exit code ${r.status}`);
      failed++;
    }
  }
}
process.exit(failed ? 1 : 0);
