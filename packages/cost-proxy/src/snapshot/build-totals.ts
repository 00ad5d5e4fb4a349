/** Totals and per-group sums over costed workloads, in exact arithmetic. */
import { compareStrings } from '@neuroscale/core';
import { addCosts, type MonthlyCost, ZERO_COST } from '../pricing/price-resources.js';
import { addInto, type ResourceList } from '../quantity/resource-list.js';
import { moneyToJson, resourcesToJson } from './json-values.js';
import type { Attribution, GroupJson, TotalsJson, WorkloadCategory } from './snapshot-types.js';

/** A costed workload with its exact figures (internal to computeCost). */
export interface CostedWorkload {
  category: WorkloadCategory;
  attribution: Attribution;
  requests: { min: ResourceList; max: ResourceList };
  limits: { min: ResourceList; max: ResourceList };
  monthly: { min: MonthlyCost; max: MonthlyCost };
}

interface Sum {
  workloads: number;
  requests: { min: ResourceList; max: ResourceList };
  limits: { min: ResourceList; max: ResourceList };
  monthly: { min: MonthlyCost; max: MonthlyCost };
}

const emptySum = (): Sum => ({
  workloads: 0,
  requests: { min: {}, max: {} },
  limits: { min: {}, max: {} },
  monthly: { min: ZERO_COST, max: ZERO_COST },
});

function addTo(sum: Sum, w: CostedWorkload): void {
  sum.workloads++;
  addInto(sum.requests.min, w.requests.min);
  addInto(sum.requests.max, w.requests.max);
  addInto(sum.limits.min, w.limits.min);
  addInto(sum.limits.max, w.limits.max);
  sum.monthly = {
    min: addCosts(sum.monthly.min, w.monthly.min),
    max: addCosts(sum.monthly.max, w.monthly.max),
  };
}

export function buildTotals(
  workloads: readonly CostedWorkload[],
  notCosted: number,
  options: { gpuResources: readonly string[]; daemonSetNodes: number },
): TotalsJson {
  const all = emptySum();
  const ds = emptySum();
  const transient = emptySum();
  for (const w of workloads) {
    if (w.category === 'transient') {
      addTo(transient, w);
      continue;
    }
    addTo(all, w);
    if (w.category === 'daemonset') addTo(ds, w);
  }
  const r = (l: ResourceList) => resourcesToJson(l, options.gpuResources);
  return {
    workloads: workloads.length,
    notCosted,
    requests: { min: r(all.requests.min), max: r(all.requests.max) },
    limits: { min: r(all.limits.min), max: r(all.limits.max) },
    monthly: { min: moneyToJson(all.monthly.min), max: moneyToJson(all.monthly.max) },
    daemonSets: {
      workloads: ds.workloads,
      nodes: options.daemonSetNodes,
      requests: { min: r(ds.requests.min), max: r(ds.requests.max) },
      monthly: { min: moneyToJson(ds.monthly.min), max: moneyToJson(ds.monthly.max) },
    },
    transient: {
      workloads: transient.workloads,
      requests: r(transient.requests.max),
      limits: r(transient.limits.max),
    },
  };
}

export type GroupDimension = keyof Attribution;

/**
 * Sums by every attribution dimension, sorted by name; transient workloads are counted but not
 * summed (as in totals). Workloads are first summed per distinct attribution (one addition each),
 * then those few partial sums are added per dimension.
 */
export function buildGroups(
  workloads: readonly CostedWorkload[],
  dimensions: readonly GroupDimension[],
  gpuResources: readonly string[],
): Record<GroupDimension, GroupJson[]> {
  const partial = new Map<string, { attribution: Attribution; sum: Sum }>();
  for (const w of workloads) {
    const a = w.attribution;
    const id = `${a.owner}\u0000${a.team}\u0000${a.costCenter}\u0000${a.env}\u0000${a.namespace}\u0000${a.app}`;
    let p = partial.get(id);
    if (!p) {
      p = { attribution: a, sum: emptySum() };
      partial.set(id, p);
    }
    if (w.category === 'transient') p.sum.workloads++;
    else addTo(p.sum, w);
  }
  const r = (l: ResourceList) => resourcesToJson(l, gpuResources);
  const out = {} as Record<GroupDimension, GroupJson[]>;
  for (const dimension of dimensions) {
    const sums = new Map<string, Sum>();
    for (const { attribution, sum } of partial.values()) {
      const name = attribution[dimension];
      let s = sums.get(name);
      if (!s) {
        s = emptySum();
        sums.set(name, s);
      }
      mergeInto(s, sum);
    }
    out[dimension] = [...sums.keys()].sort(compareStrings).map((name) => {
      const s = sums.get(name) as Sum;
      return {
        name,
        workloads: s.workloads,
        requests: { min: r(s.requests.min), max: r(s.requests.max) },
        monthly: { min: moneyToJson(s.monthly.min), max: moneyToJson(s.monthly.max) },
      };
    });
  }
  return out;
}

function mergeInto(sum: Sum, other: Sum): void {
  sum.workloads += other.workloads;
  addInto(sum.requests.min, other.requests.min);
  addInto(sum.requests.max, other.requests.max);
  addInto(sum.limits.min, other.limits.min);
  addInto(sum.limits.max, other.limits.max);
  sum.monthly = {
    min: addCosts(sum.monthly.min, other.monthly.min),
    max: addCosts(sum.monthly.max, other.monthly.max),
  };
}
