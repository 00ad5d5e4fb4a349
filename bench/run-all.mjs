#!/usr/bin/env node
// Runs every package benchmark in turn (build first: `pnpm run build`). Each prints its own
// figures (throughput, wall time, peak RSS). Timings never go in tests; they go here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = ['render', 'validate', 'kyverno', 'cost', 'cli'].filter(
  (b) => only.length === 0 || only.includes(b),
);
let failed = 0;
for (const name of benches) {
  const script = join(here, name, 'run.mjs');
  if (!existsSync(script)) continue;
  console.log(`\n=== bench/${name} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', script], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench/${name} failed with exit code ${r.status}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
