/**
 * `--shard i/n`: which part of the rendered tree one CI matrix job checks. The partition is a pure
 * function of the app names (and, with `--previous-report`, of each app's object count in that report),
 * so the same tree gives the same shards on any machine; no clock, no randomness, no locale.
 *
 * Ownership rules (the merge of the n shard reports relies on them to give the unsharded report back):
 * - an app, its objects and every finding that names it (`finding.app`) belong to the app's shard;
 * - a finding that names no app (a broken YAML file, a policy path that matches nothing, the
 *   configuration) belongs to shard 1, and so do objects read outside any app;
 * - tree-wide stages (load, cost) run in shard 1 only; the other shards count them as empty.
 */
import { createHash } from 'node:crypto';
import type { AppNode, Finding, Manifest } from '@neuroscale/core';
import { compareStrings } from '@neuroscale/core';

export interface ShardSpec {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
  /** Objects per app from a previous report (balances the shards); absent = hash partition. */
  weights?: ReadonlyMap<string, number>;
}

/** The most shards a run may ask for (a GitHub Actions matrix holds at most 256 jobs). */
export const MAX_SHARDS = 256;

/** `2/7` → { index: 2, count: 7 }; undefined with the reason when the text is not a shard. */
export function parseShard(text: string): { index: number; count: number } | { error: string } {
  const m = /^(\d{1,3})\/(\d{1,3})$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    return { error: `--shard must be i/n with 1 <= i <= n <= ${MAX_SHARDS} (got "${text}")` };
  }
  return { index, count };
}

/** A stable 32-bit number per app name: the first 8 hex digits of its SHA-256. */
function appHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
}

/**
 * Shard number (0-based) of every app name. Without weights: hash modulo n. With weights: the heaviest
 * app first (ties by hash, then name), each to the lightest shard so far (ties to the lowest index), an
 * app the previous report does not know weighing 1.
 */
export function partitionApps(
  names: readonly string[],
  options: { count: number; weights?: ReadonlyMap<string, number> },
): Map<string, number> {
  const unique = [...new Set(names)];
  const out = new Map<string, number>();
  const { count, weights } = options;
  if (!weights) {
    for (const name of unique) out.set(name, Number.parseInt(appHash(name), 16) % count);
    return out;
  }
  const weightOf = (name: string) => Math.max(1, weights.get(name) ?? 1);
  const keyed = unique.map((name) => ({ name, hash: appHash(name), weight: weightOf(name) }));
  keyed.sort(
    (a, b) => b.weight - a.weight || compareStrings(a.hash, b.hash) || compareStrings(a.name, b.name),
  );
  const load = new Array<number>(count).fill(0);
  for (const app of keyed) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if (load[i]! < load[lightest]!) lightest = i;
    load[lightest]! += app.weight;
    out.set(app.name, lightest);
  }
  return out;
}

/**
 * Objects per app from a previous JSON report (`apps[].name`, `apps[].objectCount`), for balancing.
 * Anything else in the text is ignored; text that is not such a report is an error message.
 */
export function readShardWeights(text: string): Map<string, number> | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { error: `--previous-report is not JSON: ${(e as Error).message}` };
  }
  const apps = (doc as { apps?: unknown } | null)?.apps;
  if (!Array.isArray(apps))
    return { error: '--previous-report has no apps list (write it with --format json)' };
  const weights = new Map<string, number>();
  for (const a of apps as { name?: unknown; objectCount?: unknown }[]) {
    if (typeof a?.name !== 'string' || typeof a.objectCount !== 'number') continue;
    if (!Number.isFinite(a.objectCount) || a.objectCount < 0) continue;
    weights.set(a.name, (weights.get(a.name) ?? 0) + a.objectCount);
  }
  return weights;
}

/** What one shard checks, and the rule telling which findings it reports. */
export interface ShardPart {
  index: number;
  count: number;
  /** Shard 1 also runs the tree-wide stages (load, cost) and owns the findings that name no app. */
  first: boolean;
  apps: AppNode[];
  manifests: Manifest[];
  owns: (f: Pick<Finding, 'app'>) => boolean;
}

export function selectShard(tree: { apps: AppNode[]; manifests: Manifest[] }, shard: ShardSpec): ShardPart {
  const zero = shard.index - 1;
  const partition = partitionApps(
    tree.apps.map((a) => a.name),
    { count: shard.count, ...(shard.weights ? { weights: shard.weights } : {}) },
  );
  const ownsApp = (app: string | undefined) =>
    app === undefined || app === ''
      ? zero === 0
      : (partition.get(app) ?? hashOnly(app, shard.count)) === zero;
  return {
    index: shard.index,
    count: shard.count,
    first: zero === 0,
    apps: tree.apps.filter((a) => ownsApp(a.name)),
    manifests: tree.manifests.filter((m) => ownsApp(m.source.apps.at(-1))),
    owns: (f) => ownsApp(f.app),
  };
}

/** An app named by a finding but absent from the tree (cannot happen for rendered apps): its hash decides. */
function hashOnly(app: string, count: number): number {
  return Number.parseInt(appHash(app), 16) % count;
}
