/**
 * Baseline checks of `k8s.io/pod-security-admission/policy` (one function per `check_*.go` file and
 * version variant; reasons and details as the library words them).
 */
import {
  booleanAt,
  field,
  type Json,
  joinQuote,
  listAt,
  objectAt,
  type PodView,
  pluralize,
  sortedUnique,
  stringAt,
  visitContainers,
} from './pod-view.js';
import { ALLOWED, type CheckResult, forbidden } from './types.js';

const containersPhrase = (names: string[]): string =>
  `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;

/** check_hostNamespaces.go, v1.0. */
export function hostNamespacesV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  if (spec.hostNetwork === true) bad.push('hostNetwork=true');
  if (spec.hostPID === true) bad.push('hostPID=true');
  if (spec.hostIPC === true) bad.push('hostIPC=true');
  return bad.length > 0 ? forbidden('host namespaces', bad.join(', ')) : ALLOWED;
}

/** check_privileged.go, v1.0. */
export function privilegedV1Dot0({ spec }: PodView): CheckResult {
  const bad = visitContainers(spec)
    .filter((c) => booleanAt(c.raw, 'securityContext', 'privileged') === true)
    .map((c) => c.name);
  return bad.length > 0
    ? forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`)
    : ALLOWED;
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** check_capabilities_baseline.go, v1.0. */
export function capabilitiesBaselineV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  const caps: string[] = [];
  for (const c of visitContainers(spec)) {
    const added = listAt(c.raw, 'securityContext', 'capabilities', 'add').filter(
      (x): x is string => typeof x === 'string' && !BASELINE_CAPABILITIES.has(x),
    );
    if (added.length === 0) continue;
    bad.push(c.name);
    caps.push(...added);
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(bad)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`,
  );
}

/** check_hostPathVolumes.go, v1.0. */
export function hostPathVolumesV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  for (const v of listAt(spec, 'volumes')) {
    const vol = v as Json;
    if (objectAt(vol, 'hostPath') !== undefined) bad.push(stringAt(vol, 'name') ?? '');
  }
  return bad.length > 0
    ? forbidden('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`)
    : ALLOWED;
}

/** check_hostPorts.go, v1.0. */
export function hostPortsV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  const ports: string[] = [];
  for (const c of visitContainers(spec)) {
    let uses = false;
    for (const p of listAt(c.raw, 'ports')) {
      const hostPort = field(p as Json, 'hostPort');
      if (typeof hostPort === 'number' && hostPort !== 0) {
        uses = true;
        ports.push(String(hostPort));
      }
    }
    if (uses) bad.push(c.name);
  }
  if (bad.length === 0) return ALLOWED;
  const list = sortedUnique(ports);
  return forbidden(
    'hostPort',
    `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  );
}

const probeHosts = (probe: unknown): string[] =>
  ['httpGet', 'tcpSocket']
    .map((k) => stringAt(probe as Json, k, 'host'))
    .filter((h): h is string => h !== undefined && h !== '');

/** check_hostProbesAndhostLifecycle.go, v1.34. */
export function hostProbesAndHostLifecycleV1Dot34({ spec }: PodView): CheckResult {
  const bad = new Set<string>();
  const hosts: string[] = [];
  for (const c of visitContainers(spec)) {
    for (const handler of [
      field(c.raw, 'livenessProbe'),
      field(c.raw, 'readinessProbe'),
      field(c.raw, 'startupProbe'),
      field(c.raw, 'lifecycle', 'postStart'),
      field(c.raw, 'lifecycle', 'preStop'),
    ]) {
      const found = probeHosts(handler);
      if (found.length === 0) continue;
      bad.add(c.name);
      hosts.push(...found);
    }
  }
  if (bad.size === 0) return ALLOWED;
  const names = sortedUnique(bad);
  const list = sortedUnique(hosts);
  return forbidden(
    'probe or lifecycle host',
    `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', list.length)} ${joinQuote(list)}`,
  );
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const allowedAppArmorAnnotation = (v: string): boolean =>
  v === '' || v === 'runtime/default' || v.startsWith('localhost/');
const allowedAppArmorType = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';

/** check_appArmorProfile.go, v1.0 (annotations and, since the field exists, `appArmorProfile.type`). */
export function appArmorProfileV1Dot0({ metadata, spec }: PodView): CheckResult {
  const setters: string[] = [];
  const badValues: string[] = [];
  const podProfile = objectAt(spec, 'securityContext', 'appArmorProfile');
  if (podProfile && !allowedAppArmorType(podProfile.type)) {
    setters.push('pod');
    badValues.push(String(podProfile.type ?? ''));
  }
  const badContainers: string[] = [];
  for (const c of visitContainers(spec)) {
    const profile = objectAt(c.raw, 'securityContext', 'appArmorProfile');
    if (!profile || allowedAppArmorType(profile.type)) continue;
    badContainers.push(c.name);
    badValues.push(String(profile.type ?? ''));
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  const annotations: string[] = [];
  for (const [k, v] of Object.entries(objectAt(metadata, 'annotations') ?? {})) {
    if (k.startsWith(APPARMOR_ANNOTATION_PREFIX) && typeof v === 'string' && !allowedAppArmorAnnotation(v))
      annotations.push(`${k}=${JSON.stringify(v)}`);
  }
  const values = sortedUnique(badValues);
  if (annotations.length > 0) {
    values.push(...sortedUnique(annotations));
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (setters.length === 0) return ALLOWED;
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
  );
}
