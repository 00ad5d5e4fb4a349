/** The JSON contract of diffCost (documented in README.md). */
import type { Finding } from '@neuroscale/core';
import type {
  MoneyJson,
  RangeJson,
  ResourcesJson,
  TotalsJson,
  WorkloadCategory,
} from '../snapshot/snapshot-types.js';

/** What one side of a workload costs (and, for `delta`, head − base with the absent side as zero). */
export interface WorkloadFiguresJson {
  category: WorkloadCategory;
  replicas: RangeJson<number>;
  requests: RangeJson<ResourcesJson>;
  limits: RangeJson<ResourcesJson>;
  monthly: RangeJson<MoneyJson>;
}

export type WorkloadStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface WorkloadDiffJson {
  key: string;
  app: string;
  kind: string;
  namespace: string;
  name: string;
  owner: string;
  costCenter: string;
  /** null when the workload is added. */
  base: WorkloadFiguresJson | null;
  /** null when the workload is removed. */
  head: WorkloadFiguresJson | null;
  delta: WorkloadFiguresJson;
  status: WorkloadStatus;
}

export type CostMeasure = 'cpu' | 'memory' | 'gpu' | 'monthly';

export interface CostFlag {
  /** `workload` flags name a workload key; `total` flags are about the whole render. */
  scope: 'workload' | 'total';
  key: string | null;
  measure: CostMeasure;
  reason: 'threshold-exceeded' | 'large-increase';
  /** Values at max replicas (worst case): quantities for cpu/memory/gpu, USD strings for monthly. */
  base: string;
  head: string;
  delta: string;
  /** delta / base × 100, or null when base is zero. */
  percent: number | null;
  /** The threshold that was crossed, as configured (`2`, `20%`), or null for large-increase flags. */
  threshold: string | null;
}

export interface CostThresholds {
  /** Cores (`2`, `500m`) or percent (`20%`). */
  maxCpuDelta?: string;
  /** Bytes (`4Gi`) or percent (`10%`). */
  maxMemoryDelta?: string;
  /** USD per month (`100`) or percent (`15%`). */
  maxMonthlyDelta?: string;
}

export interface DiffCostOptions {
  thresholds?: CostThresholds;
  /** A workload whose monthly max rises by at least this percent is flagged (default 20). */
  flagPercent?: number;
}

export interface CostDiff {
  base: TotalsJson;
  head: TotalsJson;
  delta: TotalsJson;
  workloads: WorkloadDiffJson[];
  flags: CostFlag[];
  findings: Finding[];
}
