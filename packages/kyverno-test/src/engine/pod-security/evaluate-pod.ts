/**
 * Kyverno's Pod Security evaluation (kyverno `pkg/pss/evaluate.go`: `evaluatePSS`, `EvaluatePod`,
 * `GetPodWithMatchingContainers`, `exemptKyvernoExclusion`) for `version: latest`.
 */
import { copyOwn, setOwn } from '@neuroscale/core';
import { activeBudget } from '../evaluation/budget.js';
import { wildcardMatch } from '../values/wildcard.js';
import { CONTROL_CHECK_IDS, latestVariant, POD_SECURITY_CHECKS } from './check-table.js';
import type { PodSecurityExclusion, PodSecuritySpec } from './pod-security-spec.js';
import { field, type Json, listAt, type PodView, stringAt } from './pod-view.js';
import type { PssCheckResult, PssLevel } from './types.js';

/** Every check of the level (restricted includes baseline), newest variant; the failing ones in table order. */
export function evaluateChecks(level: PssLevel, pod: PodView): PssCheckResult[] {
  const failures: PssCheckResult[] = [];
  for (const check of POD_SECURITY_CHECKS) {
    if (level === 'baseline' && check.level !== 'baseline') continue;
    activeBudget()?.tick();
    const checkResult = latestVariant(check).checkPod(pod);
    if (!checkResult.allowed) failures.push({ id: check.id, checkResult });
  }
  return failures;
}

const matchesAny = (patterns: readonly string[], image: string): boolean =>
  patterns.some((p) => wildcardMatch(p, image));

/**
 * The pod an exclusion is evaluated on (`GetPodWithMatchingContainers`): without images, the pod with
 * its containers replaced by one bare container named `fake` (so only pod-level fields fail); with
 * images, a pod holding only the containers whose image matches (no pod-level fields at all).
 */
export function podForExclusion(exclude: PodSecurityExclusion, pod: PodView): PodView {
  if (exclude.images.length === 0) {
    const spec = copyOwn(pod.spec);
    setOwn(spec, 'containers', [{ name: 'fake' }]);
    delete spec.initContainers;
    delete spec.ephemeralContainers;
    return { metadata: pod.metadata, spec };
  }
  const metadata: Json = {};
  const name = stringAt(pod.metadata, 'name');
  const namespace = stringAt(pod.metadata, 'namespace');
  if (name !== undefined) setOwn(metadata, 'name', name);
  if (namespace !== undefined) setOwn(metadata, 'namespace', namespace);
  const spec: Json = {};
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    const matching = listAt(pod.spec, key).filter((c) => {
      const image = field(c as Json, 'image');
      return matchesAny(exclude.images, typeof image === 'string' ? image : '');
    });
    if (matching.length > 0) setOwn(spec, key, matching);
  }
  return { metadata, spec };
}

/**
 * `exemptKyvernoExclusion`: a failing check of the excluded control is dropped when it also fails on
 * the exclusion's pod. (Kyverno rebuilds the list from a Go map, so its order after an exclusion is
 * not defined; the table order is kept here.)
 */
function exempt(
  failures: PssCheckResult[],
  excluded: PssCheckResult[],
  controlName: string,
): PssCheckResult[] {
  const ids = new Set(CONTROL_CHECK_IDS.get(controlName) ?? []);
  const failingOnExcludedPod = new Set(excluded.map((r) => r.id).filter((id) => ids.has(id)));
  return failures.filter((r) => !failingOnExcludedPod.has(r.id));
}

export interface PodSecurityVerdict {
  allowed: boolean;
  failures: PssCheckResult[];
}

/**
 * The failures left once `excludes` are applied: by the rule (`EvaluatePod`) or by a PolicyException's
 * `podSecurity` (`ApplyPodSecurityExclusion`), which Kyverno evaluates the same way.
 */
export function applyExclusions(
  level: PssLevel,
  failures: PssCheckResult[],
  excludes: readonly PodSecurityExclusion[],
  pod: PodView,
): PssCheckResult[] {
  let left = failures;
  for (const exclude of excludes) {
    const excluded = evaluateChecks(level, podForExclusion(exclude, pod));
    left = exempt(left, excluded, exclude.controlName);
  }
  return left;
}

/** `EvaluatePod`: the pod's failing checks, minus those its exclusions exempt. */
export function evaluatePod(spec: PodSecuritySpec, pod: PodView): PodSecurityVerdict {
  const failures = applyExclusions(spec.level, evaluateChecks(spec.level, pod), spec.exclude, pod);
  return { allowed: failures.length === 0, failures };
}
