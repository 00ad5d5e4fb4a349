import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { runGitSync } from '@neuroscale/core';
import { UsageError } from '../cli-io.js';

/** The repository root for a path: its git top level, or the path itself outside git. */
export function findRepoRoot(path: string): string {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`path not found: ${path}`);
  const dir = statSync(abs).isDirectory() ? abs : resolve(abs, '..');
  // core's safe git argv: the scanned repository's config may name an fsmonitor program
  const r = runGitSync(['rev-parse', '--show-toplevel'], { cwd: dir });
  return r.ok ? r.stdout.toString('utf8').trim() : dir;
}
