/**
 * diffCost: base snapshot vs head snapshot → per-workload deltas, total deltas, flags and
 * threshold findings. Works on JSON snapshots (e.g. one cached from the base branch): every value
 * is parsed back to its exact form before subtracting.
 */
import { compareStrings as cmp, type Finding, finding, sortFindings } from '@neuroscale/core';
import { formatMicros, formatUsd } from '../pricing/money.js';
import { formatResource } from '../quantity/resource-list.js';
import { gpuFromJson, moneyFromJson, resourcesFromJson } from '../snapshot/json-values.js';
import type {
  CostSnapshot,
  MoneyJson,
  ResourcesJson,
  TotalsJson,
  WorkloadJson,
} from '../snapshot/snapshot-types.js';
import {
  deltaFigures,
  deltaTotals,
  figuresOf,
  sameFigures,
  withoutWorkload,
  zeroFigures,
} from './delta-figures.js';
import type {
  CostDiff,
  CostFlag,
  CostMeasure,
  DiffCostOptions,
  WorkloadDiffJson,
  WorkloadFiguresJson,
  WorkloadStatus,
} from './diff-types.js';
import { exceeds, parseThreshold, percentOf, type Threshold } from './thresholds.js';

/** Value of a measure at max replicas, exact (nanos or micro-dollars). */
function measureOf(requests: ResourcesJson, monthly: MoneyJson, measure: CostMeasure): bigint {
  if (measure === 'monthly') return moneyFromJson(monthly).total;
  if (measure === 'gpu') return gpuFromJson(requests);
  return resourcesFromJson(requests)[measure] ?? 0n;
}

function formatMeasure(value: bigint, measure: CostMeasure): string {
  if (measure === 'monthly') return formatMicros(value);
  return formatResource(measure === 'gpu' ? 'gpu' : measure, value);
}

const describe = (measure: CostMeasure, v: bigint): string =>
  measure === 'monthly'
    ? `${formatUsd(v, { signed: true })}/month`
    : `${v > 0n ? '+' : ''}${formatMeasure(v, measure)}`;

export function diffCost(base: CostSnapshot, head: CostSnapshot, options: DiffCostOptions = {}): CostDiff {
  const gpu = head.pricing.gpuResources;
  const findings: Finding[] = [];
  const flags: CostFlag[] = [];
  const flagPercent = options.flagPercent ?? 20;
  const thresholds = parseThresholds(options, findings);
  const { baseByKey, headByKey, baseTotals, headTotals } = comparableSides(base, head, gpu, findings);
  const keys = [...new Set([...baseByKey.keys(), ...headByKey.keys()])].sort(cmp);

  const flagging: Flagging = { thresholds, flagPercent, flags, findings };
  const workloads: WorkloadDiffJson[] = [];
  for (const key of keys) {
    const b = baseByKey.get(key);
    const h = headByKey.get(key);
    const diff = diffWorkload(key, b, h, gpu);
    workloads.push(diff);
    const { status, base: bf, head: hf } = diff;
    if (status === 'removed' || status === 'unchanged') continue;
    flagWorkloadIncreases({ key, w: (h ?? b) as WorkloadJson, bf, hf }, flagging);
  }
  flagTotalIncreases(baseTotals, headTotals, flagging);

  return {
    base: baseTotals,
    head: headTotals,
    delta: deltaTotals(baseTotals, headTotals, gpu),
    workloads,
    flags,
    findings: sortFindings(findings),
  };
}

type Thresholds = Partial<Record<CostMeasure, Threshold>>;

/** Where the flags and findings go, and what raises them. */
interface Flagging {
  thresholds: Thresholds;
  flagPercent: number;
  flags: CostFlag[];
  findings: Finding[];
}

