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
import { ALLOWED, type CheckResult, type FieldError, forbidden, forbiddenField } from './types.js';

const containersPhrase = (names: string[]): string =>
  `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;

/** check_hostNamespaces.go, v1.0. */
export function hostNamespacesV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  const errors: FieldError[] = [];
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[key] !== true) continue;
    bad.push(`${key}=true`);
    errors.push(forbiddenField(`spec.${key}`, true));
  }
  return bad.length > 0 ? forbidden('host namespaces', bad.join(', '), errors) : ALLOWED;
}

/** check_privileged.go, v1.0. */
export function privilegedV1Dot0({ spec }: PodView): CheckResult {
  const bad = visitContainers(spec).filter((c) => booleanAt(c.raw, 'securityContext', 'privileged') === true);
  return bad.length > 0
    ? forbidden(
        'privileged',
        `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.privileged=true`,
        bad.map((c) => forbiddenField(`${c.path}.securityContext.privileged`, true)),
      )
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
  const errors: FieldError[] = [];
  for (const c of visitContainers(spec)) {
    const added = listAt(c.raw, 'securityContext', 'capabilities', 'add').filter(
      (x): x is string => typeof x === 'string' && !BASELINE_CAPABILITIES.has(x),
    );
    if (added.length === 0) continue;
    bad.push(c.name);
    caps.push(...added);
    errors.push(forbiddenField(`${c.path}.securityContext.capabilities.add`, added));
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(bad)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`,
    errors,
  );
}

/** check_hostPathVolumes.go, v1.0. */
export function hostPathVolumesV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  const errors: FieldError[] = [];
  const volumes = listAt(spec, 'volumes');
  for (let i = 0; i < volumes.length; i++) {
    const vol = volumes[i] as Json;
    if (objectAt(vol, 'hostPath') === undefined) continue;
    bad.push(stringAt(vol, 'name') ?? '');
    errors.push(forbiddenField(`spec.volumes[${i}].hostPath`, stringAt(vol, 'hostPath', 'path') ?? ''));
  }
  return bad.length > 0
    ? forbidden('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`, errors)
    : ALLOWED;
}

/** check_hostPorts.go, v1.0. */
export function hostPortsV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  const ports: string[] = [];
  const errors: FieldError[] = [];
  for (const c of visitContainers(spec)) {
    let uses = false;
    const ports = listAt(c.raw, 'ports');
    for (let i = 0; i < ports.length; i++) {
      const hostPort = field(ports[i] as Json, 'hostPort');
      if (typeof hostPort === 'number' && hostPort !== 0) {
        uses = true;
        ports.push(String(hostPort));
        errors.push(forbiddenField(`${c.path}.ports[${i}].hostPort`, hostPort));
      }
    }
    if (uses) bad.push(c.name);
  }
  if (bad.length === 0) return ALLOWED;
  const list = sortedUnique(ports);
  return forbidden(
    'hostPort',
    `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
    errors,
  );
}

/** The probe and lifecycle handlers of a container, as field paths split once. */
const HANDLERS: ReadonlyArray<{ at: string; path: readonly string[] }> = [
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle.postStart',
  'lifecycle.preStop',
].map((at) => ({ at, path: at.split('.') }));
const HOST_KINDS = ['httpGet', 'tcpSocket'] as const;

/** check_hostProbesAndhostLifecycle.go, v1.34. */
export function hostProbesAndHostLifecycleV1Dot34({ spec }: PodView): CheckResult {
  const bad = new Set<string>();
  const hosts: string[] = [];
  const errors: FieldError[] = [];
  for (const c of visitContainers(spec)) {
    for (const { at, path } of HANDLERS) {
      const handler = field(c.raw, ...path);
      if (handler === undefined) continue;
      for (const kind of HOST_KINDS) {
        const host = stringAt(handler as Json, kind, 'host');
        if (host === undefined || host === '') continue;
        bad.add(c.name);
        hosts.push(host);
        errors.push(forbiddenField(`${c.path}.${at}.${kind}.host`, host));
      }
    }
  }
  if (bad.size === 0) return ALLOWED;
  const names = sortedUnique(bad);
  const list = sortedUnique(hosts);
  return forbidden(
    'probe or lifecycle host',
    `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', list.length)} ${joinQuote(list)}`,
    errors,
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
  const errors: FieldError[] = [];
  const podProfile = objectAt(spec, 'securityContext', 'appArmorProfile');
  if (podProfile && !allowedAppArmorType(podProfile.type)) {
    setters.push('pod');
    badValues.push(String(podProfile.type ?? ''));
    errors.push(forbiddenField('spec.securityContext.appArmorProfile.type', String(podProfile.type ?? '')));
  }
  const badContainers: string[] = [];
  for (const c of visitContainers(spec)) {
    const profile = objectAt(c.raw, 'securityContext', 'appArmorProfile');
    if (!profile || allowedAppArmorType(profile.type)) continue;
    badContainers.push(c.name);
    badValues.push(String(profile.type ?? ''));
    errors.push(forbiddenField(`${c.path}.securityContext.appArmorProfile.type`, String(profile.type ?? '')));
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  const annotations: string[] = [];
  for (const [k, v] of Object.entries(objectAt(metadata, 'annotations') ?? {})) {
    if (!k.startsWith(APPARMOR_ANNOTATION_PREFIX) || typeof v !== 'string' || allowedAppArmorAnnotation(v))
      continue;
    annotations.push(`${k}=${JSON.stringify(v)}`);
    errors.push(forbiddenField(`metadata.annotations[${k}]`, v));
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
    errors,
  );
}
