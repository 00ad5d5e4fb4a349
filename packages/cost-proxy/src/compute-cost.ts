/**
 * computeCost: rendered manifests → CostSnapshot (per-workload effective requests, replica ranges,
 * monthly price at min and max replicas, attribution, totals, groups, not-costed list, findings).
 */
import {
  apiGroup,
  compareStrings as cmp,
  type Finding,
  finding,
  locationOf,
  type Manifest,
  objectRef,
  sortFindings,
} from '@neuroscale/core';
import {
  type CostOptions,
  DEFAULT_PRICING,
  type Pricing,
  type ResolvedCostOptions,
  resolveCostOptions,
} from './options.js';
import { effectivePodResources, type PodResources } from './pod/effective-pod-resources.js';
import { buildPriceBook, monthlyCost, type PriceBook, ZERO_COST } from './pricing/price-resources.js';
import { addScaledInto, type ResourceList } from './quantity/resource-list.js';
import { buildGroups, buildTotals, type CostedWorkload } from './snapshot/build-totals.js';
import { moneyToJson, resourcesToJson } from './snapshot/json-values.js';
import type { ComponentJson, CostSnapshot, NotCostedJson, WorkloadJson } from './snapshot/snapshot-types.js';
import { attributeWorkload } from './workloads/attribute-workload.js';
import { buildHpaIndex, type HpaIndex, hpaTargetKey, isHpa } from './workloads/hpa-index.js';
import { type PlannedComponent, planWorkload, type WorkloadPlan } from './workloads/plan-workload.js';

/** `<app>/<group>/<kind>/<namespace>/<name>` */
export function workloadKey(
  app: string,
  group: string,
  kind: string,
  namespace: string,
  name: string,
): string {
  return `${app}/${group}/${kind}/${namespace}/${name}`;
}

function checkedPricing(pricing: Pricing, findings: Finding[]): Pricing {
  const { invalid } = buildPriceBook(pricing);
  if (invalid.length === 0) return pricing;
  const fixed: Pricing = { ...pricing, extendedHour: { ...pricing.extendedHour } };
  for (const key of invalid) {
    findings.push(
      finding({
        ruleId: 'cost/invalid-pricing',
        message: `price ${key} is not a non-negative decimal number; ${key.startsWith('extendedHour.') ? 'that resource is not priced' : 'the OpenCost default is used'}`,
        details: { key },
      }),
    );
    if (key.startsWith('extendedHour.')) delete fixed.extendedHour[key.slice('extendedHour.'.length)];
    else
      (fixed as unknown as Record<string, unknown>)[key] = (
        DEFAULT_PRICING as unknown as Record<string, unknown>
      )[key];
  }
  return fixed;
}

export function computeCost(manifests: readonly Manifest[], options: CostOptions = {}): CostSnapshot {
  const resolved = resolveCostOptions(options);
  const findings: Finding[] = [];
  const pricing = checkedPricing(resolved.pricing, findings);
  const { book } = buildPriceBook(pricing);
  const gpuResources = [...pricing.gpuResources];
  const hpas = buildHpaIndex(manifests, resolved);
  findings.push(...hpas.findings);
  const run: CostRun = {
    resolved,
    book,
    gpuResources,
    hpas,
    usedHpaTargets: new Set<string>(),
    findings,
    seen: new Set<string>(),
    workloads: [],
    costed: [],
    notCosted: [],
  };
  for (const m of manifests) costManifest(m, run);
  findings.push(...hpaTargetMissingFindings(hpas, run.usedHpaTargets));
  return assembleSnapshot(run, pricing);
}

/** What computeCost accumulates while it walks the manifests. */
interface CostRun {
  resolved: ResolvedCostOptions;
  book: PriceBook;
  gpuResources: string[];
  hpas: HpaIndex;
  usedHpaTargets: Set<string>;
  findings: Finding[];
  /** Workload keys already costed (a duplicate is reported, not costed twice). */
  seen: Set<string>;
  workloads: WorkloadJson[];
  costed: CostedWorkload[];
  notCosted: NotCostedJson[];
}

/** A manifest's names: the workload key, its findings' object and app, its not-costed entry. */
interface WorkloadIdentity {
  obj: Manifest['object'];
  ref: ReturnType<typeof objectRef>;
  kind: string;
  group: string;
  namespace: string;
  name: string;
  appName: string;
  key: string;
  location: ReturnType<typeof locationOf>;
  appField: { app?: string };
}

