/**
 * `validate.podSecurity` as written in a rule (kyverno `api/kyverno/v1` `PodSecurity`,
 * `PodSecurityStandard.Validate`; `pkg/pss/evaluate.go` `ParseVersion`).
 *
 * Exclusions Kyverno rejects at policy validation, and versions `api.ParseVersion` of
 * k8s.io/pod-security-admission does not parse, are reported as unsupported (the rule is not run).
 */
import { isObject } from '../jmespath/json.js';
import { CONTROL_CHECK_IDS } from './check-table.js';

export type { PodSecurityExclusion, PodSecuritySpec } from '../rule.js';

import type { PodSecurityExclusion, PodSecuritySpec } from '../rule.js';

export type ParsedPodSecurity = { spec: PodSecuritySpec } | { unsupported: string };

/** `PSS_pod_level_control` (kyverno `pkg/pss/utils/mapping.go`): images are rejected for these. */
const POD_LEVEL_CONTROLS = new Set([
  'Host Namespaces',
  'HostPath Volumes',
  'Sysctls',
  'AppArmor',
  'Volume Types',
]);

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

const strings = (raw: unknown): string[] =>
  Array.isArray(raw) ? raw.filter((i): i is string => typeof i === 'string') : [];

function parseExclusion(raw: unknown): PodSecurityExclusion | string {
  if (!isObject(raw)) return `${REASON} exclude entry that is not an object`;
  const controlName = typeof raw.controlName === 'string' ? raw.controlName : '';
  if (!CONTROL_CHECK_IDS.has(controlName))
    return `${REASON} exclude controlName ${JSON.stringify(controlName)}`;
  const images = strings(raw.images);
  if (images.length === 0 && CONTAINER_LEVEL_CONTROLS.has(controlName))
    return `${REASON} exclude of container-level control ${JSON.stringify(controlName)} without images (rejected by Kyverno)`;
  if (images.length > 0 && POD_LEVEL_CONTROLS.has(controlName))
    return `${REASON} exclude of pod-level control ${JSON.stringify(controlName)} with images (rejected by Kyverno)`;
  const restrictedField = typeof raw.restrictedField === 'string' ? raw.restrictedField : '';
  const values = strings(raw.values);
  if (restrictedField !== '' && values.length === 0)
    return `${REASON} exclude with restrictedField but no values (rejected by Kyverno)`;
  if (restrictedField === '' && values.length > 0)
    return `${REASON} exclude with values but no restrictedField (rejected by Kyverno)`;
  return { controlName, images, restrictedField, values };
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

/**
 * `ParseVersion` (kyverno `pkg/pss/evaluate.go` → k8s.io/pod-security-admission `api.ParseVersion`,
 * `^v1\.(0|[1-9][0-9]*)$`): undefined for latest, the minor for `v1.x`, null when it does not parse.
 */
export function parseMinor(version: string): number | undefined | null {
  if (version === '' || version === 'latest') return undefined;
  const m = /^v1\.(0|[1-9][0-9]{0,3})$/.exec(version);
  return m ? Number(m[1]) : null;
}

/** Parses a rule's `validate.podSecurity`; a string result is the unsupported reason. */
export function parsePodSecurity(raw: unknown): ParsedPodSecurity {
  if (!isObject(raw)) return { unsupported: `${REASON} that is not an object` };
  const level = raw.level;
  if (level !== 'baseline' && level !== 'restricted' && level !== 'privileged')
    return { unsupported: `${REASON} level ${JSON.stringify(level)}` };
  const version = raw.version === undefined ? '' : raw.version;
  if (typeof version !== 'string') return { unsupported: `${REASON} version ${JSON.stringify(version)}` };
  const minor = parseMinor(version);
  if (minor === null)
    return { unsupported: `${REASON} version ${JSON.stringify(version)} (must be "latest" or "v1.x")` };
  const exclude = parseExclusions(raw.exclude);
  if (typeof exclude === 'string') return { unsupported: exclude };
  return { spec: minor === undefined ? { level, version, exclude } : { level, version, minor, exclude } };
}
