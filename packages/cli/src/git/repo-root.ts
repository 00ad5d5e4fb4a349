import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { registerUntrustedTree, runGitSync } from '@neuroscale/core';
import { UsageError } from '../cli-io.js';

export interface RepoRoot {
  /** Absolute. */
  root: string;
  /** `git`: the git top level; `path`: no git repository around the path, so the folder given is the root. */
  source: 'git' | 'path';
}

export interface FindRepoRootOptions {
  /**
   * Take the nearest folder holding `.git` as the top level instead of asking git (`validate` of plain files,
   * where the root only locates the config file: a run that renders nothing starts no process). The same
   * folder git names, except for a repository laid out by GIT_DIR / GIT_WORK_TREE.
   */
  withoutGit?: boolean;
}

/** The repository root for a path: its git top level, or the path itself outside git. */
export function findRepoRoot(path: string, options: FindRepoRootOptions = {}): RepoRoot {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`path not found: ${path}`);
  const dir = statSync(abs).isDirectory() ? abs : resolve(abs, '..');
  // Before git runs: the scanned tree must not supply git itself (`npx` puts <repo>/node_modules/.bin on
  // PATH). The top level is not known yet, so the folder and the nearest folder holding `.git` are
  // registered from the file system alone; git's answer is registered too.
  registerUntrustedTree(dir);
  const candidate = nearestGitFolder(dir);
  if (candidate) registerUntrustedTree(candidate);
  if (options.withoutGit) {
    // git prints the top level with symlinks resolved
    return candidate ? { root: realpathSync(candidate), source: 'git' } : { root: dir, source: 'path' };
  }
  // core's safe git argv: the scanned repository's config may name an fsmonitor program
  const r = runGitSync(['rev-parse', '--show-toplevel'], { cwd: dir });
  const found: RepoRoot = r.ok
    ? { root: r.stdout.toString('utf8').trim(), source: 'git' }
    : { root: dir, source: 'path' };
  registerUntrustedTree(found.root);
  return found;
}

/** The nearest folder at or above `dir` holding a `.git` entry (file or folder), looked up without git. */
function nearestGitFolder(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
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
