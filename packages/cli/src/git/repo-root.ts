import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli-io.js';

export interface RepoRoot {
  /** Absolute. */
  root: string;
  /** `git`: the git top level; `path`: no git repository around the path, so the folder given is the root. */
  source: 'git' | 'path';
}

/** The repository root for a path: its git top level, or the path itself outside git. */
export function findRepoRoot(path: string): RepoRoot {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`path not found: ${path}`);
  const dir = statSync(abs).isDirectory() ? abs : resolve(abs, '..');
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return { root: top, source: 'git' };
  } catch {
    return { root: dir, source: 'path' };
  }
}

/**
 * For messages on the terminal (never in findings or reports): which root confinement used. Outside git
 * the root is simply the folder given, which surprises people, so the message says so.
 */
export function describeRepoRoot(root: RepoRoot): string {
  return root.source === 'git'
    ? `repository root ${root.root}`
    : `root ${root.root}: not inside a git repository, so the folder given is the root`;
}
