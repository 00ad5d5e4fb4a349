import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli-io.js';

/** The repository root for a path: its git top level, or the path itself outside git. */
export function findRepoRoot(path: string): string {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`path not found: ${path}`);
  const dir = statSync(abs).isDirectory() ? abs : resolve(abs, '..');
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return dir;
  }
}
