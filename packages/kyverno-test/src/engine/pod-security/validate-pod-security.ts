/**
 * The `validate.podSecurity` handler (kyverno `pkg/engine/handlers/validation/validate_pss.go`):
 * extracts the pod template from the resource, evaluates it and words the rule response.
 */

import { type Outcome, outcome } from '../evaluation/outcome.js';
import { isObject } from '../jmespath/json.js';
import { evaluatePod } from './evaluate-pod.js';
import type { PodSecuritySpec } from './pod-security-spec.js';
import { field, type Json, listAt, objectAt, type PodView } from './pod-view.js';
import type { PssCheckResult } from './types.js';

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

/**
 * Inputs whose verdict depends on parts of the latest standards this engine does not reproduce: the
 * user-namespace relaxations (`hostUsers: false`, KEP-127) and the `image` volume source.
 */
function unsupportedInput(spec: PodSecuritySpec, pod: PodView): string | undefined {
  if (pod.spec.hostUsers === false) return 'pods with spec.hostUsers=false (user namespaces)';
  if (spec.level === 'restricted' && listAt(pod.spec, 'volumes').some((v) => objectAt(v as Json, 'image')))
    return 'image volumes at the restricted level';
  return undefined;
}

/**
 * One entry per failing check. Kyverno prints `policy.CheckResult` with Go's `%+v`; its newer
 * releases print the field-error list of their pod-security-admission fork instead of the detail,
 * which this engine does not build, so the reason and the library's detail are printed.
 */
export function formatChecks(failures: PssCheckResult[]): string {
  return failures
    .map(
      (f) =>
        `({Allowed:false ForbiddenReason:${f.checkResult.forbiddenReason ?? ''} ForbiddenDetail:${f.checkResult.forbiddenDetail ?? ''}})\n`,
    )
    .join('');
}

/** The rule response of a podSecurity rule for `resource` (undefined on DELETE: no response). */
export function validatePodSecurity(
  ruleName: string,
  spec: PodSecuritySpec,
  resource: unknown,
  isDelete: boolean,
): Outcome | undefined {
  if (isDelete) return undefined;
  const pod = isObject(resource) ? podOf(resource) : undefined;
  if (!pod) return outcome('error', 'Error while getting new resource: could not find correct resource type');
  const unsupported = unsupportedInput(spec, pod);
  if (unsupported) return outcome('error', `podSecurity: ${unsupported} are not supported by this engine`);
  const verdict = evaluatePod(spec, pod);
  if (verdict.allowed) return outcome('pass', `Validation rule '${ruleName}' passed.`);
  return outcome(
    'fail',
    `Validation rule '${ruleName}' failed. It violates PodSecurity "${spec.level}:${spec.version}": ${formatChecks(verdict.failures)}`,
  );
}
