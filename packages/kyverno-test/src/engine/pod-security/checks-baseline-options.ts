/**
 * Baseline checks of `k8s.io/pod-security-admission/policy` on security-context options: SELinux,
 * /proc mount type, seccomp, sysctls and Windows HostProcess (one function per `check_*.go` variant).
 */
import {
  booleanAt,
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
import {
  ALLOWED,
  type CheckPod,
  type CheckResult,
  type FieldError,
  forbidden,
  forbiddenField,
} from './types.js';

const containersPhrase = (names: string[]): string =>
  `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** v1.31 also allows `container_engine_t` (check_seLinuxOptions.go). */
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

/** check_seLinuxOptions.go (as in Kyverno's pod-security-admission fork): one function per allowed-type list. */
function seLinuxOptions(allowedTypes: readonly string[]): CheckPod {
  const allowed = new Set(allowedTypes);
  return ({ spec }: PodView): CheckResult => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const errors: FieldError[] = [];
    const valid = (opts: Json, path: string): boolean => {
      let ok = true;
      const type = stringAt(opts, 'type') ?? '';
      if (!allowed.has(type)) {
        ok = false;
        badTypes.push(type);
        errors.push(forbiddenField(`${path}.type`, type));
      }
      for (const key of ['user', 'role'] as const) {
        const value = stringAt(opts, key) ?? '';
        if (value === '') continue;
        ok = false;
        if (key === 'user') setUser = true;
        else setRole = true;
        errors.push(forbiddenField(`${path}.${key}`, value));
      }
      return ok;
    };
    const setters: string[] = [];
    const podOpts = objectAt(spec, 'securityContext', 'seLinuxOptions');
    if (podOpts && !valid(podOpts, 'spec.securityContext.seLinuxOptions')) setters.push('pod');
    const bad = visitContainers(spec)
      .filter((c) => {
        const opts = objectAt(c.raw, 'securityContext', 'seLinuxOptions');
        return opts !== undefined && !valid(opts, `${c.path}.securityContext.seLinuxOptions`);
      })
      .map((c) => c.name);
    if (bad.length > 0) setters.push(containersPhrase(bad));
    if (setters.length === 0) return ALLOWED;
    // Kyverno's fork adds the user/role notes whatever the type (upstream only next to a bad type)
    const data: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return forbidden(
      'seLinuxOptions',
      `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      errors,
    );
  };
}

export const seLinuxOptionsV1Dot0 = seLinuxOptions(SELINUX_TYPES_1_0);
export const seLinuxOptionsV1Dot31 = seLinuxOptions(SELINUX_TYPES_1_31);

/**
 * check_procMount_baseline.go, v1.35 (`procMount1_35baseline`): a pod in a user namespace
 * (`spec.hostUsers: false`) may unmask /proc; otherwise v1.0 applies.
 */
export function procMountV1Dot35Baseline(pod: PodView): CheckResult {
  return inUserNamespace(pod) ? ALLOWED : procMountV1Dot0(pod);
}

/** `podSpec.HostUsers != nil && !*podSpec.HostUsers`: the pod runs in its own user namespace (KEP-127). */
export function inUserNamespace({ spec }: PodView): boolean {
  return booleanAt(spec, 'hostUsers') === false;
}

