/**
 * Whether `kyverno test` keeps the empty engine response of a ValidatingPolicy or MutatingPolicy that
 * did not match a resource. The CLI processor drops it only when the policy's `matchConstraints` are a
 * single plain resource rule (kyverno v1.19.1 cmd/cli/kubectl-kyverno/processor/policy_processor.go,
 * `hasSelector`, whose name reads backwards: it is true when there is NO selector). Any namespace or
 * object selector, exclude rule, resource name or second resource rule keeps the empty response, and
 * commands/test/output.go reports a kept response without rule responses as "Excluded", a pass.
 */
import { isPlainRecord as isObject } from '@neuroscale/core';

function hasSelectorTerms(selector: unknown): boolean {
  if (!isObject(selector)) return false;
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  return (
    (isObject(labels) && Object.keys(labels).length > 0) ||
    (Array.isArray(expressions) && expressions.length > 0)
  );
}

/** True when the CLI keeps an unmatched CEL policy's empty response (the row is then "Excluded"). */
export function keepsUnmatchedResponse(policyObject: unknown): boolean {
  const spec = isObject(policyObject) ? policyObject.spec : undefined;
  const match = isObject(spec) ? spec.matchConstraints : undefined;
  // no constraints at all: hasSelector(nil) is false, the response is kept
  if (!isObject(match)) return true;
  if (hasSelectorTerms(match.namespaceSelector) || hasSelectorTerms(match.objectSelector)) return true;
  if (Array.isArray(match.excludeResourceRules) && match.excludeResourceRules.length > 0) return true;
  const rules = Array.isArray(match.resourceRules) ? match.resourceRules : [];
  if (rules.length !== 1) return true;
  const rule = rules[0];
  const names = isObject(rule) ? rule.resourceNames : undefined;
  return Array.isArray(names) && names.length > 0;
}
