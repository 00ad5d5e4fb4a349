/**
 * The checks of `policy.DefaultChecks()` (k8s.io/pod-security-admission/policy), in the order the
 * library registers them: each `check_*.go` file adds its check from `init()`, and Go runs those in
 * file-name order. Kyverno (`pkg/pss/evaluate.go`) reports failing checks in this order.
 *
 * Each variant carries the Kubernetes minor (of 1.x) from which it is in force; Kyverno evaluates
 * `version: latest` with the newest variant of every check.
 */
import {
  appArmorProfileV1Dot0,
  capabilitiesBaselineV1Dot0,
  hostNamespacesV1Dot0,
  hostPathVolumesV1Dot0,
  hostPortsV1Dot0,
  hostProbesAndHostLifecycleV1Dot34,
  privilegedV1Dot0,
} from './checks-baseline.js';
import {
  procMountV1Dot0,
  procMountV1Dot35Baseline,
  seccompProfileBaselineV1Dot0,
  seccompProfileBaselineV1Dot19,
  seLinuxOptionsV1Dot0,
  seLinuxOptionsV1Dot31,
  sysctlsV1Dot0,
  sysctlsV1Dot27,
  sysctlsV1Dot29,
  sysctlsV1Dot32,
  windowsHostProcessV1Dot0,
} from './checks-baseline-options.js';
import {
  allowPrivilegeEscalationV1Dot8,
  allowPrivilegeEscalationV1Dot25,
  capabilitiesRestrictedV1Dot22,
  capabilitiesRestrictedV1Dot25,
  restrictedVolumesV1Dot0,
  runAsNonRootV1Dot0,
  runAsNonRootV1Dot35,
  runAsUserV1Dot23,
  runAsUserV1Dot35,
  seccompProfileRestrictedV1Dot19,
  seccompProfileRestrictedV1Dot25,
} from './checks-restricted.js';
import type { Check, VersionedCheck } from './types.js';

export const POD_SECURITY_CHECKS: readonly Check[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { minimumVersion: 8, checkPod: allowPrivilegeEscalationV1Dot8 },
      { minimumVersion: 25, checkPod: allowPrivilegeEscalationV1Dot25 },
    ],
  },
  {
    id: 'appArmorProfile',
    level: 'baseline',
    versions: [{ minimumVersion: 0, checkPod: appArmorProfileV1Dot0 }],
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    versions: [{ minimumVersion: 0, checkPod: capabilitiesBaselineV1Dot0 }],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minimumVersion: 22, checkPod: capabilitiesRestrictedV1Dot22 },
      { minimumVersion: 25, checkPod: capabilitiesRestrictedV1Dot25 },
    ],
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    versions: [{ minimumVersion: 0, checkPod: hostNamespacesV1Dot0 }],
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    versions: [{ minimumVersion: 0, checkPod: hostPathVolumesV1Dot0 }],
  },
  { id: 'hostPorts', level: 'baseline', versions: [{ minimumVersion: 0, checkPod: hostPortsV1Dot0 }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [{ minimumVersion: 34, checkPod: hostProbesAndHostLifecycleV1Dot34 }],
  },
  { id: 'privileged', level: 'baseline', versions: [{ minimumVersion: 0, checkPod: privilegedV1Dot0 }] },
  // Kubernetes 1.35 user namespaces (KEP-127): baseline relaxes procMount for `hostUsers: false`, and
  // restricted keeps the unconditional v1.0 check as `procMount_restricted` (check_procMount_baseline.go,
  // check_procMount_restricted.go). Kyverno runs every check without the library's OverrideCheckIDs, and
  // reports procMount_restricted on pinned versions too (kyverno pkg/pss/evaluate_userns_test.go:
  // "restricted v1.32, userns, unmasked" fails procMount and procMount_restricted).
  {
    id: 'procMount',
    level: 'baseline',
    versions: [
      { minimumVersion: 0, checkPod: procMountV1Dot0 },
      { minimumVersion: 35, checkPod: procMountV1Dot35Baseline },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    versions: [{ minimumVersion: 0, checkPod: procMountV1Dot0 }],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ minimumVersion: 0, checkPod: restrictedVolumesV1Dot0 }],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    versions: [
      { minimumVersion: 0, checkPod: runAsNonRootV1Dot0 },
      { minimumVersion: 35, checkPod: runAsNonRootV1Dot35 },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    versions: [
      { minimumVersion: 23, checkPod: runAsUserV1Dot23 },
      { minimumVersion: 35, checkPod: runAsUserV1Dot35 },
    ],
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { minimumVersion: 0, checkPod: seLinuxOptionsV1Dot0 },
      { minimumVersion: 31, checkPod: seLinuxOptionsV1Dot31 },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [
      { minimumVersion: 0, checkPod: seccompProfileBaselineV1Dot0 },
      { minimumVersion: 19, checkPod: seccompProfileBaselineV1Dot19 },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minimumVersion: 19, checkPod: seccompProfileRestrictedV1Dot19 },
      { minimumVersion: 25, checkPod: seccompProfileRestrictedV1Dot25 },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { minimumVersion: 0, checkPod: sysctlsV1Dot0 },
      { minimumVersion: 27, checkPod: sysctlsV1Dot27 },
      { minimumVersion: 29, checkPod: sysctlsV1Dot29 },
      { minimumVersion: 32, checkPod: sysctlsV1Dot32 },
    ],
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    versions: [{ minimumVersion: 0, checkPod: windowsHostProcessV1Dot0 }],
  },
];

/** The variant `version: latest` uses: the one with the highest minimum version (`evaluatePSS`). */
export function latestVariant(check: Check): VersionedCheck {
  let latest = check.versions[0] as VersionedCheck;
  for (const v of check.versions.slice(1)) if (v.minimumVersion >= latest.minimumVersion) latest = v;
  return latest;
}

/**
 * Control names accepted in `exclude[].controlName`, and the check IDs each one exempts
 * (`PSS_controls_to_check_id` / `PSS_control_name_to_ids` in kyverno `pkg/pss/utils/mapping.go`).
 */
export const CONTROL_CHECK_IDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Capabilities', ['capabilities_baseline', 'capabilities_restricted']],
  ['Seccomp', ['seccompProfile_baseline', 'seccompProfile_restricted']],
  ['Privileged Containers', ['privileged']],
  ['Host Ports', ['hostPorts']],
  ['/proc Mount Type', ['procMount', 'procMount_restricted']],
  ['HostProcess', ['windowsHostProcess']],
  ['SELinux', ['seLinuxOptions']],
  ['Host Namespaces', ['hostNamespaces']],
  ['HostPath Volumes', ['hostPathVolumes']],
  ['Sysctls', ['sysctls']],
  ['AppArmor', ['appArmorProfile']],
  ['Host Probes / Lifecycle Hooks', ['hostProbesAndHostLifecycle']],
  ['Privilege Escalation', ['allowPrivilegeEscalation']],
  ['Running as Non-root', ['runAsNonRoot']],
  ['Running as Non-root user', ['runAsUser']],
  ['Volume Types', ['restrictedVolumes']],
]);