/** check_procMount.go, v1.0. */
export function procMountV1Dot0({ spec }: PodView): CheckResult {
  const bad: string[] = [];
  const types: string[] = [];
  const errors: FieldError[] = [];
  for (const c of visitContainers(spec)) {
    const procMount = stringAt(c.raw, 'securityContext', 'procMount');
    if (procMount === undefined || procMount === 'Default') continue;
    bad.push(c.name);
    types.push(procMount);
    errors.push(forbiddenField(`${c.path}.securityContext.procMount`, procMount));
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'procMount',
    `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
    errors,
  );
}

export const validSeccompType = (t: string | undefined): boolean =>
  t === 'RuntimeDefault' || t === 'Localhost';

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const validSeccompAnnotation = (v: string): boolean =>
  v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');

/** check_seccompProfile_baseline.go, v1.0 (the alpha annotations, before the field existed). */
export function seccompProfileBaselineV1Dot0({ metadata, spec }: PodView): CheckResult {
  const annotations = objectAt(metadata, 'annotations') ?? {};
  const keys = [
    SECCOMP_POD_ANNOTATION,
    ...visitContainers(spec).map((c) => `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${c.name}`),
  ];
  const bad: string[] = [];
  const errors: FieldError[] = [];
  for (const key of keys) {
    const value = stringAt(annotations, key);
    if (value === undefined || validSeccompAnnotation(value)) continue;
    bad.push(`${key}=${JSON.stringify(value)}`);
    errors.push(forbiddenField(`metadata.annotations[${key}]`, value));
  }
  const list = sortedUnique(bad);
  if (list.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`,
    errors,
  );
}

/** check_seccompProfile_baseline.go, v1.19: `Unconfined` (any type but RuntimeDefault/Localhost) is forbidden. */
export function seccompProfileBaselineV1Dot19({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  const badValues: string[] = [];
  const errors: FieldError[] = [];
  const podProfile = objectAt(spec, 'securityContext', 'seccompProfile');
  if (podProfile && !validSeccompType(stringAt(podProfile, 'type'))) {
    setters.push('pod');
    badValues.push(stringAt(podProfile, 'type') ?? '');
    errors.push(
      forbiddenField('spec.securityContext.seccompProfile.type', stringAt(podProfile, 'type') ?? ''),
    );
  }
  const bad: string[] = [];
  for (const c of visitContainers(spec)) {
    const profile = objectAt(c.raw, 'securityContext', 'seccompProfile');
    if (!profile || validSeccompType(stringAt(profile, 'type'))) continue;
    bad.push(c.name);
    badValues.push(stringAt(profile, 'type') ?? '');
    errors.push(
      forbiddenField(`${c.path}.securityContext.seccompProfile.type`, stringAt(profile, 'type') ?? ''),
    );
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
    errors,
  );
}

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

/** check_sysctls.go: the allowed ("safe") list grows with the version. */
function sysctls(allowedNames: readonly string[]): CheckPod {
  const allowed = new Set(allowedNames);
  return ({ spec }: PodView): CheckResult => {
    const bad: string[] = [];
    const errors: FieldError[] = [];
    const list = listAt(spec, 'securityContext', 'sysctls');
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const name = stringAt(s as Json, 'name') ?? '';
      if (allowed.has(name)) continue;
      bad.push(name);
      errors.push(forbiddenField(`spec.securityContext.sysctls[${i}].name`, name));
    }
    return bad.length > 0 ? forbidden('forbidden sysctls', bad.join(', '), errors) : ALLOWED;
  };
}

export const sysctlsV1Dot0 = sysctls(SYSCTLS_1_0);
export const sysctlsV1Dot27 = sysctls(SYSCTLS_1_27);
export const sysctlsV1Dot29 = sysctls(SYSCTLS_1_29);
export const sysctlsV1Dot32 = sysctls(SYSCTLS_1_32);

/** check_windowsHostProcess.go, v1.0. */
export function windowsHostProcessV1Dot0({ spec }: PodView): CheckResult {
  const setters: string[] = [];
  const errors: FieldError[] = [];
  const bad = visitContainers(spec).filter(
    (c) => booleanAt(c.raw, 'securityContext', 'windowsOptions', 'hostProcess') === true,
  );
  if (booleanAt(spec, 'securityContext', 'windowsOptions', 'hostProcess') === true) {
    setters.push('pod');
    errors.push(forbiddenField('spec.securityContext.windowsOptions.hostProcess', true));
  }
  if (bad.length > 0) setters.push(containersPhrase(bad.map((c) => c.name)));
  for (const c of bad)
    errors.push(forbiddenField(`${c.path}.securityContext.windowsOptions.hostProcess`, true));
  return setters.length > 0
    ? forbidden(
        'hostProcess',
        `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
        errors,
      )
    : ALLOWED;
}
