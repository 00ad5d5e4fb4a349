/**
 * Argo CD's path rules (util/app/path/path.go Path(), util/io/path/resolved.go): a source path or a value
 * file must stay inside the repository, also after following symlinks. Nothing outside is ever read.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';

export type ResolvedRepoPath =
  | { ok: true; abs: string; rel: string; kind: 'file' | 'dir' }
  | { ok: false; reason: 'absolute' | 'escape' | 'not-found'; rel: string; message: string };

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function inside(root: string, abs: string): boolean {
  const r = relative(root, abs);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

export interface ResolveInRepoOptions {
  /** Repo-relative folder relative paths start from (default: the repo root). */
  base?: string;
  /** Treat a leading `/` as repo-root-relative (value files) instead of refusing it (source paths). */
  rootRelativeAbsolute?: boolean;
}

/**
 * Resolve a path given in an Application against the repository. `repoRootReal` must be realpath(repoRoot).
 */
export function resolveInRepo(
  repoRootReal: string,
  path: string,
  options: ResolveInRepoOptions = {},
): ResolvedRepoPath {
  const base = options.base ?? '';
  let joined: string;
  if (posix.isAbsolute(path) || isAbsolute(path)) {
    if (!options.rootRelativeAbsolute) {
      return {
        ok: false,
        reason: 'absolute',
        rel: path,
        message: `${path}: absolute paths are not allowed (Argo CD refuses them)`,
      };
    }
    joined = posix.normalize(path.slice(1));
  } else {
    joined = posix.normalize(posix.join(base, path));
  }
  if (joined === '..' || joined.startsWith('../')) {
    return { ok: false, reason: 'escape', rel: joined, message: `${path}: resolves outside the repository` };
  }
  const rel = joined === '.' ? '' : joined.replace(/\/$/, '');
  const abs = rel === '' ? repoRootReal : join(repoRootReal, rel);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return { ok: false, reason: 'not-found', rel, message: `${rel || '.'}: app path does not exist` };
  }
  if (!inside(repoRootReal, real)) {
    return {
      ok: false,
      reason: 'escape',
      rel,
      message: `${rel}: a symlink resolves outside the repository (${real})`,
    };
  }
  const st = statSync(real);
  return {
    ok: true,
    abs: real,
    rel: toPosix(relative(repoRootReal, real)),
    kind: st.isDirectory() ? 'dir' : 'file',
  };
}

/** True when abs (already real) lies inside the repository root. */
export function isInsideRepo(repoRootReal: string, abs: string): boolean {
  return inside(repoRootReal, resolve(abs));
}
