/**
 * The `validate.podSecurity` handler (kyverno `pkg/engine/handlers/validation/validate_pss.go`):
 * extracts the pod template from the resource, evaluates it and words the rule response.
 */

import { type Outcome, outcome } from '../evaluation/outcome.js';
import { isObject } from '../jmespath/json.js';
import type { Scope } from '../rule-scope/scope.js';
import type { CompiledException, ExceptionInternal } from '../types.js';
import { applyExclusions, evaluatePod } from './evaluate-pod.js';
import { type PodSecuritySpec, parseExclusions } from './pod-security-spec.js';
import { field, type Json, type PodView } from './pod-view.js';
import type { FieldError, PssCheckResult } from './types.js';

const TEMPLATE_KINDS = new Set([
  'DaemonSet',
  'Deployment',
  'Job',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
]);

/**
 * `getSpec`: the pod of a Pod, the template of a pod controller. For a CronJob Kyverno takes the
 * metadata of `spec.jobTemplate` (not of the pod template), and so does this.
 */
export function podOf(resource: Json): PodView | undefined {
  const kind = resource.kind;
  const asView = (metadata: unknown, spec: unknown): PodView => ({
    metadata: isObject(metadata) ? metadata : {},
    spec: isObject(spec) ? spec : {},
  });
  if (kind === 'Pod') return asView(resource.metadata, resource.spec);
  if (typeof kind === 'string' && TEMPLATE_KINDS.has(kind))
    return asView(
      field(resource, 'spec', 'template', 'metadata'),
      field(resource, 'spec', 'template', 'spec'),
    );
  if (kind === 'CronJob')
    return asView(
      field(resource, 'spec', 'jobTemplate', 'metadata'),
      field(resource, 'spec', 'jobTemplate', 'spec', 'template', 'spec'),
    );
  return undefined;
}

/** Go's `%+v` of a field error's bad value. */
const goValue = (v: NonNullable<FieldError['badValue']>): string =>
  Array.isArray(v) ? `[${v.join(' ')}]` : String(v);

/** `field.Error.Error()`, or Kyverno's wording for a forbidden value. */
function formatFieldError(e: FieldError): string {
  if (e.type === 'Required') return `${e.field}: Required value`;
  if (e.badValue === undefined || e.badValue === '') return `${e.field}: Forbidden`;
  return `${e.field} is forbidden, forbidden values found: ${goValue(e.badValue)}`;
}

/** `FormatChecksPrint` (kyverno `pkg/pss/evaluate.go`): each failing check with its field errors. */
export function formatChecks(failures: PssCheckResult[]): string {
  return failures
    .map(
      (f) =>
        `(Forbidden reason: ${f.checkResult.forbiddenReason ?? ''}, field error list: [${f.checkResult.errors.map(formatFieldError).join(', ')}])`,
    )
    .join('');
}

/** A PolicyException that matched the request (kyverno `pkg/engine/handlers/validation/validate_pss.go`). */
export interface MatchedException {
  /** `namespace/name`, or `name` (cache.MetaNamespaceKeyFunc). */
  key: string;
  /** The exception's `spec.podSecurity` as written. */
  podSecurity: unknown;
}

export interface ValidatePodSecurityOptions {
  ruleName: string;
  spec: PodSecuritySpec;
  resource: unknown;
  isDelete: boolean;
  exception?: MatchedException;
}

const failMessage = (o: ValidatePodSecurityOptions, failures: PssCheckResult[]): string =>
  `Validation rule '${o.ruleName}' failed. It violates PodSecurity "${o.spec.level}:${o.spec.version}": ${formatChecks(failures)}`;

/**
 * The rule response of a podSecurity rule (undefined on DELETE: no response). An exception without
 * `podSecurity` skips the rule; one with `podSecurity` exempts failing controls, and skips the rule
 * only when none is left.
 */
export function validatePodSecurity(o: ValidatePodSecurityOptions): Outcome | undefined {
  if (o.isDelete) return undefined;
  const skipped = o.exception && outcome('skip', `rule skipped due to policy exception ${o.exception.key}`);
  const exceptionExclusions = Array.isArray(o.exception?.podSecurity) ? o.exception.podSecurity : [];
  if (skipped && exceptionExclusions.length === 0) return skipped;
  const pod = isObject(o.resource) ? podOf(o.resource) : undefined;
  if (!pod) return outcome('error', 'Error while getting new resource: could not find correct resource type');
  const verdict = evaluatePod(o.spec, pod);
  if (verdict.allowed) return outcome('pass', `Validation rule '${o.ruleName}' passed.`);
  if (!skipped) return outcome('fail', failMessage(o, verdict.failures));
  const excludes = parseExclusions(exceptionExclusions);
  if (typeof excludes === 'string')
    return outcome(
      'error',
      `podSecurity: policy exception ${o.exception?.key}: ${excludes} is not supported by this engine`,
    );
  const left = applyExclusions(o.spec, verdict.failures, excludes, pod);
  return left.length === 0 ? skipped : outcome('fail', failMessage(o, left));
}

/** A podSecurity rule whose request matched a PolicyException (the exception may exempt controls only). */
export function podSecurityWithException(scope: Scope, ex: CompiledException): Outcome | undefined {
  const spec = scope.rule.validate.podSecurity;
  if (!spec) return undefined;
  return validatePodSecurity({
    ruleName: scope.rule.name,
    spec,
    resource: scope.target,
    isDelete: scope.isDelete,
    exception: {
      key: ex.namespace ? `${ex.namespace}/${ex.name}` : ex.name,
      podSecurity: (ex.internal as ExceptionInternal).podSecurity,
    },
  });
}