/** Who a manifest is, as the workload entry, its findings and its not-costed entry name it. */
function workloadIdentity(m: Manifest, defaultNamespace: string): WorkloadIdentity {
  const obj = m.object;
  const ref = objectRef(obj);
  const kind = ref.kind ?? '';
  const group = apiGroup(obj.apiVersion);
  const namespace = ref.namespace ?? defaultNamespace;
  const name = ref.name ?? '';
  const appName = m.source.apps.at(-1) ?? '';
  const key = workloadKey(appName, group, kind, namespace, name);
  const location = locationOf(m);
  const appField = appName ? { app: appName } : {};
  return { obj, ref, kind, group, namespace, name, appName, key, location, appField };
}

/** Plans one manifest: skipped, not costed (with the findings that say why), or costed by priceWorkload. */
function costManifest(m: Manifest, run: CostRun): void {
  const { resolved, hpas, usedHpaTargets, findings, seen, notCosted } = run;
  const identity = workloadIdentity(m, resolved.defaultNamespace);
  const { obj, ref, kind, namespace, name, appName, key, location, appField } = identity;
  const notCostedEntry = (reason: string): NotCostedJson => ({
    key,
    app: appName,
    apiVersion: obj.apiVersion ?? '',
    kind,
    namespace,
    name,
    reason,
    location,
  });

  if ((m.source as { syncRole?: string }).syncRole === 'never-applied') {
    notCosted.push(notCostedEntry('rendered but never applied by Argo CD (e.g. a helm test hook)'));
    return;
  }
  if (isHpa(m)) return;
  const plan = planWorkload(m, { options: resolved, hpas, namespace });
  if (plan.type === 'skip') return;
  if (plan.type === 'not-costed') {
    for (const p of plan.replicaProblems ?? []) {
      findings.push(
        finding({
          ruleId: 'cost/invalid-replicas',
          message: `${p.message}; ${kind} ${namespace}/${name} is not costed`,
          object: ref,
          location: locationOf(m, p.pointer),
          path: p.pointer,
          ...appField,
        }),
      );
    }
    notCosted.push(notCostedEntry(plan.reason));
    return;
  }
  if (plan.hpa) usedHpaTargets.add(hpaTargetKey(namespace, kind, name));

  const pods = plan.components.map((c) => ({ c, r: effectivePodResources(c.pod) }));
  const problems = [...plan.problems, ...pods.flatMap((p) => p.r.problems)];
  if (problems.length > 0) {
    for (const p of problems) {
      findings.push(
        finding({
          ruleId: p.kind === 'quantity' ? 'cost/invalid-quantity' : 'cost/invalid-pod-spec',
          message: `${p.message}; ${kind} ${namespace}/${name} is not costed`,
          object: ref,
          location: locationOf(m, p.pointer),
          path: p.pointer,
          ...appField,
        }),
      );
    }
    const first = problems[0];
    notCosted.push(notCostedEntry(first ? first.message : 'invalid pod spec'));
    return;
  }
  if (seen.has(key)) {
    findings.push(
      finding({
        ruleId: 'cost/duplicate-workload',
        severity: 'warning',
        message: `${kind} ${namespace}/${name} appears more than once in application "${appName}"; only the first is costed`,
        object: ref,
        location,
        ...appField,
      }),
    );
    return;
  }
  seen.add(key);

  priceWorkload(m, plan, pods, identity, run);
}

