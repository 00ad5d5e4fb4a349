/**
 * The schema data (validate's generated/) is committed so a clone builds without
 * the upstream files. This fails when it no longer matches what `pnpm generate` derives from the pinned
 * inputs, i.e. someone changed a generator or a pin without regenerating.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, shared } from './helpers.js';

const present = existsSync(join(shared, 'schemas', 'kubernetes')) && existsSync(join(shared, 'crds'));
if (!present)
  console.warn(
    `[validate generated-fresh] SKIPPED: upstream data not found at ${shared} (set NEUROSCALE_SHARED); ` +
      'the committed generated files are not checked for staleness',
  );

describe.skipIf(!present)('committed generated files', () => {
  it('match what `pnpm generate` derives from the pinned upstream inputs', { timeout: 180_000 }, () => {
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'scripts/generate-all.mjs'), '--check', '--package', 'validate'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, NEUROSCALE_SHARED: shared },
      },
    );
    // the script's own message lists each stale file and says to run `pnpm generate`
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
