/** Exact delta arithmetic on the JSON figures of snapshots (parse → subtract → canonical JSON). */
import { subtractCosts } from '../pricing/price-resources.js';
import { subtractLists } from '../quantity/resource-list.js';
import {
  gpuFromJson,
  moneyFromJson,
  moneyToJson,
  resourcesFromJson,
  resourcesToJson,
} from '../snapshot/json-values.js';
import type {
  MoneyJson,
  RangeJson,
  ResourcesJson,
  TotalsJson,
  WorkloadJson,
} from '../snapshot/snapshot-types.js';
import type { WorkloadFiguresJson } from './diff-types.js';

export const ZERO_RESOURCES: ResourcesJson = {
  cpu: '0',
  cpuCores: 0,
  memory: '0',
  memoryBytes: 0,
  gpu: '0',
  gpuCount: 0,
  extended: {},
};
export const ZERO_MONEY: MoneyJson = {
  cpu: '0.000000',
  memory: '0.000000',
  gpu: '0.000000',
  extended: '0.000000',
  total: '0.000000',
  totalUsd: 0,
};

export function deltaResources(
  base: ResourcesJson,
  head: ResourcesJson,
  gpuResources: readonly string[],
): ResourcesJson {
  const d = subtractLists(resourcesFromJson(head), resourcesFromJson(base));
  return resourcesToJson(d, gpuResources, gpuFromJson(head) - gpuFromJson(base));
}

export function deltaMoney(base: MoneyJson, head: MoneyJson): MoneyJson {
  return moneyToJson(subtractCosts(moneyFromJson(head), moneyFromJson(base)));
}

export function deltaRange<T>(base: RangeJson<T>, head: RangeJson<T>, f: (b: T, h: T) => T): RangeJson<T> {
  return { min: f(base.min, head.min), max: f(base.max, head.max) };
}

export const sameResources = (a: ResourcesJson, b: ResourcesJson): boolean => {
  if (a.cpu !== b.cpu || a.memory !== b.memory || a.gpu !== b.gpu) return false;
  const ka = Object.keys(a.extended);
  const kb = Object.keys(b.extended);
  return ka.length === kb.length && ka.every((k) => a.extended[k] === b.extended[k]);
};
export const sameMoney = (a: MoneyJson, b: MoneyJson): boolean =>
  a.total === b.total &&
  a.cpu === b.cpu &&
  a.memory === b.memory &&
  a.gpu === b.gpu &&
  a.extended === b.extended;

export function sameFigures(a: WorkloadFiguresJson, b: WorkloadFiguresJson): boolean {
  return (
    a.category === b.category &&
    a.replicas.min === b.replicas.min &&
    a.replicas.max === b.replicas.max &&
    sameResources(a.requests.min, b.requests.min) &&
    sameResources(a.requests.max, b.requests.max) &&
    sameResources(a.limits.min, b.limits.min) &&
    sameResources(a.limits.max, b.limits.max) &&
    sameMoney(a.monthly.min, b.monthly.min) &&
    sameMoney(a.monthly.max, b.monthly.max)
  );
}

export function figuresOf(w: WorkloadJson): WorkloadFiguresJson {
  return {
    category: w.category,
    replicas: w.replicas,
    requests: w.requests,
    limits: w.limits,
    monthly: w.monthly,
  };
}

export const zeroFigures = (category: WorkloadFiguresJson['category']): WorkloadFiguresJson => ({
  category,
  replicas: { min: 0, max: 0 },
  requests: { min: ZERO_RESOURCES, max: ZERO_RESOURCES },
  limits: { min: ZERO_RESOURCES, max: ZERO_RESOURCES },
  monthly: { min: ZERO_MONEY, max: ZERO_MONEY },
});

export function deltaFigures(
  base: WorkloadFiguresJson,
  head: WorkloadFiguresJson,
  gpu: readonly string[],
): WorkloadFiguresJson {
  const r = (b: ResourcesJson, h: ResourcesJson) => deltaResources(b, h, gpu);
  return {
    category: head.category,
    replicas: { min: head.replicas.min - base.replicas.min, max: head.replicas.max - base.replicas.max },
    requests: deltaRange(base.requests, head.requests, r),
    limits: deltaRange(base.limits, head.limits, r),
    monthly: deltaRange(base.monthly, head.monthly, deltaMoney),
  };
}

export function deltaTotals(base: TotalsJson, head: TotalsJson, gpu: readonly string[]): TotalsJson {
  const r = (b: ResourcesJson, h: ResourcesJson) => deltaResources(b, h, gpu);
  return {
    workloads: head.workloads - base.workloads,
    notCosted: head.notCosted - base.notCosted,
    requests: deltaRange(base.requests, head.requests, r),
    limits: deltaRange(base.limits, head.limits, r),
    monthly: deltaRange(base.monthly, head.monthly, deltaMoney),
    daemonSets: {
      workloads: head.daemonSets.workloads - base.daemonSets.workloads,
      nodes: head.daemonSets.nodes,
      requests: deltaRange(base.daemonSets.requests, head.daemonSets.requests, r),
      monthly: deltaRange(base.daemonSets.monthly, head.daemonSets.monthly, deltaMoney),
    },
    transient: {
      workloads: head.transient.workloads - base.transient.workloads,
      requests: r(base.transient.requests, head.transient.requests),
      limits: r(base.transient.limits, head.transient.limits),
    },
  };
}

/** Totals minus one workload's share (used when that workload is not comparable). */
export function withoutWorkload(t: TotalsJson, w: WorkloadJson, gpu: readonly string[]): TotalsJson {
  /** a − b */
  const r = (a: ResourcesJson, b: ResourcesJson) => deltaResources(b, a, gpu);
  /** later − earlier, the argument order deltaRange uses */
  const d = (earlier: ResourcesJson, later: ResourcesJson) => deltaResources(earlier, later, gpu);
  const zero = { min: ZERO_RESOURCES, max: ZERO_RESOURCES };
  const zeroMoney = { min: ZERO_MONEY, max: ZERO_MONEY };
  const transient = w.category === 'transient';
  const ds = w.category === 'daemonset';
  const req = transient ? zero : w.requests;
  const lim = transient ? zero : w.limits;
  const mon = transient ? zeroMoney : w.monthly;
  return {
    workloads: t.workloads - 1,
    notCosted: t.notCosted,
    requests: deltaRange(req, t.requests, d),
    limits: deltaRange(lim, t.limits, d),
    monthly: deltaRange(mon, t.monthly, deltaMoney),
    daemonSets: {
      workloads: t.daemonSets.workloads - (ds ? 1 : 0),
      nodes: t.daemonSets.nodes,
      requests: deltaRange(ds ? w.requests : zero, t.daemonSets.requests, d),
      monthly: deltaRange(ds ? w.monthly : zeroMoney, t.daemonSets.monthly, deltaMoney),
    },
    transient: {
      workloads: t.transient.workloads - (transient ? 1 : 0),
      requests: r(t.transient.requests, transient ? w.requests.max : ZERO_RESOURCES),
      limits: r(t.transient.limits, transient ? w.limits.max : ZERO_RESOURCES),
    },
  };
}