function parseThresholds(options: DiffCostOptions, findings: Finding[]): Thresholds {
  const thresholds: Thresholds = {};
  const configured: [CostMeasure, string | undefined][] = [
    ['cpu', options.thresholds?.maxCpuDelta],
    ['memory', options.thresholds?.maxMemoryDelta],
    ['monthly', options.thresholds?.maxMonthlyDelta],
  ];
  for (const [measure, text] of configured) {
    if (text === undefined || text === null || text === '') continue;
    const t = parseThreshold(text, measure);
    if ('error' in t) {
      findings.push(
        finding({
          ruleId: 'cost/invalid-threshold',
          message: `threshold for ${measure}: ${t.error}; it is ignored`,
        }),
      );
    } else thresholds[measure] = t;
  }
  return thresholds;
}

interface ComparableSides {
  baseByKey: Map<string, WorkloadJson>;
  headByKey: Map<string, WorkloadJson>;
  baseTotals: TotalsJson;
  headTotals: TotalsJson;
}

function comparableSides(
  base: CostSnapshot,
  head: CostSnapshot,
  gpu: readonly string[],
  findings: Finding[],
): ComparableSides {
  const baseByKey = new Map(base.workloads.map((w) => [w.key, w]));
  const headByKey = new Map(head.workloads.map((w) => [w.key, w]));
  // A workload costed on one side but not costable on the other is left out of the comparison
  // (both its row and its share of the totals): a not-costed workload is unknown, not zero.
  let baseTotals = base.totals;
  let headTotals = head.totals;
  const notCostedIn = (snap: CostSnapshot) => new Map(snap.notCosted.map((n) => [n.key, n]));
  for (const [side, other, label] of [
    [baseByKey, notCostedIn(head), 'head'],
    [headByKey, notCostedIn(base), 'base'],
  ] as const) {
    for (const [key, nc] of other) {
      const w = side.get(key);
      if (!w) continue;
      side.delete(key);
      if (side === baseByKey) baseTotals = withoutWorkload(baseTotals, w, gpu);
      else headTotals = withoutWorkload(headTotals, w, gpu);
      findings.push(
        finding({
          ruleId: 'cost/not-comparable',
          severity: 'warning',
          message: `${w.kind} ${w.namespace}/${w.name} could not be costed in ${label} (${nc.reason}); it is left out of the comparison`,
          object: { apiVersion: w.apiVersion, kind: w.kind, namespace: w.namespace, name: w.name },
          location: nc.location,
          ...(w.app ? { app: w.app } : {}),
          details: { key },
        }),
      );
    }
  }
  return { baseByKey, headByKey, baseTotals, headTotals };
}

/** One workload's row: added, removed, changed or unchanged, with its figures on each side and the delta. */
function diffWorkload(
  key: string,
  b: WorkloadJson | undefined,
  h: WorkloadJson | undefined,
  gpu: readonly string[],
): WorkloadDiffJson {
  const w = (h ?? b) as WorkloadJson;
  const bf = b ? figuresOf(b) : null;
  const hf = h ? figuresOf(h) : null;
  let status: WorkloadStatus;
  if (!bf) status = 'added';
  else if (!hf) status = 'removed';
  else status = sameFigures(bf, hf) ? 'unchanged' : 'changed';
  const delta =
    status === 'unchanged'
      ? zeroFigures(w.category)
      : deltaFigures(bf ?? zeroFigures(w.category), hf ?? zeroFigures(w.category), gpu);
  return {
    key,
    app: w.app,
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    owner: w.attribution.owner,
    costCenter: w.attribution.costCenter,
    base: bf,
    head: hf,
    delta,
    status,
  };
}

