/**
 * Repository URL normalisation, so `https://github.com/Org/Repo.git`, `git@github.com:Org/Repo`,
 * `ssh://git@github.com/Org/Repo/` all designate the same repository.
 * Rules: scheme and userinfo dropped, host lower-cased (the matcher compares paths case-insensitively, as Argo CD),
 * `.git` suffix and trailing slashes removed, scp form `user@host:path` turned into `host/path`, default ports dropped.
 */
import { compareStrings } from '@neuroscale/core';

export function normalizeRepoURL(url: string): string {
  let s = url.trim();
  let host = '';
  let path = '';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(s);
  if (scheme) {
    const rest = scheme[2]!;
    const slash = rest.indexOf('/');
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    path = slash < 0 ? '' : rest.slice(slash + 1);
    host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
    host = host.replace(/:(22|80|443)$/, '');
  } else {
    const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.*)$/.exec(s);
    if (scp) {
      host = scp[1]!;
      path = scp[2]!;
    } else {
      // bare `host/org/repo`
      const slash = s.indexOf('/');
      host = slash < 0 ? s : s.slice(0, slash);
      path = slash < 0 ? '' : s.slice(slash + 1);
    }
  }
  s = path
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .replace(/^\/+/, '');
  return `${host.toLowerCase()}/${s}`;
}

export interface RepoMatcher {
  /** True when repoURL designates the local repository. */
  isLocal(repoURL: string | undefined): boolean;
  /** The normalised URLs considered local (sorted). */
  readonly urls: readonly string[];
}

/**
 * Argo CD compares repositories by util/git/git.go NormalizeGitURL, which lower-cases the whole URL: `Org/Repo` and
 * `org/repo` are one repository for Argo CD, so they are one here (the listed URLs keep their spelling).
 */
export function createRepoMatcher(urls: readonly string[]): RepoMatcher {
  const set = new Set(urls.filter(Boolean).map(normalizeRepoURL));
  // lower-case first, then normalise (`.GIT` is a `.git` suffix for Argo CD too)
  const fold = (u: string) => normalizeRepoURL(u.toLowerCase());
  const folded = new Set(urls.filter(Boolean).map(fold));
  return {
    isLocal: (repoURL) => typeof repoURL === 'string' && repoURL !== '' && folded.has(fold(repoURL)),
    urls: [...set].sort(compareStrings),
  };
}
