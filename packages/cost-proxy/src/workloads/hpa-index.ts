/**
 * HorizontalPodAutoscalers (autoscaling/v1, v2, v2beta*) by the workload they scale.
 * An HPA replaces its target's spec.replicas with minReplicas (default 1) .. maxReplicas.
 */
import {
  apiGroup,
  type Finding,
  finding,
  isPlainRecord as isObject,
  locationOf,
  type Manifest,
  objectRef,
} from '@neuroscale/core';
import { readReplicaCount } from './replica-count.js';

export interface HpaBinding {
  min: number;
  max: number;
  /** `<namespace>/<name>` of the HPA. */
  name: string;
  manifest: Manifest;
}

export interface HpaIndex {
  /** Key: `<namespace>/<kind>/<name>` of the target. */
  byTarget: Map<string, HpaBinding>;
  findings: Finding[];
}

export const hpaTargetKey = (namespace: string, kind: string, name: string): string =>
  `${namespace}/${kind}/${name}`;

export function isHpa(m: Manifest): boolean {
  return m.object.kind === 'HorizontalPodAutoscaler' && apiGroup(m.object.apiVersion) === 'autoscaling';
}

export function buildHpaIndex(
  manifests: readonly Manifest[],
  options: { defaultNamespace: string; maxReplicas: number },
): HpaIndex {
  const byTarget = new Map<string, HpaBinding>();
  const findings: Finding[] = [];
  for (const m of manifests) {
    if (!isHpa(m)) continue;
    const spec = m.object.spec;
    const ref = objectRef(m.object);
    const namespace = ref.namespace ?? options.defaultNamespace;
    const app = m.source.apps.at(-1);
    const problem = (message: string, pointer: string) =>
      findings.push(
        finding({
          ruleId: 'cost/invalid-hpa',
          severity: 'warning',
          message: `${message}; the HPA is ignored for cost`,
          object: ref,
          location: locationOf(m, pointer),
          path: pointer,
          ...(app ? { app } : {}),
        }),
      );
    if (!isObject(spec) || !isObject(spec.scaleTargetRef)) {
      problem('HorizontalPodAutoscaler has no spec.scaleTargetRef', '/spec');
      continue;
    }
    const target = spec.scaleTargetRef;
    if (typeof target.kind !== 'string' || typeof target.name !== 'string') {
      problem('scaleTargetRef needs kind and name', '/spec/scaleTargetRef');
      continue;
    }
    const min = readReplicaCount(spec.minReplicas, 'minReplicas', {
      defaultValue: 1,
      maxReplicas: options.maxReplicas,
    });
    if (!min.ok) {
      problem(min.message, '/spec/minReplicas');
      continue;
    }
    if (spec.maxReplicas === undefined || spec.maxReplicas === null) {
      problem('maxReplicas is required', '/spec');
      continue;
    }
    const max = readReplicaCount(spec.maxReplicas, 'maxReplicas', {
      defaultValue: 1,
      maxReplicas: options.maxReplicas,
    });
    if (!max.ok) {
      problem(max.message, '/spec/maxReplicas');
      continue;
    }
    if (max.value < min.value) {
      problem(`maxReplicas (${max.value}) is below minReplicas (${min.value})`, '/spec/maxReplicas');
      continue;
    }
    const key = hpaTargetKey(namespace, target.kind, target.name);
    const existing = byTarget.get(key);
    const name = `${namespace}/${ref.name ?? ''}`;
    if (existing) {
      findings.push(
        finding({
          ruleId: 'cost/ambiguous-hpa',
          severity: 'warning',
          message: `${target.kind} ${target.name} is targeted by more than one HPA (${existing.name}, ${name}); the first is used`,
          object: ref,
          location: locationOf(m, '/spec/scaleTargetRef'),
          path: '/spec/scaleTargetRef',
          ...(app ? { app } : {}),
        }),
      );
      continue;
    }
    byTarget.set(key, { min: min.value, max: max.value, name, manifest: m });
  }
  return { byTarget, findings };
}
