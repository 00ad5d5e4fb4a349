/**
 * Restricted checks of `k8s.io/pod-security-admission/policy` (one function per `check_*.go`
 * variant). The v1.25 variants exempt Windows pods (`spec.os.name: windows`).
 */
import { inUserNamespace, validSeccompType } from './checks-baseline-options.js';
import {
  booleanAt,
  isWindowsPod,
  type Json,
  joinQuote,
  listAt,
  numberAt,
  objectAt,
  type PodView,
  pluralize,
  sortedUnique,
  stringAt,
  visitContainers,
} from './pod-view.js';
import {
  ALLOWED,
  type CheckPod,
  type CheckResult,
  type FieldError,
  forbidden,
  forbiddenField,
  requiredField,
} from './types.js';

const containersPhrase = (names: string[]): string =>
  `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;

/** The v1.25 wrapper: Windows pods are not checked (checks added Windows exemptions in 1.25). */
const exemptWindows =
  (check: CheckPod): CheckPod =>
  (pod) =>
    isWindowsPod(pod.spec) ? ALLOWED : check(pod);

/**
 * Volume sources allowed by check_restrictedVolumes.go (v1.0). `image` was added to the 1.0 function in
 * place in Kubernetes 1.33 (no new variant), so every pinned version allows it in a 1.33+ library.
 */
const ALLOWED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/**
 * The restricted volume sources, in the order upstream tests them (the `corev1.VolumeSource` field
 * order); a volume with none of the known sources is reported as `unknown`.
 */
const RESTRICTED_VOLUME_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

/** check_restrictedVolumes.go, v1.0. */
export function restrictedVolumesV1Dot0({ spec }: PodView): CheckResult {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  const errors: FieldError[] = [];
  const volumes = listAt(spec, 'volumes');
  for (let i = 0; i < volumes.length; i++) {
    const vol = volumes[i] as Json;
    if (ALLOWED_VOLUME_SOURCES.some((k) => objectAt(vol, k) !== undefined)) continue;
    const type = RESTRICTED_VOLUME_SOURCES.find((k) => objectAt(vol, k) !== undefined) ?? 'unknown';
    badVolumes.push(stringAt(vol, 'name') ?? '');
    badTypes.push(type);
    errors.push(forbiddenField(`spec.volumes[${i}].${type}`));
  }
  if (badVolumes.length === 0) return ALLOWED;
  const types = sortedUnique(badTypes);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize('uses', 'use', badVolumes.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
    errors,
  );
}

/** check_allowPrivilegeEscalation.go, v1.8 (v1.25 adds the Windows exemption). */
export function allowPrivilegeEscalationV1Dot8({ spec }: PodView): CheckResult {
  const bad = visitContainers(spec).filter(
    (c) => booleanAt(c.raw, 'securityContext', 'allowPrivilegeEscalation') !== false,
  );
  return bad.length > 0
    ? forbidden(
        'allowPrivilegeEscalation != false',
        `${containersPhrase(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`,
        bad.map((c) =>
          allowPrivilegeEscalationError(c.raw, `${c.path}.securityContext.allowPrivilegeEscalation`),
        ),
      )
    : ALLOWED;
}

/**
 * The fork's field error for one offending container (kyverno/pod-security-admission
 * policy/check_allowPrivilegeEscalation_test.go): no securityContext at all is `Required` (bad value
 * ""), a securityContext without the field is `Forbidden` with the bad value "nil", an explicit true
 * is `Forbidden` with `true`. The difference decides exclusions with `values`: Kyverno's
 * extractBadValues drops "" but keeps "nil", which then must match one of the values
 * (kyverno v1.19.1 pkg/pss/evaluate.go: exemptExclusions).
 */
function allowPrivilegeEscalationError(container: Json, path: string): FieldError {
  if (objectAt(container, 'securityContext') === undefined) return requiredField(path);
  const value = booleanAt(container, 'securityContext', 'allowPrivilegeEscalation');
  return forbiddenField(path, value === undefined ? 'nil' : value);
}
export const allowPrivilegeEscalationV1Dot25 = exemptWindows(allowPrivilegeEscalationV1Dot8);

/**
 * check_runAsNonRoot.go, v1.0, as Kyverno's pod-security-admission fork words it: explicit and
 * implicit violations are both reported (details joined by a newline), not only the explicit ones.
 */
export function runAsNonRootV1Dot0({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  const errors: FieldError[] = [];
  const podValue = booleanAt(spec, 'securityContext', 'runAsNonRoot');
  if (podValue === false) {
    setters.push('pod');
    errors.push(forbiddenField('spec.securityContext.runAsNonRoot', false));
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitErrors: FieldError[] = [];
  for (const c of visitContainers(spec)) {
    const value = booleanAt(c.raw, 'securityContext', 'runAsNonRoot');
    const path = `${c.path}.securityContext.runAsNonRoot`;
    if (value === false) {
      explicitlyBad.push(c.name);
      errors.push(forbiddenField(path, false));
    } else if (value === undefined && podValue !== true) {
      implicitlyBad.push(c.name);
      implicitErrors.push(requiredField(path));
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  const details: string[] = [];
  if (setters.length > 0)
    details.push(`${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  if (implicitlyBad.length > 0)
    details.push(`pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`);
  if (details.length === 0) return ALLOWED;
  return forbidden('runAsNonRoot != true', details.join('\n'), [...errors, ...implicitErrors]);
}

/** check_runAsNonRoot.go, v1.35: not required of a pod in a user namespace (`spec.hostUsers: false`). */
export function runAsNonRootV1Dot35(pod: PodView): CheckResult {
  return inUserNamespace(pod) ? ALLOWED : runAsNonRootV1Dot0(pod);
}

/** check_runAsUser.go, v1.35: uid 0 is allowed to a pod in a user namespace (`spec.hostUsers: false`). */
export function runAsUserV1Dot35(pod: PodView): CheckResult {
  return inUserNamespace(pod) ? ALLOWED : runAsUserV1Dot23(pod);
}

/** check_runAsUser.go, v1.23. */
export function runAsUserV1Dot23({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  const errors: FieldError[] = [];
  if (numberAt(spec, 'securityContext', 'runAsUser') === 0) {
    setters.push('pod');
    errors.push(forbiddenField('spec.securityContext.runAsUser', 0));
  }
  const bad = visitContainers(spec).filter((c) => numberAt(c.raw, 'securityContext', 'runAsUser') === 0);
  if (bad.length > 0) setters.push(containersPhrase(bad.map((c) => c.name)));
  for (const c of bad) errors.push(forbiddenField(`${c.path}.securityContext.runAsUser`, 0));
  return setters.length > 0
    ? forbidden('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`, errors)
    : ALLOWED;
}

/** check_capabilities_restricted.go, v1.22 (v1.25 adds the Windows exemption). */
export function capabilitiesRestrictedV1Dot22({ spec }: PodView): CheckResult {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCaps: string[] = [];
  const errors: FieldError[] = [];
  for (const c of visitContainers(spec)) {
    const caps = objectAt(c.raw, 'securityContext', 'capabilities');
    if (!listAt(caps, 'drop').includes('ALL')) {
      missingDropAll.push(c.name);
      errors.push(requiredField(`${c.path}.securityContext.capabilities.drop`));
    }
    const added = listAt(caps, 'add').filter(
      (x): x is string => typeof x === 'string' && x !== 'NET_BIND_SERVICE',
    );
    if (added.length === 0) continue;
    addingForbidden.push(c.name);
    forbiddenCaps.push(...added);
    errors.push(forbiddenField(`${c.path}.securityContext.capabilities.add`, added));
  }
  const details: string[] = [];
  if (missingDropAll.length > 0)
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length > 0)
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedUnique(forbiddenCaps))} in securityContext.capabilities.add`,
    );
  return details.length > 0 ? forbidden('unrestricted capabilities', details.join('; '), errors) : ALLOWED;
}
export const capabilitiesRestrictedV1Dot25 = exemptWindows(capabilitiesRestrictedV1Dot22);

/**
 * check_seccompProfile_restricted.go, v1.19 (v1.25 adds the Windows exemption): explicit bad values
 * are reported first, and alone; unset containers only when nothing is explicitly bad.
 */
export function seccompProfileRestrictedV1Dot19({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  const badValues: string[] = [];
  const errors: FieldError[] = [];
  const podProfile = objectAt(spec, 'securityContext', 'seccompProfile');
  const podType = stringAt(podProfile, 'type');
  if (podProfile && !validSeccompType(podType)) {
    setters.push('pod');
    badValues.push(podType ?? '');
    errors.push(forbiddenField('spec.securityContext.seccompProfile.type', podType ?? ''));
  }
  const podSeccompSet = podProfile !== undefined && validSeccompType(podType);
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitErrors: FieldError[] = [];
  for (const c of visitContainers(spec)) {
    const profile = objectAt(c.raw, 'securityContext', 'seccompProfile');
    const path = `${c.path}.securityContext.seccompProfile.type`;
    if (profile === undefined) {
      if (podSeccompSet) continue;
      implicitlyBad.push(c.name);
      implicitErrors.push(requiredField(path));
    } else if (!validSeccompType(stringAt(profile, 'type'))) {
      explicitlyBad.push(c.name);
      badValues.push(stringAt(profile, 'type') ?? '');
      errors.push(forbiddenField(path, stringAt(profile, 'type') ?? ''));
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0)
    return forbidden(
      'seccompProfile',
      `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
      errors,
    );
  if (implicitlyBad.length > 0)
    return forbidden(
      'seccompProfile',
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      implicitErrors,
    );
  return ALLOWED;
}
export const seccompProfileRestrictedV1Dot25 = exemptWindows(seccompProfileRestrictedV1Dot19);
