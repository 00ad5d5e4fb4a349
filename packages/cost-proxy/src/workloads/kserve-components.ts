/**
 * KServe InferenceService (serving.kserve.io/v1beta1) → one pod per component.
 *
 * Each of predictor / transformer / explainer inlines a PodSpec (containers, initContainers…) plus
 * ComponentExtensionSpec (minReplicas default 1, 0 = scale to zero; maxReplicas). The predictor's
 * serving container comes from `model` or a framework shortcut (sklearn, pytorch…); transformer and
 * explainer use `containers`. KServe's mutating webhook fills the main container's missing cpu/memory
 * requests and limits from `inferenceservice-config` (see opencost-default-prices.ts for the source).
 */
import { isPlainRecord as isObject } from '@neuroscale/core';
import type { KServeDefaults } from '../options.js';
import type { ContainerInput, PodInput, QuantityProblem } from '../pod/effective-pod-resources.js';
import { readReplicaCount } from './replica-count.js';

export const KSERVE_COMPONENTS = ['predictor', 'transformer', 'explainer'] as const;

/** Implementation blocks that become the component's `kserve-container`. */
export const KSERVE_MODEL_BLOCKS = [
  'model',
  'sklearn',
  'xgboost',
  'tensorflow',
  'pytorch',
  'triton',
  'onnx',
  'huggingface',
  'pmml',
  'lightgbm',
  'paddle',
  'alibi',
  'art',
] as const;

export interface KServeComponentPlan {
  name: string;
  pod: PodInput;
  replicas: { min: number; max: number };
  notes: string[];
}

export interface KServePlan {
  components: KServeComponentPlan[];
  problems: QuantityProblem[];
  /** Replica problems: the whole object is not costed. */
  replicaProblems: { pointer: string; message: string }[];
}

function defaultsOf(d: Required<KServeDefaults>): ContainerInput['defaults'] {
  return {
    requests: { cpu: d.cpuRequest, memory: d.memoryRequest },
    limits: { cpu: d.cpuLimit, memory: d.memoryLimit },
  };
}

// long: one loop over KServe's components (predictor, transformer, explainer), each field defaulted as KServe does
export function planInferenceService(
  spec: unknown,
  options: { kserveDefaults: Required<KServeDefaults>; maxReplicas: number },
): KServePlan {
  const plan: KServePlan = { components: [], problems: [], replicaProblems: [] };
  if (!isObject(spec) || !isObject(spec.predictor)) {
    plan.problems.push({
      pointer: '/spec',
      message: 'InferenceService has no spec.predictor',
      kind: 'structure',
    });
    return plan;
  }
  const defaults = defaultsOf(options.kserveDefaults);
  for (const name of KSERVE_COMPONENTS) {
    const comp = spec[name];
    if (comp === undefined || comp === null) continue;
    const base = `/spec/${name}`;
    if (!isObject(comp)) {
      plan.problems.push({ pointer: base, message: `spec.${name} must be a map`, kind: 'structure' });
      continue;
    }
    const notes: string[] = [];
    const containers: ContainerInput[] = [];
    const block = KSERVE_MODEL_BLOCKS.find((k) => isObject(comp[k]));
    const listed = comp.containers;
    if (listed !== undefined && listed !== null && !Array.isArray(listed)) {
      plan.problems.push({
        pointer: `${base}/containers`,
        message: 'containers must be a list',
        kind: 'structure',
      });
    }
    const list = Array.isArray(listed) ? listed : [];
    // a `kserve-container` entry next to a model block customises that same container (KServe merges them)
    const mergedIndex = block ? list.findIndex((c) => isObject(c) && c.name === 'kserve-container') : -1;
    if (block) {
      const b = comp[block] as Record<string, unknown>;
      const merged = mergedIndex >= 0 ? (list[mergedIndex] as Record<string, unknown>) : undefined;
      const useMerged = b.resources === undefined && merged?.resources !== undefined;
      containers.push({
        name: 'kserve-container',
        resources: useMerged ? merged?.resources : b.resources,
        pointer: useMerged ? `${base}/containers/${mergedIndex}` : `${base}/${block}`,
        defaults,
      });
    }
    list.forEach((c, i) => {
      if (i === mergedIndex) return;
      const obj = isObject(c) ? c : {};
      const input: ContainerInput = {
        name: typeof obj.name === 'string' ? obj.name : `#${i}`,
        resources: obj.resources,
        pointer: `${base}/containers/${i}`,
      };
      // without a model block the first container is the serving container and gets the defaults
      if (!block && i === 0) input.defaults = defaults;
      containers.push(input);
    });
    if (containers.length === 0) {
      plan.problems.push({
        pointer: base,
        message: `spec.${name} has neither a model/framework block nor containers`,
        kind: 'structure',
      });
      continue;
    }
    const init = Array.isArray(comp.initContainers) ? comp.initContainers : [];
    const initContainers: ContainerInput[] = init.map((c, i) => {
      const obj = isObject(c) ? c : {};
      return {
        name: typeof obj.name === 'string' ? obj.name : `#${i}`,
        resources: obj.resources,
        restartPolicy: obj.restartPolicy,
        pointer: `${base}/initContainers/${i}`,
      };
    });
    const pod: PodInput = { containers, initContainers };
    if (comp.overhead !== undefined) pod.overhead = { value: comp.overhead, pointer: `${base}/overhead` };

    const min = readReplicaCount(comp.minReplicas, 'minReplicas', {
      defaultValue: 1,
      maxReplicas: options.maxReplicas,
    });
    const max = readReplicaCount(comp.maxReplicas, 'maxReplicas', {
      defaultValue: 0,
      maxReplicas: options.maxReplicas,
    });
    if (!min.ok) plan.replicaProblems.push({ pointer: `${base}/minReplicas`, message: min.message });
    if (!max.ok) plan.replicaProblems.push({ pointer: `${base}/maxReplicas`, message: max.message });
    if (!min.ok || !max.ok) continue;
    if (max.value !== 0 && max.value < min.value) {
      plan.replicaProblems.push({
        pointer: `${base}/maxReplicas`,
        message: `maxReplicas (${max.value}) is below minReplicas (${min.value})`,
      });
      continue;
    }
    if (min.value === 0) notes.push(`${name} scales to zero (minReplicas: 0)`);
    let maxReplicas = max.value;
    if (maxReplicas === 0) {
      maxReplicas = Math.max(min.value, 1);
      notes.push(`${name} has no maxReplicas; the ceiling is taken as ${maxReplicas}`);
    }
    plan.components.push({ name, pod, replicas: { min: min.value, max: maxReplicas }, notes });
  }
  return plan;
}
