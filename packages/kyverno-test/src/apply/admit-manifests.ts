/**
 * Admission before validation for rendered manifests: what the cluster would store. For each object,
 * the mutate rules of every policy (in load order, as Kyverno applies them), then the generate rules on
 * the admitted object; generated objects join the set. Every change is an info finding on the source
 * line of the original object naming the rule and the fields it changed; a mutate rule that errors is
 * an error finding, and that object goes on as rendered (none of its mutations applied: Kyverno's
 * webhook rejects or, with failurePolicy Ignore, skips the request; it never stores half of it). The
 * objects keep their provenance (a generated one: its trigger's, `sourceType: generated`), with
 * `source.admission` naming the rules that mutated or generated them, so validate rules, cost and the
 * report see the admitted form located at the source.
 */
import {
  type Finding,
  finding,
  type K8sObject,
  locationOf,
  type Manifest,
  objectRef,
} from '@neuroscale/core';
import type { CelEvaluationContext } from '../cel/cel-context.js';
import type { CompiledException, ValuesSpec } from '../engine/index.js';
import { admitResource } from '../policies/admit-resource.js';
import { generateForTrigger, generatesResources } from '../policies/generate-for-trigger.js';
import type { LoadedPolicy } from '../policies/load-policies.js';
import { namespaceLabelsOf } from './apply-policies.js';

export interface AdmitManifestsOptions {
  exceptions?: CompiledException[];
  namespaceLabels?: Record<string, Record<string, string>>;
  values?: ValuesSpec;
  ruleTimeoutMs?: number;
  /**
   * The whole rendered tree when `manifests` is one part of it (a CI shard): namespace labels and the
   * objects `clone` rules copy come from all of it, so a shard admits each object as the whole run does.
   */
  treeManifests?: readonly Manifest[];
}

export interface AdmitManifestsResult {
  /** The admitted objects in input order, then the generated ones. */
  manifests: Manifest[];
  findings: Finding[];
  /** Objects whose admitted form differs from the rendered one. */
  mutatedObjects: number;
  /** Objects generate rules added. */
  generatedObjects: number;
  /** Objects admission left as rendered (no mutate rule changed them; none failed). */
  unchangedObjects: number;
  /** Objects a mutate rule could not be applied to: checked as rendered, with an error finding each. */
  failedObjects: number;
  /**
   * Admitted object → the object as the classic mutate rules left it, for the objects that
   * MutatingAdmissionPolicies or MutatingPolicies changed afterwards (classic validate rules see that one).
   */
  classicStage: Map<K8sObject, K8sObject>;
}

const describe = (o: K8sObject) => {
  const r = objectRef(o);
  return `${r.kind ?? '?'} ${r.namespace ? `${r.namespace}/` : ''}${r.name ?? '?'}`;
};

// long: one pass over the objects turning each mutation and generated object into a finding
export function admitManifests(
  manifests: readonly Manifest[],
  policies: readonly LoadedPolicy[],
  options: AdmitManifestsOptions = {},
): AdmitManifestsResult {
  const ctx: CelEvaluationContext = {
    namespaceLabels: { ...namespaceLabelsOf(options.treeManifests ?? manifests), ...options.namespaceLabels },
  };
  if (options.exceptions?.length) ctx.exceptions = options.exceptions;
  if (options.values) ctx.values = options.values;
  if (options.ruleTimeoutMs !== undefined) ctx.ruleTimeoutMs = options.ruleTimeoutMs;
  const generators = policies.filter(generatesResources);
  const out: AdmitManifestsResult = {
    manifests: [],
    findings: [],
    mutatedObjects: 0,
    generatedObjects: 0,
    unchangedObjects: 0,
    failedObjects: 0,
    classicStage: new Map(),
  };
  const generated: Manifest[] = [];
  const sources = (options.treeManifests ?? manifests).map((m) => m.object);
  for (const m of manifests) {
    const object = m.object;
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string') {
      out.manifests.push(m);
      out.unchangedObjects++;
      continue;
    }
    const ref = objectRef(object);
    const app = m.source.apps.at(-1);
    const admission = admitResource(policies, object, ctx);
    const failed = [...admission.mutations.values()].some((mu) =>
      mu.results.some((r) => r.status === 'error'),
    );
    const mutatedBy: string[] = [];
    for (const mutation of admission.mutations.values()) {
      for (const r of mutation.results) {
        if (r.status !== 'error') continue;
        out.findings.push(
          finding({
            ruleId: `policy/${r.policy}/${r.baseRule}`,
            severity: 'error',
            message: `mutate rule ${r.rule} of policy ${r.policy} could not be applied: ${r.message}; none of its mutations are applied: it is checked and priced as rendered`,
            object: ref,
            location: locationOf(m),
            ...(app ? { app } : {}),
            details: { policy: r.policy, rule: r.rule, mutation: true, admissionFailed: true },
          }),
        );
      }
      if (failed) continue;
      for (const change of mutation.changes) {
        mutatedBy.push(`${change.policy}/${change.rule}`);
        const fields = change.paths.map((p) => p || '/').join(', ');
        out.findings.push(
          finding({
            ruleId: `policy/${change.policy}/${change.rule.replace(/^autogen-(cronjob-)?/, '')}`,
            severity: 'info',
            message: `admission: mutate rule ${change.rule} of policy ${change.policy} changed ${fields}`,
            object: ref,
            location: locationOf(m),
            ...(app ? { app } : {}),
            details: { policy: change.policy, rule: change.rule, mutation: true, fields: change.paths },
          }),
        );
      }
    }
    const admitted = failed ? object : admission.admitted;
    if (!failed && admission.afterClassicMutate !== admitted)
      out.classicStage.set(admitted, admission.afterClassicMutate);
    if (failed) out.failedObjects++;
    else if (admitted !== object) out.mutatedObjects++;
    else out.unchangedObjects++;
    out.manifests.push(
      admitted === object
        ? m
        : {
            ...m,
            object: admitted,
            source: { ...m.source, admission: { mutatedBy: [...new Set(mutatedBy)] } },
          },
    );
    for (const lp of generators) {
      const g = generateForTrigger(lp, admitted, ctx, { sources });
      for (const made of g?.generated ?? []) {
        generated.push({
          object: made.object,
          source: {
            ...m.source,
            sourceType: 'generated',
            admission: { generatedBy: { policy: made.policy, rule: made.rule, trigger: ref } },
          },
        });
        out.findings.push(
          finding({
            ruleId: `policy/${lp.policy.name}/${made.rule}`,
            severity: 'info',
            message: `admission: generate rule ${made.rule} of policy ${made.policy} creates ${describe(made.object)} for ${describe(admitted)}${made.synchronize ? ' (synchronized)' : ''}`,
            object: ref,
            location: locationOf(m),
            ...(app ? { app } : {}),
            details: {
              policy: made.policy,
              rule: made.rule,
              generated: objectRef(made.object),
              trigger: ref,
            },
          }),
        );
      }
    }
  }
  out.generatedObjects = generated.length;
  out.manifests.push(...generated);
  return out;
}
