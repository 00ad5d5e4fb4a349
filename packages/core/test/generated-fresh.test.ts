/**
 * core's upstream-derived tables (src/kubernetes/generated/: Kubernetes resource scopes per version, platform CRD scopes) are committed so a clone
 * builds without the upstream files. This fails when they no longer match what `pnpm generate` derives from
 * $NEUROSCALE_SHARED, i.e. someone changed a generator in scripts/ without regenerating.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = resolve(process.env.NEUROSCALE_SHARED ?? join(repoRoot, '..', 'shared'));
const present = existsSync(join(shared, 'schemas', 'kubernetes')) && existsSync(join(shared, 'crds'));
if (!present)
  console.warn(
    `[core generated-fresh] SKIPPED: upstream data not found at ${shared} (set NEUROSCALE_SHARED); ` +
      'the committed generated files are not checked for staleness',
  );

describe.skipIf(!present)('committed generated files', () => {
  it('match what `pnpm generate` derives from the upstream inputs', { timeout: 180_000 }, () => {
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'scripts/generate-all.mjs'), '--check', '--package', 'core'],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NEUROSCALE_SHARED: shared } },
    );
    // the script's own message lists each stale file and says to run `pnpm generate`
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