/** Sums a costed workload's requests and limits over its replica range and prices them. */
function priceWorkload(
  m: Manifest,
  plan: Extract<WorkloadPlan, { type: 'workload' }>,
  pods: { c: PlannedComponent; r: PodResources }[],
  identity: WorkloadIdentity,
  run: CostRun,
): void {
  const { obj, kind, group, namespace, name, appName, key, location } = identity;
  const { book, gpuResources, findings, workloads, costed } = run;
  findings.push(...missingRequestFindings(plan, pods, identity));

  const fixed = plan.components.every((c) => c.replicas.min === c.replicas.max);
  const reqMin: ResourceList = {};
  const limMin: ResourceList = {};
  const reqMax: ResourceList = fixed ? reqMin : {};
  const limMax: ResourceList = fixed ? limMin : {};
  const components: ComponentJson[] = [];
  for (const { c, r } of pods) {
    addScaledInto(reqMin, r.requests, c.replicas.min);
    addScaledInto(limMin, r.limits, c.replicas.min);
    if (!fixed) {
      addScaledInto(reqMax, r.requests, c.replicas.max);
      addScaledInto(limMax, r.limits, c.replicas.max);
    }
    components.push({
      name: c.name,
      perPod: {
        requests: resourcesToJson(r.requests, gpuResources),
        limits: resourcesToJson(r.limits, gpuResources),
      },
      replicas: c.replicas,
      replicasFrom: c.replicasFrom,
    });
  }
  const transient = plan.category === 'transient';
  const costMin = transient ? ZERO_COST : monthlyCost(reqMin, book);
  const costMax = transient || fixed ? costMin : monthlyCost(reqMax, book);
  const attribution = attributeWorkload(m, namespace);
  const replicas = {
    min: plan.components.reduce((s, c) => s + c.replicas.min, 0),
    max: plan.components.reduce((s, c) => s + c.replicas.max, 0),
  };
  workloads.push({
    key,
    app: appName,
    group,
    apiVersion: obj.apiVersion ?? '',
    kind,
    namespace,
    name,
    category: plan.category,
    attribution,
    components,
    replicas,
    requests: { min: resourcesToJson(reqMin, gpuResources), max: resourcesToJson(reqMax, gpuResources) },
    limits: { min: resourcesToJson(limMin, gpuResources), max: resourcesToJson(limMax, gpuResources) },
    monthly: { min: moneyToJson(costMin), max: moneyToJson(costMax) },
    location,
    notes: plan.notes,
  });
  costed.push({
    category: plan.category,
    attribution,
    requests: { min: reqMin, max: reqMax },
    limits: { min: limMin, max: limMax },
    monthly: { min: costMin, max: costMax },
  });
}

/** Containers that request no cpu or no memory and set no limit (counted as 0). */
function missingRequestFindings(
  plan: Extract<WorkloadPlan, { type: 'workload' }>,
  pods: { c: PlannedComponent; r: PodResources }[],
  { ref, kind, namespace, name, location, appField }: WorkloadIdentity,
): Finding[] {
  const findings: Finding[] = [];
  const missing = pods.flatMap((p) =>
    p.r.missingRequests.map((n) => (plan.components.length > 1 ? `${p.c.name}/${n}` : n)),
  );
  if (missing.length > 0) {
    findings.push(
      finding({
        ruleId: 'cost/missing-request',
        severity: 'warning',
        message: `container(s) ${missing.join(', ')} of ${kind} ${namespace}/${name} request no cpu or no memory and set no limit; they are counted as 0 (a LimitRange may add defaults)`,
        object: ref,
        location,
        ...appField,
        details: { containers: missing },
      }),
    );
  }
  return findings;
}

/** An HPA whose scale target is not a costed workload in this render. */
function hpaTargetMissingFindings(hpas: HpaIndex, usedHpaTargets: Set<string>): Finding[] {
  const findings: Finding[] = [];
  for (const [target, hpa] of hpas.byTarget) {
    if (usedHpaTargets.has(target)) continue;
    const app = hpa.manifest.source.apps.at(-1);
    findings.push(
      finding({
        ruleId: 'cost/hpa-target-missing',
        severity: 'warning',
        message: `HorizontalPodAutoscaler ${hpa.name} targets ${target.split('/').slice(1).join(' ')}, which is not a costed workload in this render`,
        object: objectRef(hpa.manifest.object),
        location: locationOf(hpa.manifest, '/spec/scaleTargetRef'),
        path: '/spec/scaleTargetRef',
        ...(app ? { app } : {}),
      }),
    );
  }
  return findings;
}

function assembleSnapshot(run: CostRun, pricing: Pricing): CostSnapshot {
  const { resolved, gpuResources, findings, workloads, costed, notCosted } = run;
  // sort workloads (and their exact twins) by key
  const order = workloads
    .map((_, i) => i)
    .sort((a, b) => cmp(workloads[a]?.key ?? '', workloads[b]?.key ?? ''));
  const sortedWorkloads = order.map((i) => workloads[i] as WorkloadJson);
  const sortedCosted = order.map((i) => costed[i] as CostedWorkload);
  notCosted.sort((a, b) => cmp(a.key, b.key) || cmp(a.location.file, b.location.file));

  return {
    schemaVersion: 1,
    pricing: { ...pricing, gpuResources, extendedHour: { ...pricing.extendedHour } },
    daemonSetNodes: resolved.daemonSetNodes,
    workloads: sortedWorkloads,
    notCosted,
    totals: buildTotals(sortedCosted, notCosted.length, {
      gpuResources,
      daemonSetNodes: resolved.daemonSetNodes,
    }),
    groups: buildGroups(
      sortedCosted,
      ['costCenter', 'owner', 'team', 'env', 'namespace', 'app'],
      gpuResources,
    ),
    findings: sortFindings(findings),
  };
}
