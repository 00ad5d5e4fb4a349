/**
 * The ClusterPolicyReport of one apply: rows sorted by policy, rule, resource, result and message
 * (locale-independent), with the summary counts.
 */
import { compareStrings as cmp, type ObjectRef } from '@neuroscale/core';
import type { PolicyReport, PolicyReportResult, ReportResult } from './policy-report-types.js';

/** The report rows of one object: `rows[start..end)`, all naming `ref`. */
export interface ObjectRows {
  ref: ObjectRef;
  start: number;
  end: number;
}

const resourceKey = (x: ObjectRef): string =>
  `${x.namespace ?? ''}\u0000${x.kind ?? ''}\u0000${x.name ?? ''}\u0000${x.apiVersion ?? ''}`;

const byResultThenMessage = (a: PolicyReportResult, b: PolicyReportResult): number =>
  cmp(a.result, b.result) || cmp(a.message, b.message);

interface Bucket {
  rows: PolicyReportResult[];
  /** Rank of each row's resource among the distinct resource keys (non-decreasing, see below). */
  ranks: number[];
}

/**
 * Order: policy, rule, resource, result, message. The objects are sorted once by resource key (a
 * stable sort: objects with equal keys keep their order) and their rows dealt in that order into one
 * bucket per (policy, rule), so each bucket is already sorted by resource; only rows of one resource
 * key within one bucket (usually one row) are sorted by result and message. This is the order a stable
 * sort of every row by (policy, rule, resource, result, message) gives, without comparing 100,000 rows.
 */
export function buildPolicyReport(
  rows: readonly PolicyReportResult[],
  objects: readonly ObjectRows[],
  name: string,
): PolicyReport {
  const keyed = objects.map((o) => ({ o, key: resourceKey(o.ref) }));
  keyed.sort((a, b) => cmp(a.key, b.key));
  // counted in the rows' own order (the order they were built in: memory order)
  const summary: Record<ReportResult, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const o of objects)
    for (let i = o.start; i < o.end; i++) summary[(rows[i] as PolicyReportResult).result]++;
  const buckets = new Map<string, Map<string, Bucket>>();
  let rank = -1;
  let previousKey: string | undefined;
  for (const { o, key } of keyed) {
    if (key !== previousKey) {
      rank++;
      previousKey = key;
    }
    for (let i = o.start; i < o.end; i++) {
      const r = rows[i] as PolicyReportResult;
      let byRule = buckets.get(r.policy);
      if (!byRule) {
        byRule = new Map();
        buckets.set(r.policy, byRule);
      }
      let bucket = byRule.get(r.rule);
      if (!bucket) {
        bucket = { rows: [], ranks: [] };
        byRule.set(r.rule, bucket);
      }
      bucket.rows.push(r);
      bucket.ranks.push(rank);
    }
  }
  const results: PolicyReportResult[] = [];
  for (const policy of [...buckets.keys()].sort(cmp)) {
    const byRule = buckets.get(policy) as Map<string, Bucket>;
    for (const rule of [...byRule.keys()].sort(cmp)) {
      const { rows: bucketRows, ranks } = byRule.get(rule) as Bucket;
      let i = 0;
      while (i < bucketRows.length) {
        let j = i + 1;
        while (j < bucketRows.length && ranks[j] === ranks[i]) j++;
        if (j - i === 1) results.push(bucketRows[i] as PolicyReportResult);
        else for (const r of bucketRows.slice(i, j).sort(byResultThenMessage)) results.push(r);
        i = j;
      }
    }
  }
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'ClusterPolicyReport',
    metadata: { name },
    summary,
    results,
  };
}
