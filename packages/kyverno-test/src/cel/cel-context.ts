/** What CEL evaluation needs beyond the classic engine's EvaluationContext. */
import type { K8sObject } from '@neuroscale/core';
import type { EvaluationContext } from '../engine/index.js';
import { assignOwn, setOwn } from '../engine/jmespath/json.js';
import type { CelContextData } from './libraries/kyverno-context.js';
import { contextActivation } from './libraries/kyverno-context.js';
import { JsonLibrary, YamlLibrary } from './libraries/kyverno-pure.js';

export interface CelEvaluationContext extends EvaluationContext {
  /** The Test's `context:` file (resource.Get/List and image.GetMetadata mocks). */
  celContext?: CelContextData;
  /** Namespace objects by name (`namespaceObject`); default: `values.namespaces`. */
  namespaces?: Record<string, K8sObject>;
  /** The resource is a Test's JSON payload (only ValidatingPolicies evaluate it, without matching). */
  jsonPayload?: boolean;
  /** `params` of a ValidatingAdmissionPolicy (its binding's paramRef), null when none. */
  admissionParams?: unknown;
  /**
   * Which resources a namespaced CEL policy (NamespacedValidatingPolicy, and the gates of the other
   * Namespaced* kinds) is evaluated on. `own-namespace` (default): only those of its namespace, as the
   * admission webhook selects them (kyverno v1.19.1 pkg/webhooks/resource/vpol/handler.go:
   * `vpolengine.NamespacedPolicy(admissionRequest.Namespace)`); `policy apply` and the pipeline model
   * that admission. `any-namespace`: every resource, as `kyverno test` evaluates them (kyverno v1.19.1
   * cmd/cli/kubectl-kyverno/processor/policy_processor.go calls every CEL engine's `Handle` with a nil
   * predicate, so no namespace filter applies).
   */
  namespacedPolicyScope?: 'own-namespace' | 'any-namespace';
}

const memo = new WeakMap<object, Record<string, unknown>>();
const NO_CONTEXT = {};

/** Activation entries of the Kyverno library variables for one context file (memoised). */
export function libraryActivation(data: CelContextData | undefined): Record<string, unknown> {
  const key = data ?? NO_CONTEXT;
  let hit = memo.get(key);
  if (!hit) {
    hit = { ...contextActivation(data), json: new JsonLibrary(), yaml: new YamlLibrary() };
    memo.set(key, hit);
  }
  return hit;
}

/** The Namespace object of `name` from the context (explicit namespaces, then values.namespaces). */
export function namespaceObjectOf(ctx: CelEvaluationContext, name: string): K8sObject | undefined {
  if (!name) return undefined;
  const explicit = ctx.namespaces?.[name];
  if (explicit) return explicit;
  return ctx.values?.namespaces?.find((n) => n?.metadata?.name === name);
}

/**
 * `namespaceObject` of a ValidatingPolicy: namespaceObjectOf, else a Namespace carrying the labels the
 * values' namespaceSelector gives that namespace, as kyverno's CLI processor builds it from its
 * NamespaceSelectorMap (cmd/cli/kubectl-kyverno/processor: `corev1.Namespace{Name, Labels}`).
 */
export function policyNamespaceObjectOf(ctx: CelEvaluationContext, name: string): K8sObject | undefined {
  const object = namespaceObjectOf(ctx, name);
  if (object || !name) return object;
  const selected = ctx.values?.namespaceSelector?.find((n) => n?.name === name);
  if (!selected) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...(selected.labels ?? {}) } },
  } as K8sObject;
}

const labelsMemo = new WeakMap<CelEvaluationContext, Map<string, Readonly<Record<string, string>>>>();

/**
 * Labels of namespace `name`: explicit labels, the namespace object, values.namespaceSelector. Built once
 * per (context, namespace): every resource of a namespace asks for the same labels.
 */
export function namespaceLabelsOf(ctx: CelEvaluationContext, name: string): Readonly<Record<string, string>> {
  let byName = labelsMemo.get(ctx);
  if (!byName) {
    byName = new Map();
    labelsMemo.set(ctx, byName);
  }
  let hit = byName.get(name);
  if (!hit) {
    hit = buildNamespaceLabels(ctx, name);
    byName.set(name, hit);
  }
  return hit;
}

function buildNamespaceLabels(ctx: CelEvaluationContext, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const fromSelector = ctx.values?.namespaceSelector?.find((n) => n.name === name)?.labels;
  assignOwn(out, fromSelector ?? {});
  const obj = namespaceObjectOf(ctx, name);
  for (const [k, v] of Object.entries(obj?.metadata?.labels ?? {}))
    if (typeof v === 'string') setOwn(out, k, v);
  assignOwn(out, ctx.namespaceLabels?.[name] ?? {});
  if (name) out['kubernetes.io/metadata.name'] ??= name;
  return out;
}
