/**
 * Kind → pods: which pod template(s) a manifest runs and how many replicas of each.
 * Returns a plan (no arithmetic on resources here); problems are returned as data.
 */
import { apiGroup, isPlainRecord as isObject, type Manifest } from '@neuroscale/core';
import type { ResolvedCostOptions } from '../options.js';
import { type PodInput, podInputFromSpec, type QuantityProblem } from '../pod/effective-pod-resources.js';
import type { ReplicasFrom, WorkloadCategory } from '../snapshot/snapshot-types.js';
import { type HpaIndex, hpaTargetKey } from './hpa-index.js';
import { planInferenceService } from './kserve-components.js';
import { NON_COMPUTE_KINDS } from './non-compute-kinds.js';
import { readReplicaCount } from './replica-count.js';

export interface PlannedComponent {
  name: string;
  pod: PodInput;
  replicas: { min: number; max: number };
  replicasFrom: ReplicasFrom;
}

export type WorkloadPlan =
  | {
      type: 'workload';
      category: WorkloadCategory;
      components: PlannedComponent[];
      notes: string[];
      problems: QuantityProblem[];
      /** The HPA that set the replica range, when one did. */
      hpa?: string;
    }
  | { type: 'skip' }
  | { type: 'not-costed'; reason: string; replicaProblems?: { pointer: string; message: string }[] };

const REPLICATED: Record<string, true> = {
  'apps/Deployment': true,
  'apps/StatefulSet': true,
  'apps/ReplicaSet': true,
  '/ReplicationController': true,
  'argoproj.io/Rollout': true,
};

interface PlanContext {
  options: ResolvedCostOptions;
  hpas: HpaIndex;
  namespace: string;
}

