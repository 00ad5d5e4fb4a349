/**
 * Restricted checks of `k8s.io/pod-security-admission/policy` (one function per `check_*.go`
 * variant). The v1.25 variants exempt Windows pods (`spec.os.name: windows`).
 */
import { validSeccompType } from './checks-baseline-options.js';
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
import { ALLOWED, type CheckPod, type CheckResult, forbidden } from './types.js';

const containersPhrase = (names: string[]): string =>
  `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;

/** The v1.25 wrapper: Windows pods are not checked (checks added Windows exemptions in 1.25). */
const exemptWindows =
  (check: CheckPod): CheckPod =>
  (pod) =>
    isWindowsPod(pod.spec) ? ALLOWED : check(pod);

/** Volume sources allowed by check_restrictedVolumes.go (v1.0). */
const ALLOWED_VOLUME_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

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
  for (const v of listAt(spec, 'volumes')) {
    const vol = v as Json;
    if ([...ALLOWED_VOLUME_SOURCES].some((k) => objectAt(vol, k) !== undefined)) continue;
    badVolumes.push(stringAt(vol, 'name') ?? '');
    badTypes.push(RESTRICTED_VOLUME_SOURCES.find((k) => objectAt(vol, k) !== undefined) ?? 'unknown');
  }
  if (badVolumes.length === 0) return ALLOWED;
  const types = sortedUnique(badTypes);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize('uses', 'use', badVolumes.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
  );
}

/** check_allowPrivilegeEscalation.go, v1.8 (v1.25 adds the Windows exemption). */
export function allowPrivilegeEscalationV1Dot8({ spec }: PodView): CheckResult {
  const bad = visitContainers(spec)
    .filter((c) => booleanAt(c.raw, 'securityContext', 'allowPrivilegeEscalation') !== false)
    .map((c) => c.name);
  return bad.length > 0
    ? forbidden(
        'allowPrivilegeEscalation != false',
        `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
      )
    : ALLOWED;
}
export const allowPrivilegeEscalationV1Dot25 = exemptWindows(allowPrivilegeEscalationV1Dot8);

/** check_runAsNonRoot.go, v1.0. */
export function runAsNonRootV1Dot0({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  const podValue = booleanAt(spec, 'securityContext', 'runAsNonRoot');
  if (podValue === false) setters.push('pod');
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const c of visitContainers(spec)) {
    const value = booleanAt(c.raw, 'securityContext', 'runAsNonRoot');
    if (value === false) explicitlyBad.push(c.name);
    else if (value === undefined && podValue !== true) implicitlyBad.push(c.name);
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0)
    return forbidden(
      'runAsNonRoot != true',
      `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    );
  if (implicitlyBad.length > 0)
    return forbidden(
      'runAsNonRoot != true',
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
    );
  return ALLOWED;
}

/** check_runAsUser.go, v1.23. */
export function runAsUserV1Dot23({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  if (numberAt(spec, 'securityContext', 'runAsUser') === 0) setters.push('pod');
  const bad = visitContainers(spec)
    .filter((c) => numberAt(c.raw, 'securityContext', 'runAsUser') === 0)
    .map((c) => c.name);
  if (bad.length > 0) setters.push(containersPhrase(bad));
  return setters.length > 0
    ? forbidden('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`)
    : ALLOWED;
}

/** check_capabilities_restricted.go, v1.22 (v1.25 adds the Windows exemption). */
export function capabilitiesRestrictedV1Dot22({ spec }: PodView): CheckResult {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCaps: string[] = [];
  for (const c of visitContainers(spec)) {
    const caps = objectAt(c.raw, 'securityContext', 'capabilities');
    if (!listAt(caps, 'drop').includes('ALL')) missingDropAll.push(c.name);
    const added = listAt(caps, 'add').filter(
      (x): x is string => typeof x === 'string' && x !== 'NET_BIND_SERVICE',
    );
    if (added.length === 0) continue;
    addingForbidden.push(c.name);
    forbiddenCaps.push(...added);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0)
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length > 0)
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedUnique(forbiddenCaps))} in securityContext.capabilities.add`,
    );
  return details.length > 0 ? forbidden('unrestricted capabilities', details.join('; ')) : ALLOWED;
}
export const capabilitiesRestrictedV1Dot25 = exemptWindows(capabilitiesRestrictedV1Dot22);

/** check_seccompProfile_restricted.go, v1.19 (v1.25 adds the Windows exemption). */
export function seccompProfileRestrictedV1Dot19({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  const badValues: string[] = [];
  const podProfile = objectAt(spec, 'securityContext', 'seccompProfile');
  if (podProfile && !validSeccompType(stringAt(podProfile, 'type'))) {
    setters.push('pod');
    badValues.push(stringAt(podProfile, 'type') ?? '');
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const c of visitContainers(spec)) {
    const profile = objectAt(c.raw, 'securityContext', 'seccompProfile');
    if (profile === undefined) {
      if (podProfile === undefined) implicitlyBad.push(c.name);
    } else if (!validSeccompType(stringAt(profile, 'type'))) {
      explicitlyBad.push(c.name);
      badValues.push(stringAt(profile, 'type') ?? '');
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0)
    return forbidden(
      'seccompProfile',
      `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
    );
  if (implicitlyBad.length > 0)
    return forbidden(
      'seccompProfile',
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  return ALLOWED;
}
export const seccompProfileRestrictedV1Dot25 = exemptWindows(seccompProfileRestrictedV1Dot19);
