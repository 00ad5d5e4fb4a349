/**
 * Another git repository at its `targetRevision`, as Argo CD's repo-server checks it out: a shallow clone into
 * the cache (`<cacheDir>/remote/repos/<sha256(url, revision)>`), built in a temporary folder and renamed into
 * place whole. `HEAD`/empty → the default branch; a branch or tag → `--branch`; a 40-hex commit → fetched by id.
 * Every read verifies the checkout (`entry.json` for this key, HEAD at the recorded commit, `git status` clean);
 * a tampered checkout is discarded and cloned again. A warm run makes no request (`refresh` clones again).
 * git runs with the repository's executables off (no hooks, no fsmonitor), no prompt, and only PATH, HOME (the
 * user's own git configuration: credential helpers) and the locale from the environment; no credential is
 * printed or written to the cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { runLimited, trustedPath } from '@neuroscale/core';
import { type FetchLimits, probeConnect, redactUrlCredentials } from './fetch-chart.js';

export type RepoCheckout =
  | { ok: true; dir: string; commit: string; note?: string }
  | { ok: false; cause: string };

const SAFE = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'advice.detachedHead=false',
];

function gitEnv(parent: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  for (const k of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'SSH_AUTH_SOCK']) {
    const v = parent[k];
    if (v !== undefined) env[k] = k === 'PATH' ? trustedPath(v) : v;
  }
  return env;
}

export interface CloneSettings {
  /** `<cacheDir>/remote`. */
  cacheRoot: string;
  offline: boolean;
  limits: FetchLimits;
  env: NodeJS.ProcessEnv;
  refresh?: boolean;
}

/** git from the trusted PATH (never a folder inside a scanned tree), as an absolute path. */
function findGit(env: NodeJS.ProcessEnv): string {
  for (const dir of trustedPath(env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'git');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return 'git';
}

const git = (s: CloneSettings, args: string[], cwd: string) =>
  runLimited({
    command: findGit(s.env),
    args: [...SAFE, ...args],
    cwd,
    env: gitEnv(s.env),
    timeoutMs: s.limits.totalTimeoutMs,
    maxOutputBytes: 1024 * 1024,
  });

async function verify(
  s: CloneSettings,
  dir: string,
  key: string,
): Promise<{ commit: string } | string | undefined> {
  let meta: { key?: unknown; commit?: unknown };
  try {
    meta = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (meta.key !== key || typeof meta.commit !== 'string') return 'entry.json does not match';
  const head = await git(s, ['rev-parse', 'HEAD'], join(dir, 'checkout'));
  if (head.exitCode !== 0 || head.stdout.trim() !== meta.commit)
    return 'the checkout is not at the recorded commit';
  const status = await git(s, ['status', '--porcelain', '--untracked-files=all'], join(dir, 'checkout'));
  if (status.exitCode !== 0 || status.stdout.trim() !== '') return 'the checkout has modified or extra files';
  return { commit: meta.commit };
}

function hostOf(url: string): { host: string; port: number } | undefined {
  const m = /^(https?|ssh|git):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(url);
  if (!m) return undefined;
  const defaults: Record<string, number> = { https: 443, http: 80, ssh: 22, git: 9418 };
  return { host: m[2]!, port: m[3] ? Number(m[3]) : defaults[m[1]!]! };
}

async function cloneInto(
  s: CloneSettings,
  url: string,
  revision: string,
  dest: string,
): Promise<string | undefined> {
  await mkdir(dest, { recursive: true });
  const rev = revision === 'HEAD' ? '' : revision;
  const steps: string[][] = /^[0-9a-f]{40}$/.test(rev)
    ? [
        ['init', '-q'],
        ['fetch', '-q', '--depth', '1', '--no-tags', url, rev],
        ['checkout', '-q', 'FETCH_HEAD'],
      ]
    : [['clone', '-q', '--depth', '1', '--no-tags', ...(rev ? ['--branch', rev] : []), '--', url, '.']];
  for (const args of steps) {
    const r = await git(s, args, dest);
    if (r.exitCode !== 0) {
      if (r.failure === 'timeout')
        return `no answer within ${s.limits.totalTimeoutMs} ms (the fetch time limit)`;
      return redactUrlCredentials(r.stderr.trim().split('\n').pop() ?? `git ${args[0]} failed`);
    }
  }
  return undefined;
}

// long: cache read, verification, offline refusal, clone into a temporary folder and the atomic rename
export async function checkoutRepo(s: CloneSettings, url: string, revision: string): Promise<RepoCheckout> {
  const key = createHash('sha256')
    .update(JSON.stringify(['repo', 1, url, revision]))
    .digest('hex');
  const dir = join(s.cacheRoot, 'repos', key.slice(0, 2), key);
  const tmp = join(s.cacheRoot, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}`);
  let note: string | undefined;
  if (!s.refresh) {
    const found = await verify(s, dir, key);
    if (found && typeof found === 'object')
      return { ok: true, dir: join(dir, 'checkout'), commit: found.commit };
    if (typeof found === 'string')
      note = `the cached checkout of ${redactUrlCredentials(url)} at ${revision || 'HEAD'} was corrupt (${found}); it was discarded${s.offline ? '' : ' and cloned again'}`;
  }
  if (s.offline) {
    const cause = `the network is off (--offline) and ${redactUrlCredentials(url)} at ${revision || 'HEAD'} is not in the cache; run \`neuroscale-validate prefetch\` with the network, or map it to a folder with repos:`;
    return { ok: false, cause: note ? `${note}; ${cause}` : cause };
  }
  const where = hostOf(url);
  if (where) {
    const unreachable = await probeConnect(where.host, where.port, s.limits.connectTimeoutMs);
    if (unreachable) return { ok: false, cause: unreachable };
  }
  try {
    const failed = await cloneInto(s, url, revision, join(tmp, 'checkout'));
    if (failed) return { ok: false, cause: failed };
    const head = await git(s, ['rev-parse', 'HEAD'], join(tmp, 'checkout'));
    const commit = head.stdout.trim();
    await writeFile(
      join(tmp, 'entry.json'),
      JSON.stringify({ key, url: redactUrlCredentials(url), revision, commit }),
    );
    await mkdir(dirname(dir), { recursive: true });
    const theirs = await verify(s, dir, key);
    if (theirs && typeof theirs === 'object')
      return { ok: true, dir: join(dir, 'checkout'), commit: theirs.commit };
    if (theirs !== undefined) {
      const trash = `${tmp}-old`;
      await rename(dir, trash).catch(() => {});
      await rm(trash, { recursive: true, force: true });
    }
    // when a concurrent run renamed first, the rename fails and its checkout is used if it verifies
    await rename(tmp, dir).catch(() => {});
    const found = await verify(s, dir, key);
    if (!found || typeof found === 'string')
      return { ok: false, cause: 'the checkout could not be stored in the cache' };
    return { ok: true, dir: join(dir, 'checkout'), commit: found.commit, ...(note ? { note } : {}) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