/** Flags (and findings) for a workload whose cpu, memory, GPUs or monthly estimate at max replicas rises. */
function flagWorkloadIncreases(
  {
    key,
    w,
    bf,
    hf,
  }: { key: string; w: WorkloadJson; bf: WorkloadFiguresJson | null; hf: WorkloadFiguresJson | null },
  { thresholds, flagPercent, flags, findings }: Flagging,
): void {
  const object = { apiVersion: w.apiVersion, kind: w.kind, namespace: w.namespace, name: w.name };
  const location = w.location;
  for (const measure of ['cpu', 'memory', 'gpu', 'monthly'] as CostMeasure[]) {
    const bv = bf ? measureOf(bf.requests.max, bf.monthly.max, measure) : 0n;
    const hv = hf ? measureOf(hf.requests.max, hf.monthly.max, measure) : 0n;
    const dv = hv - bv;
    if (dv <= 0n) continue;
    const flagBase = {
      scope: 'workload' as const,
      key,
      measure,
      base: formatMeasure(bv, measure),
      head: formatMeasure(hv, measure),
      delta: formatMeasure(dv, measure),
      percent: percentOf(bv, dv),
    };
    const t = thresholds[measure];
    if (t && exceeds(t, bv, dv)) {
      flags.push({ ...flagBase, reason: 'threshold-exceeded', threshold: t.text });
      findings.push(
        finding({
          ruleId: 'cost/threshold-exceeded',
          message: `${w.kind} ${w.namespace}/${w.name}: ${measure} at max replicas rises by ${describe(measure, dv)}${flagBase.percent !== null ? ` (+${flagBase.percent}%)` : ''}, over the ${t.text} threshold`,
          object,
          ...(location ? { location } : {}),
          ...(w.app ? { app: w.app } : {}),
          details: {
            key,
            measure,
            base: flagBase.base,
            head: flagBase.head,
            delta: flagBase.delta,
            threshold: t.text,
          },
        }),
      );
      continue;
    }
    const large =
      measure === 'gpu' ||
      (measure === 'monthly' && bv > 0n && dv * 1_000_000n >= BigInt(Math.round(flagPercent * 1e4)) * bv);
    if (large) {
      flags.push({ ...flagBase, reason: 'large-increase', threshold: null });
      findings.push(
        finding({
          ruleId: 'cost/large-increase',
          severity: 'warning',
          message: `${w.kind} ${w.namespace}/${w.name}: ${measure === 'gpu' ? 'GPUs at max replicas rise' : 'monthly estimate at max replicas rises'} by ${describe(measure, dv)}${flagBase.percent !== null ? ` (+${flagBase.percent}%)` : ''}`,
          object,
          ...(location ? { location } : {}),
          ...(w.app ? { app: w.app } : {}),
          details: { key, measure, base: flagBase.base, head: flagBase.head, delta: flagBase.delta },
        }),
      );
    }
  }
}

function flagTotalIncreases(
  baseTotals: TotalsJson,
  headTotals: TotalsJson,
  { thresholds, flags, findings }: Flagging,
): void {
  // whole-render thresholds (continuous + DaemonSets, at max replicas)
  for (const measure of ['cpu', 'memory', 'monthly'] as CostMeasure[]) {
    const t = thresholds[measure];
    if (!t) continue;
    const bv = measureOf(baseTotals.requests.max, baseTotals.monthly.max, measure);
    const hv = measureOf(headTotals.requests.max, headTotals.monthly.max, measure);
    const dv = hv - bv;
    if (!exceeds(t, bv, dv)) continue;
    const percent = percentOf(bv, dv);
    flags.push({
      scope: 'total',
      key: null,
      measure,
      reason: 'threshold-exceeded',
      base: formatMeasure(bv, measure),
      head: formatMeasure(hv, measure),
      delta: formatMeasure(dv, measure),
      percent,
      threshold: t.text,
    });
    findings.push(
      finding({
        ruleId: 'cost/threshold-exceeded',
        message: `total ${measure} at max replicas rises by ${describe(measure, dv)}${percent !== null ? ` (+${percent}%)` : ''}, over the ${t.text} threshold`,
        details: {
          measure,
          base: formatMeasure(bv, measure),
          head: formatMeasure(hv, measure),
          threshold: t.text,
        },
      }),
    );
  }
}