// long: a dispatch on the workload kind; each branch reads that kind's replicas and pod template
export function planWorkload(m: Manifest, ctx: PlanContext): WorkloadPlan {
  const obj = m.object;
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const group = apiGroup(obj.apiVersion);
  const gk = `${group}/${kind}`;
  const spec = obj.spec;
  const { maxReplicas } = ctx.options;

  if (NON_COMPUTE_KINDS.has(gk)) return { type: 'skip' };

  if (REPLICATED[gk] || (kind === 'Deployment' && group === 'extensions')) {
    if (!isObject(spec)) return { type: 'not-costed', reason: `${kind} has no spec` };
    if (gk === 'argoproj.io/Rollout' && spec.workloadRef !== undefined) {
      return {
        type: 'not-costed',
        reason: 'Rollout uses workloadRef; its pods are costed through the referenced workload',
      };
    }
    const template = isObject(spec.template) ? spec.template : undefined;
    const built = podInputFromSpec(template?.spec, '/spec/template/spec');
    const hpa = ctx.hpas.byTarget.get(
      hpaTargetKey(ctx.namespace, kind, typeof obj.metadata?.name === 'string' ? obj.metadata.name : ''),
    );
    const notes: string[] = [];
    let replicas: { min: number; max: number };
    let replicasFrom: ReplicasFrom;
    const r = readReplicaCount(spec.replicas, 'spec.replicas', { defaultValue: 1, maxReplicas });
    if (hpa) {
      replicas = { min: hpa.min, max: hpa.max };
      replicasFrom = 'hpa';
      notes.push(`replicas ${hpa.min}..${hpa.max} from HorizontalPodAutoscaler ${hpa.name}`);
      if (r.ok && !r.defaulted) notes.push(`spec.replicas (${r.value}) is overridden by the HPA`);
    } else {
      if (!r.ok)
        return {
          type: 'not-costed',
          reason: r.message,
          replicaProblems: [{ pointer: '/spec/replicas', message: r.message }],
        };
      replicas = { min: r.value, max: r.value };
      replicasFrom = r.defaulted ? 'default' : 'spec';
      if (r.defaulted) notes.push('spec.replicas is unset; Kubernetes defaults it to 1');
    }
    return {
      type: 'workload',
      category: 'continuous',
      components: [{ name: 'pod', pod: built.pod, replicas, replicasFrom }],
      notes,
      problems: built.problems,
      ...(hpa ? { hpa: hpa.name } : {}),
    };
  }

  if (gk === 'apps/DaemonSet') {
    if (!isObject(spec)) return { type: 'not-costed', reason: 'DaemonSet has no spec' };
    const template = isObject(spec.template) ? spec.template : undefined;
    const built = podInputFromSpec(template?.spec, '/spec/template/spec');
    const nodes = ctx.options.daemonSetNodes;
    return {
      type: 'workload',
      category: 'daemonset',
      components: [
        { name: 'pod', pod: built.pod, replicas: { min: nodes, max: nodes }, replicasFrom: 'nodes' },
      ],
      notes: [`one pod per node × ${nodes} node${nodes === 1 ? '' : 's'} (daemonSetNodes)`],
      problems: built.problems,
    };
  }

  if (gk === 'batch/Job' || gk === 'batch/CronJob') {
    if (!isObject(spec)) return { type: 'not-costed', reason: `${kind} has no spec` };
    const jobSpec = kind === 'Job' ? spec : isObject(spec.jobTemplate) ? spec.jobTemplate.spec : undefined;
    const base = kind === 'Job' ? '/spec' : '/spec/jobTemplate/spec';
    if (!isObject(jobSpec)) return { type: 'not-costed', reason: 'CronJob has no spec.jobTemplate.spec' };
    const template = isObject(jobSpec.template) ? jobSpec.template : undefined;
    const built = podInputFromSpec(template?.spec, `${base}/template/spec`);
    const p = readReplicaCount(jobSpec.parallelism, 'parallelism', { defaultValue: 1, maxReplicas });
    if (!p.ok)
      return {
        type: 'not-costed',
        reason: p.message,
        replicaProblems: [{ pointer: `${base}/parallelism`, message: p.message }],
      };
    let peak = p.value;
    const c = readReplicaCount(jobSpec.completions, 'completions', {
      defaultValue: -1,
      maxReplicas: Number.MAX_SAFE_INTEGER,
    });
    if (c.ok && !c.defaulted && c.value < peak) peak = c.value;
    const notes = [
      `transient: peak of ${peak} concurrent pod${peak === 1 ? '' : 's'} (parallelism${c.ok && !c.defaulted ? ', completions' : ''}), no monthly cost`,
    ];
    if (spec.suspend === true) notes.push(`${kind} is suspended`);
    return {
      type: 'workload',
      category: 'transient',
      components: [
        { name: 'pod', pod: built.pod, replicas: { min: peak, max: peak }, replicasFrom: 'parallelism' },
      ],
      notes,
      problems: built.problems,
    };
  }

  if (gk === '/Pod') {
    const built = podInputFromSpec(spec, '/spec');
    return {
      type: 'workload',
      category: 'continuous',
      components: [{ name: 'pod', pod: built.pod, replicas: { min: 1, max: 1 }, replicasFrom: 'single' }],
      notes: [],
      problems: built.problems,
    };
  }

  if (gk === 'serving.kserve.io/InferenceService') {
    const plan = planInferenceService(spec, { kserveDefaults: ctx.options.kserveDefaults, maxReplicas });
    if (plan.replicaProblems.length > 0) {
      return {
        type: 'not-costed',
        reason: plan.replicaProblems.map((p) => p.message).join('; '),
        replicaProblems: plan.replicaProblems,
      };
    }
    return {
      type: 'workload',
      category: 'continuous',
      components: plan.components.map((c) => ({
        name: c.name,
        pod: c.pod,
        replicas: c.replicas,
        replicasFrom: 'kserve',
      })),
      notes: plan.components.flatMap((c) => c.notes),
      problems: plan.problems,
    };
  }

  if (!kind) return { type: 'not-costed', reason: 'object has no kind' };
  return {
    type: 'not-costed',
    reason: group
      ? `${kind}.${group} is not a workload kind the cost proxy knows how to price`
      : `${kind} is not a workload kind the cost proxy knows how to price`,
  };
}
