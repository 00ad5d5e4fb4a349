/**
 * Kyverno's Pod Security evaluation (kyverno `pkg/pss/evaluate.go`: `evaluatePSS`, `EvaluatePod`,
 * `ApplyPodSecurityExclusion`, `GetPodWithMatchingContainers`, `exemptExclusions`, `extractBadValues`).
 * After an exclusion Kyverno rebuilds the failing checks from a Go map keyed by check ID, so their
 * order in its message is not defined; the table order is kept here.
 */
import { copyOwn, setOwn } from '@neuroscale/core';
import { activeBudget } from '../evaluation/budget.js';
import { wildcardMatch } from '../values/wildcard.js';
import { CONTROL_CHECK_IDS, latestVariant, POD_SECURITY_CHECKS } from './check-table.js';
import type { PodSecurityExclusion, PodSecuritySpec } from './pod-security-spec.js';
import { field, type Json, listAt, type PodView, stringAt } from './pod-view.js';
import type { FieldError, PssCheckResult, PssLevel } from './types.js';

/**
 * `evaluatePSS`: every check of the level (only `baseline` filters; `restricted` and `privileged` run
 * them all). For `latest` (minor undefined) the newest variant of each check runs; for a pinned
 * `v1.x` every variant whose minimum version is not newer than x runs, and each failing one is
 * reported (so a check can fail twice, as in Kyverno). Failures come in table order.
 */
export function evaluateChecks(level: PssLevel, minor: number | undefined, pod: PodView): PssCheckResult[] {
  const failures: PssCheckResult[] = [];
  const budget = activeBudget();
  for (const { check, latest } of CHECKS_WITH_LATEST) {
    if (level === 'baseline' && check.level !== 'baseline') continue;
    if (minor === undefined) {
      budget?.tick();
      const checkResult = latest.checkPod(pod);
      if (!checkResult.allowed) failures.push({ id: check.id, checkResult });
      continue;
    }
    for (const variant of check.versions) {
      if (variant.minimumVersion > minor) continue;
      budget?.tick();
      const checkResult = variant.checkPod(pod);
      if (!checkResult.allowed) failures.push({ id: check.id, checkResult });
    }
  }
  return failures;
}

/** Each check with its newest variant, resolved once (every pod of a run evaluates them). */
const CHECKS_WITH_LATEST = POD_SECURITY_CHECKS.map((check) => ({ check, latest: latestVariant(check) }));

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

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The error's field with every run of digits replaced by `*` (kyverno `regexIndex`). */
const fieldPattern = (field: string): string => field.replace(/\d+/g, '*');

/**
 * The name of the container a field error is about, or undefined for pod-level fields (kyverno
 * `parseField` + `getContainerInfo`: the second word of the path names the list, the first number
 * the index).
 */
function containerNameOf(field: string, pod: PodView): string | undefined {
  const list = field.match(/[a-zA-Z]+/g)?.[1];
  if (list === undefined || !CONTAINER_LISTS.has(list)) return undefined;
  const container = listAt(pod.spec, list)[Number(field.match(/\d+/)?.[0])];
  return stringAt(container as Json, 'name') ?? '';
}

/** `extractBadValues`: a non-empty string, a bool or an int as text, or each string of a list. */
function badValuesOf(e: FieldError): string[] {
  const v = e.badValue;
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? v : [String(v)];
}

/**
 * Whether an error of the exclusion's pod is exempted by the exclusion: its field pattern is the
 * `restrictedField` (or none is set), and every bad value matches one of `values` (or none is set).
 */
function selectedByExclusion(exclude: PodSecurityExclusion, pattern: string, e: FieldError): boolean {
  if (exclude.restrictedField !== '' && pattern !== exclude.restrictedField) return false;
  if (exclude.values.length === 0) return true;
  return badValuesOf(e).every((value) => matchesAny(exclude.values, value));
}

/**
 * `exemptExclusions` (kyverno `pkg/pss/evaluate.go`): each field error the exclusion's pod produces
 * for a check of the excluded control removes the first error of the pod's result with the same
 * field pattern (and, for an exclusion by images, the same container name). A check whose errors
 * are all removed is exempted; one with errors left still fails.
 */
function exempt(
  failures: PssCheckResult[],
  excluded: PssCheckResult[],
  exclude: PodSecurityExclusion,
  pods: { pod: PodView; exclusionPod: PodView },
): PssCheckResult[] {
  const ids = new Set(CONTROL_CHECK_IDS.get(exclude.controlName) ?? []);
  const byImages = exclude.images.length > 0;
  const left = new Map(failures.map((f) => [f.id, [...f.checkResult.errors]]));
  for (const result of excluded) {
    const errors = left.get(result.id);
    if (!ids.has(result.id) || !errors) continue;
    for (const excludeError of result.checkResult.errors) {
      activeBudget()?.work(errors.length);
      const pattern = fieldPattern(excludeError.field);
      if (!selectedByExclusion(exclude, pattern, excludeError)) continue;
      const excludeContainer = byImages ? containerNameOf(excludeError.field, pods.exclusionPod) : undefined;
      const at = errors.findIndex((e) => {
        if (fieldPattern(e.field) !== pattern) return false;
        const container = byImages ? containerNameOf(e.field, pods.pod) : undefined;
        return container === undefined || container === (excludeContainer ?? '');
      });
      if (at < 0) continue;
      // Go's `remove`: the last error takes the removed one's place
      errors[at] = errors[errors.length - 1] as FieldError;
      errors.pop();
    }
  }
  return failures.flatMap((f) => {
    const errors = left.get(f.id) ?? [];
    return errors.length === 0 ? [] : [{ id: f.id, checkResult: { ...f.checkResult, errors } }];
  });
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
  spec: Pick<PodSecuritySpec, 'level' | 'minor'>,
  failures: PssCheckResult[],
  excludes: readonly PodSecurityExclusion[],
  pod: PodView,
): PssCheckResult[] {
  if (excludes.length === 0) return failures;
  let left = lastPerCheck(failures);
  for (const exclude of excludes) {
    const exclusionPod = podForExclusion(exclude, pod);
    left = exempt(left, evaluateChecks(spec.level, spec.minor, exclusionPod), exclude, { pod, exclusionPod });
  }
  return left;
}

/**
 * Kyverno keys the failing checks by ID before exempting (`defaultCheckResultsMap`): of the results
 * of a check that failed in several variants (pinned versions), the last one stays.
 */
function lastPerCheck(failures: PssCheckResult[]): PssCheckResult[] {
  const last = new Map<string, PssCheckResult>();
  for (const f of failures) last.set(f.id, f);
  return failures.filter((f) => last.get(f.id) === f);
}

/** `EvaluatePod`: the pod's failing checks, minus those its exclusions exempt. */
export function evaluatePod(spec: PodSecuritySpec, pod: PodView): PodSecurityVerdict {
  const failures = applyExclusions(spec, evaluateChecks(spec.level, spec.minor, pod), spec.exclude, pod);
  return { allowed: failures.length === 0, failures };
}
