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
import { type CostOptions, DEFAULT_PRICING, type Pricing, resolveCostOptions } from './options.js';
import { effectivePodResources } from './pod/effective-pod-resources.js';
import { buildPriceBook, monthlyCost, ZERO_COST } from './pricing/price-resources.js';
import { addScaledInto, type ResourceList } from './quantity/resource-list.js';
import { buildGroups, buildTotals, type CostedWorkload } from './snapshot/build-totals.js';
import { moneyToJson, resourcesToJson } from './snapshot/json-values.js';
import type { ComponentJson, CostSnapshot, NotCostedJson, WorkloadJson } from './snapshot/snapshot-types.js';
import { attributeWorkload } from './workloads/attribute-workload.js';
import { buildHpaIndex, hpaTargetKey, isHpa } from './workloads/hpa-index.js';
import { planWorkload } from './workloads/plan-workload.js';

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
  const usedHpaTargets = new Set<string>();

  const workloads: WorkloadJson[] = [];
  const costed: CostedWorkload[] = [];
  const notCosted: NotCostedJson[] = [];
  const seen = new Set<string>();

  for (const m of manifests) {
    const obj = m.object;
    const ref = objectRef(obj);
    const kind = ref.kind ?? '';
    const group = apiGroup(obj.apiVersion);
    const namespace = ref.namespace ?? resolved.defaultNamespace;
    const name = ref.name ?? '';
    const appName = m.source.apps.at(-1) ?? '';
    const key = workloadKey(appName, group, kind, namespace, name);
    const location = locationOf(m);
    const appField = appName ? { app: appName } : {};
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
      continue;
    }
    if (isHpa(m)) continue;
    const plan = planWorkload(m, { options: resolved, hpas, namespace });
    if (plan.type === 'skip') continue;
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
      continue;
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
      continue;
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
      continue;
    }
    seen.add(key);

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
