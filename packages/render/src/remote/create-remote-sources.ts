/**
 * The remote sources of one render, set up from its options: remote charts (resolve-remote-chart.ts) and other
 * repositories (`repos:` folders, clone-repo.ts), cached in `<cacheDir>/remote` (a private temporary folder
 * when there is no usable cache dir), and the AppProjects' sourceRepos that gate every fetch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeCacheDir, registerTempPath, type resolveTool } from '@neuroscale/core';
import { cmp, type RenderContext } from '../render-context.js';
import { normalizeRepoURL } from '../repo/repo-url.js';
import type { WalkedApp } from '../tree/walk-app-tree.js';
import { createChartCache } from './chart-cache.js';
import { checkoutRepo, type RepoCheckout } from './clone-repo.js';
import { createRemoteCharts, type RemoteCharts } from './resolve-remote-chart.js';

/** What render() takes from its options for remote sources. */
export interface RemoteSourceOptions {
  fetch?: RemoteFetchOptions;
  repos?: Record<string, string>;
}

export interface RemoteFetchOptions {
  /** Milliseconds to open a connection (default 10 s). */
  connectTimeoutMs?: number;
  /** Milliseconds one fetch may take in total (default 120 s). */
  timeoutMs?: number;
  /** Bytes of one chart archive (default 20 MiB). */
  maxDownloadBytes?: number;
  /** Resolve version ranges again instead of using the version remembered in the cache (prefetch). */
  refreshRanges?: boolean;
}

/** Remote fetch limits (docs/limits.md). */
export const REMOTE_FETCH_DEFAULTS = {
  connectTimeoutMs: 10_000,
  timeoutMs: 120_000,
  maxDownloadBytes: 20 * 1024 * 1024,
  maxExpandedBytes: 200 * 1024 * 1024,
  maxFiles: 10_000,
} as const;

/** Remote charts: cached in `<cacheDir>/remote` (a private temporary folder when there is no cache dir). */
export function createRemoteChartSource({
  options,
  offline,
  cacheRoot,
  env,
  helm,
}: {
  options: RemoteSourceOptions;
  offline: boolean;
  cacheRoot: string | undefined;
  env: NodeJS.ProcessEnv;
  helm: ReturnType<typeof resolveTool>;
}): RemoteCharts | undefined {
  if (!helm.ok) return undefined;
  let dir = cacheRoot !== undefined ? join(cacheRoot, 'remote') : undefined;
  if (dir === undefined || !probeCacheDir(dir).ok) {
    dir = mkdtempSync(join(tmpdir(), 'neuroscale-remote-'));
    registerTempPath(dir);
  }
  const f = options.fetch ?? {};
  return createRemoteCharts({
    offline,
    cache: createChartCache(dir),
    helm: helm.path,
    limits: {
      connectTimeoutMs: f.connectTimeoutMs ?? REMOTE_FETCH_DEFAULTS.connectTimeoutMs,
      totalTimeoutMs: f.timeoutMs ?? REMOTE_FETCH_DEFAULTS.timeoutMs,
      maxDownloadBytes: f.maxDownloadBytes ?? REMOTE_FETCH_DEFAULTS.maxDownloadBytes,
    },
    maxExpandedBytes: REMOTE_FETCH_DEFAULTS.maxExpandedBytes,
    maxFiles: REMOTE_FETCH_DEFAULTS.maxFiles,
    env,
    ...(f.refreshRanges ? { refreshRanges: true } : {}),
  });
}

/** `repos:` folders, and shallow clones in `<cacheDir>/remote/repos` (memoised per URL and revision). */
export function createOtherRepoSource({
  options,
  offline,
  remoteDir,
  env,
}: {
  options: RemoteSourceOptions;
  offline: boolean;
  remoteDir: string | undefined;
  env: NodeJS.ProcessEnv;
}): NonNullable<RenderContext['otherRepos']> {
  const mapped = new Map(
    Object.entries(options.repos ?? {}).map(([url, dir]) => [normalizeRepoURL(url), dir]),
  );
  if (!remoteDir) return { mapped };
  const f = options.fetch ?? {};
  const settings = {
    cacheRoot: remoteDir,
    offline,
    env,
    limits: {
      connectTimeoutMs: f.connectTimeoutMs ?? REMOTE_FETCH_DEFAULTS.connectTimeoutMs,
      totalTimeoutMs: f.timeoutMs ?? REMOTE_FETCH_DEFAULTS.timeoutMs,
      maxDownloadBytes: f.maxDownloadBytes ?? REMOTE_FETCH_DEFAULTS.maxDownloadBytes,
    },
    ...(f.refreshRanges ? { refresh: true } : {}),
  };
  const memo = new Map<string, Promise<RepoCheckout>>();
  return {
    mapped,
    checkout: (url, revision) => {
      const k = JSON.stringify([url, revision]);
      let p = memo.get(k);
      if (!p) {
        p = checkoutRepo(settings, url, revision).catch(
          (e: unknown): RepoCheckout => ({
            ok: false,
            cause: `the checkout failed: ${(e as Error).message}`,
          }),
        );
        memo.set(k, p);
      }
      return p;
    },
  };
}

/** AppProjects the tree renders: name → spec.sourceRepos (strings only), in name order. */
export function projectSourceRepos(walked: WalkedApp[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const objects = walked.flatMap((a) => a.manifests.map((m) => m.object));
  for (const o of objects) {
    const name = o.metadata?.name;
    if (o.kind !== 'AppProject' || typeof name !== 'string') continue;
    const spec = o.spec as { sourceRepos?: unknown } | undefined;
    const repos = Array.isArray(spec?.sourceRepos)
      ? spec.sourceRepos.filter((r) => typeof r === 'string')
      : [];
    out[name] = [...(out[name] ?? []), ...repos];
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => cmp(a, b)));
}

/** Both remote sources of a render: charts (absent without helm) and other repositories. */
export function createRemoteSources(input: {
  options: RemoteSourceOptions;
  offline: boolean;
  cacheRoot: string | undefined;
  env: NodeJS.ProcessEnv;
  helm: ReturnType<typeof resolveTool>;
}): { remoteCharts: RemoteCharts | undefined; otherRepos: NonNullable<RenderContext['otherRepos']> } {
  const remoteCharts = createRemoteChartSource(input);
  const otherRepos = createOtherRepoSource({ ...input, remoteDir: remoteCharts?.settings.cache.dir });
  return { remoteCharts, otherRepos };
}
