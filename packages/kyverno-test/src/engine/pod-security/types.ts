/** Shapes of `k8s.io/pod-security-admission/policy` (checks.go) as used by Kyverno's `pkg/pss`. */
import type { PodView } from './pod-view.js';

export type { PssLevel } from '../rule.js';

import type { PssLevel } from '../rule.js';

/**
 * One entry of the field-error list the checks build with `policy.WithFieldErrors()`
 * (k8s.io/pod-security-admission/policy/violations.go: `forbidden`, `required`, `withBadValue`).
 * Kyverno exempts controls error by error, and prints these lists in its messages. Paths and bad
 * values follow the fork's sources for runAsNonRoot, seccompProfile_restricted, procMount, hostPorts,
 * appArmorProfile, windowsHostProcess, restrictedVolumes, sysctls and seLinuxOptions; for the other checks they
 * follow the same pattern (one error per offending field), which only the message text depends on
 * as long as exclusions by `restrictedField` stay unsupported.
 */
export interface FieldError {
  type: 'Forbidden' | 'Required';
  /** Concrete path, e.g. `spec.containers[0].securityContext.privileged`. */
  field: string;
  /** Absent for errors built without a bad value (Go: the empty string). */
  badValue?: string | number | boolean | string[];
}

/** `policy.CheckResult` with its `ErrList`. */
export interface CheckResult {
  allowed: boolean;
  forbiddenReason?: string;
  forbiddenDetail?: string;
  errors: FieldError[];
}

export const ALLOWED: CheckResult = { allowed: true, errors: [] };

export const forbidden = (
  forbiddenReason: string,
  forbiddenDetail: string,
  errors: FieldError[],
): CheckResult => ({
  allowed: false,
  forbiddenReason,
  forbiddenDetail,
  errors,
});

export const forbiddenField = (field: string, badValue?: FieldError['badValue']): FieldError =>
  badValue === undefined ? { type: 'Forbidden', field } : { type: 'Forbidden', field, badValue };

export const requiredField = (field: string): FieldError => ({ type: 'Required', field });

export type CheckPod = (pod: PodView) => CheckResult;

/** `policy.VersionedCheck`: the variant in force from `minimumVersion` (a Kubernetes minor of 1.x). */
export interface VersionedCheck {
  minimumVersion: number;
  checkPod: CheckPod;
}

/** `policy.Check`. */
export interface Check {
  id: string;
  level: PssLevel;
  versions: VersionedCheck[];
}

/** Kyverno's `PSSCheckResult` (`pkg/pss/utils/types.go`). */
export interface PssCheckResult {
  id: string;
  checkResult: CheckResult;
}
