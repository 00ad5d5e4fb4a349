/**
 * `validate.podSecurity` as written in a rule, and the subset this engine evaluates exactly.
 *
 * Anything outside that subset is reported as unsupported (the rule is not run) rather than guessed:
 * pinned versions (which variants Kyverno runs for a pinned `version` changed between releases of
 * kyverno `pkg/pss/evaluate.go`), the `privileged` level, and `exclude` entries with
 * `restrictedField`/`values` (Kyverno compares those with the exact paths and bad values of the
 * field errors of its pod-security-admission fork, which are not verified here for every check).
 */
import { isObject } from '../jmespath/json.js';
import { CONTROL_CHECK_IDS } from './check-table.js';

export type { PodSecurityExclusion, PodSecuritySpec } from '../rule.js';

import type { PodSecurityExclusion, PodSecuritySpec } from '../rule.js';

export type ParsedPodSecurity = { spec: PodSecuritySpec } | { unsupported: string };

/**
 * Controls that only restrict container fields: Kyverno's `PodSecurityStandard.Validate` rejects an
 * exclusion of one of them without `images` (kyverno `api/kyverno/v1`, `pkg/pss/utils/mapping.go`
 * `PSS_container_level_control`).
 */
const CONTAINER_LEVEL_CONTROLS = new Set([
  'Capabilities',
  'Privileged Containers',
  'Host Ports',
  '/proc Mount Type',
  'Privilege Escalation',
  'Host Probes / Lifecycle Hooks',
]);

const REASON = 'validate.podSecurity';

function parseExclusion(raw: unknown): PodSecurityExclusion | string {
  if (!isObject(raw)) return `${REASON} exclude entry that is not an object`;
  if (raw.restrictedField !== undefined || raw.values !== undefined)
    return `${REASON} exclude with restrictedField/values`;
  const controlName = typeof raw.controlName === 'string' ? raw.controlName : '';
  if (!CONTROL_CHECK_IDS.has(controlName))
    return `${REASON} exclude controlName ${JSON.stringify(controlName)}`;
  const images = Array.isArray(raw.images)
    ? raw.images.filter((i): i is string => typeof i === 'string')
    : [];
  if (images.length === 0 && CONTAINER_LEVEL_CONTROLS.has(controlName))
    return `${REASON} exclude of container-level control ${JSON.stringify(controlName)} without images (rejected by Kyverno)`;
  return { controlName, images };
}

/**
 * `exclude` entries (of a rule, or the `podSecurity` of a PolicyException); a string result is the
 * unsupported reason.
 */
export function parseExclusions(raw: unknown): PodSecurityExclusion[] | string {
  const exclude: PodSecurityExclusion[] = [];
  for (const e of Array.isArray(raw) ? raw : []) {
    const parsed = parseExclusion(e);
    if (typeof parsed === 'string') return parsed;
    exclude.push(parsed);
  }
  return exclude;
}

/** Parses a rule's `validate.podSecurity`; a string result is the unsupported reason. */
export function parsePodSecurity(raw: unknown): ParsedPodSecurity {
  if (!isObject(raw)) return { unsupported: `${REASON} that is not an object` };
  const level = raw.level;
  if (level !== 'baseline' && level !== 'restricted')
    return { unsupported: `${REASON} level ${JSON.stringify(level)}` };
  const version = raw.version === undefined ? '' : raw.version;
  if (version !== '' && version !== 'latest')
    return { unsupported: `${REASON} version ${JSON.stringify(version)} (only latest is evaluated)` };
  const exclude = parseExclusions(raw.exclude);
  if (typeof exclude === 'string') return { unsupported: exclude };
  return { spec: { level, version, exclude } };
}
