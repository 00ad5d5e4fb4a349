/**
 * One remote chart version, from the cache or the network: exact version → cache entry; range → the
 * remembered resolution → cache entry; otherwise (online) helm pulls it, the archive is extracted, checked and
 * stored. Offline, a chart that is not in the cache is a cause, never a request. A corrupt entry is discarded,
 * refetched (online) and reported. Charts are fetched once per render even when many apps use them.
 */
import { loadYaml } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { type ChartCache, type ChartEntryRead, chartEntryKey } from './chart-cache.js';
import type { ChartReference } from './chart-reference.js';
import { type ArchiveFile, extractChartArchive } from './extract-chart-archive.js';
import { type FetchLimits, fetchChartArchive, redactUrlCredentials } from './fetch-chart.js';

export interface RemoteChartSettings {
  offline: boolean;
  cache: ChartCache;
  /** The pinned helm (undefined: remote charts cannot be pulled). */
  helm?: string;
  limits: FetchLimits;
  /** Extracted size and file count of one chart archive. */
  maxExpandedBytes: number;
  maxFiles: number;
  /** Environment helm's credential files are named in (HELM_REGISTRY_CONFIG, HELM_REPOSITORY_CONFIG). */
  env: NodeJS.ProcessEnv;
  /** Resolve ranges again instead of using the remembered version (prefetch). */
  refreshRanges?: boolean;
}

export type RemoteChart =
  | {
      ok: true;
      /** Absolute folder holding the extracted archive (the chart is its `chartFolder` subfolder). */
      root: string;
      chartFolder: string;
      version: string;
      digest: string;
      /** Problems met on the way that did not stop it (a corrupt entry that was refetched). */
      notes: string[];
    }
  | { ok: false; cause: string; notes: string[] };

export interface RemoteCharts {
  get(ref: ChartReference): Promise<RemoteChart>;
  /** Requests made (helm pulls) in this render. */
  readonly stats: { pulls: number };
  readonly settings: RemoteChartSettings;
}

/** The chart folder (the archive's top folder) and the version in its Chart.yaml. */
function chartIdentity(files: ArchiveFile[]): { folder: string; version: string; name: string } | string {
  const tops = new Set(files.map((f) => f.path.split('/')[0]!));
  if (tops.size !== 1) return 'the chart archive does not hold exactly one chart folder';
  const folder = [...tops][0]!;
  const chartYaml = files.find((f) => f.path === `${folder}/Chart.yaml`);
  if (!chartYaml) return 'the chart archive has no Chart.yaml';
  const doc = loadYaml(chartYaml.data.toString('utf8'), { file: 'Chart.yaml' }).documents[0]?.value;
  if (!isRecord(doc) || typeof doc.version !== 'string' || typeof doc.name !== 'string') {
    return 'the Chart.yaml in the archive has no name or version';
  }
  return { folder, version: doc.version, name: doc.name };
}

function hitResult(read: ChartEntryRead & { status: 'hit' }, notes: string[]): RemoteChart {
  const folder = read.meta.files[0]?.[0].split('/')[0] ?? '';
  return {
    ok: true,
    root: read.dir,
    chartFolder: folder,
    version: read.meta.version,
    digest: read.meta.digest,
    notes,
  };
}

// long: the cache → resolution → fetch → verify → store sequence reads best as one function
async function resolveOnce(
  s: RemoteChartSettings,
  ref: ChartReference,
  stats: { pulls: number },
): Promise<RemoteChart> {
  const notes: string[] = [];
  const where = `${ref.chart}${ref.revision ? ` ${ref.revision}` : ''} from ${redactUrlCredentials(ref.repoURL)}`;
  let version: string | undefined = ref.exact ? ref.revision : undefined;
  if (!version && !s.refreshRanges) version = await s.cache.readResolution(ref);
  if (version) {
    const key = chartEntryKey(ref, version);
    const read = await s.cache.read(key);
    if (read.status === 'hit') return hitResult(read, notes);
    if (read.status === 'corrupt') {
      notes.push(
        `the cache entry for ${ref.chart} ${version} was corrupt (${read.reason}); it was discarded${s.offline ? '' : ' and fetched again'}`,
      );
      await s.cache.discard(key);
    }
  }
  if (s.offline) {
    return {
      ok: false,
      cause: `the network is off (--offline) and chart ${where} is not in the cache; run \`neuroscale-validate prefetch\` with the network to fill it`,
      notes,
    };
  }
  if (!s.helm) return { ok: false, cause: 'helm is not available to pull the chart', notes };
  stats.pulls++;
  const fetched = await fetchChartArchive({
    helm: s.helm,
    ref,
    version: version ?? ref.revision,
    limits: s.limits,
    env: s.env,
  });
  if (!fetched.ok) return { ok: false, cause: fetched.cause, notes };
  const extracted = extractChartArchive(fetched.archive, {
    maxExpandedBytes: s.maxExpandedBytes,
    maxFiles: s.maxFiles,
  });
  if (!extracted.ok) return { ok: false, cause: extracted.message, notes };
  const id = chartIdentity(extracted.files);
  if (typeof id === 'string') return { ok: false, cause: id, notes };
  const resolved = version ?? id.version;
  if (!version) await s.cache.writeResolution(ref, resolved);
  const stored = await s.cache.write(
    {
      key: chartEntryKey(ref, resolved),
      kind: ref.kind,
      // a `user:secret@` in a repoURL never reaches the cache
      repoURL: redactUrlCredentials(ref.repoURL),
      chart: ref.chart,
      version: resolved,
      digest: fetched.digest,
    },
    extracted.files,
  );
  if (stored.status !== 'hit') {
    return {
      ok: false,
      cause: `the chart could not be stored in the cache (${stored.status === 'corrupt' ? stored.reason : 'missing after write'})`,
      notes,
    };
  }
  return hitResult(stored, notes);
}

export function createRemoteCharts(settings: RemoteChartSettings): RemoteCharts {
  const memo = new Map<string, Promise<RemoteChart>>();
  const stats = { pulls: 0 };
  return {
    stats,
    settings,
    get(ref) {
      const k = JSON.stringify([ref.kind, ref.repoURL, ref.chart, ref.revision]);
      let p = memo.get(k);
      if (!p) {
        p = resolveOnce(settings, ref, stats).catch(
          (e: unknown): RemoteChart => ({
            ok: false,
            cause: `the chart cache failed: ${(e as Error).message}`,
            notes: [],
          }),
        );
        memo.set(k, p);
      }
      return p;
    },
  };
}
