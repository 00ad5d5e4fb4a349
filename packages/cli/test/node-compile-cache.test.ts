/**
 * The bin enables Node's compile cache for the CLI's own modules (Node >= 22.1) in the toolkit's cache
 * directory, never in the scanned folder, and not at all when --cache-dir names another folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from './helpers.js';

const built = existsSync(CLI_BIN);
const hasCompileCache =
  typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
if (!hasCompileCache)
  console.warn(
    `SKIPPING the compile cache checks: Node ${process.version} has no module.enableCompileCache (22.1 and later)`,
  );

function runValidate(extra: string[]) {
  const repo = mkdtempSync(join(tmpdir(), 'ns-ccache-repo-'));
  writeFileSync(join(repo, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
  const cache = mkdtempSync(join(tmpdir(), 'ns-ccache-'));
  const r = spawnSync(process.execPath, [CLI_BIN, 'validate', 'cm.yaml', ...extra], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NEUROSCALE_CACHE_DIR: cache, NODE_COMPILE_CACHE: '', NO_COLOR: '1' },
  });
  return { r, repo, cache };
}

describe.skipIf(!built)('the compile cache of the CLI', () => {
  it('writes nothing into the folder it validates', () => {
    const { r, repo } = runValidate([]);
    expect(r.status).toBe(0);
    expect(readdirSync(repo)).toEqual(['cm.yaml']);
  });

  it.skipIf(!hasCompileCache)('is kept in the cache directory', () => {
    const { r, cache } = runValidate([]);
    expect(r.status).toBe(0);
    expect(readdirSync(join(cache, 'node-compile-cache')).length).toBeGreaterThan(0);
  });

  it.skipIf(!hasCompileCache)(
    'is not used with --cache-dir (a folder the environment did not choose)',
    () => {
      const other = mkdtempSync(join(tmpdir(), 'ns-ccache-flag-'));
      const { r, cache } = runValidate(['--cache-dir', other]);
      expect(r.status).toBe(0);
      expect(existsSync(join(cache, 'node-compile-cache'))).toBe(false);
      expect(existsSync(join(other, 'node-compile-cache'))).toBe(false);
    },
  );
});
