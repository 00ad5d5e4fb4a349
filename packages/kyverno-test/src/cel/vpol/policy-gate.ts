/**
 * MutatingPolicy and GeneratingPolicy share their admission front with ValidatingPolicy: matchConstraints,
 * matchConditions and variables (kyverno pkg/cel/policies/{mpol,gpol}/compiler reuse the vpol matching). The
 * gate is that front compiled as a ValidatingPolicy with one always-true validation and no autogen, so
 * matching, conditions, variables and exceptions behave exactly as they do for ValidatingPolicy.
 */
import { isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';

/** Whether the document is a `policies.kyverno.io` policy of one of these kinds. */
export function isKyvernoCelPolicyDocument(obj: unknown, kinds: readonly string[]): boolean {
  return (
    isObj(obj) &&
    typeof obj.apiVersion === 'string' &&
    obj.apiVersion.startsWith('policies.kyverno.io/') &&
    typeof obj.kind === 'string' &&
    kinds.includes(obj.kind)
  );
}

/** The gate document of a MutatingPolicy or GeneratingPolicy (namespaced kinds gate as namespaced). */
export function policyGateDocument(
  obj: K8sObject,
  options: { namespaced: boolean; failurePolicy?: unknown },
): K8sObject {
  const spec = isObj(obj.spec) ? obj.spec : {};
  return {
    ...obj,
    kind: options.namespaced ? 'NamespacedValidatingPolicy' : 'ValidatingPolicy',
    apiVersion: 'policies.kyverno.io/v1',
    spec: {
      matchConstraints: spec.matchConstraints,
      matchConditions: spec.matchConditions,
      variables: spec.variables,
      ...(options.failurePolicy !== undefined ? { failurePolicy: options.failurePolicy } : {}),
      validations: [{ expression: 'true' }],
      autogen: { podControllers: { controllers: [] } },
    },
  } as K8sObject;
}
