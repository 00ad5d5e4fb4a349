/** Shapes of `k8s.io/pod-security-admission/policy` (checks.go) as used by Kyverno's `pkg/pss`. */
import type { PodView } from './pod-view.js';

export type PssLevel = 'baseline' | 'restricted';

/** `policy.CheckResult` (without the field-error list of Kyverno's fork). */
export interface CheckResult {
  allowed: boolean;
  forbiddenReason?: string;
  forbiddenDetail?: string;
}

export const ALLOWED: CheckResult = { allowed: true };

export const forbidden = (forbiddenReason: string, forbiddenDetail: string): CheckResult => ({
  allowed: false,
  forbiddenReason,
  forbiddenDetail,
});

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
