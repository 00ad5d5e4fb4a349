import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { runGitSync } from '@neuroscale/core';
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
  // core's safe git argv: the scanned repository's config may name an fsmonitor program
  const r = runGitSync(['rev-parse', '--show-toplevel'], { cwd: dir });
  return r.ok ? { root: r.stdout.toString('utf8').trim(), source: 'git' } : { root: dir, source: 'path' };
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
