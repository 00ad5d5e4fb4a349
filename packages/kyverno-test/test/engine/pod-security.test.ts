import type { K8sObject } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { compileException, compilePolicy, evaluatePolicy } from '../../src/engine/index.js';
import { latestVariant, POD_SECURITY_CHECKS } from '../../src/engine/pod-security/check-table.js';
import { sysctlsV1Dot0 } from '../../src/engine/pod-security/checks-baseline-options.js';
import { allowPrivilegeEscalationV1Dot8 } from '../../src/engine/pod-security/checks-restricted.js';
import { evaluatePod } from '../../src/engine/pod-security/evaluate-pod.js';
import { type PodSecuritySpec, parsePodSecurity } from '../../src/engine/pod-security/pod-security-spec.js';

type Json = Record<string, unknown>;

/** A container that passes the restricted level on its own. */
const goodContainer = (name = 'c', image = 'nginx:1.25', sc: Json = {}): Json => ({
  name,
  image,
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    capabilities: { drop: ['ALL'] },
    ...sc,
  },
});

const pod = (spec: Json = {}, metadata: Json = {}): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ...metadata },
  spec: { containers: [goodContainer()], ...spec },
});

const pssPolicy = (podSecurity: Json, kinds = ['Pod']) => {
  const r = compilePolicy({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'pss' },
    spec: {
      rules: [{ name: 'check', match: { any: [{ resources: { kinds } }] }, validate: { podSecurity } }],
    },
  });
  if (!r.policy) throw new Error(JSON.stringify(r.findings));
  return r.policy;
};

const specOf = (raw: Json): PodSecuritySpec => {
  const parsed = parsePodSecurity(raw);
  if (!('spec' in parsed)) throw new Error(parsed.unsupported);
  return parsed.spec;
};

const failingIds = (level: 'baseline' | 'restricted', p: K8sObject, exclude: Json[] = []): string[] =>
  evaluatePod(specOf({ level, version: 'latest', exclude }), {
    metadata: p.metadata as Json,
    spec: p.spec as Json,
  }).failures.map((f) => f.id);

describe('validate.podSecurity: each control', () => {
  // [check id, pod fragment that violates it, level it belongs to]
  const cases: Array<[string, K8sObject, 'baseline' | 'restricted']> = [
    ['hostNamespaces', pod({ hostNetwork: true }), 'baseline'],
    ['privileged', pod({ containers: [goodContainer('c', 'x', { privileged: true })] }), 'baseline'],
    [
      'capabilities_baseline',
      pod({ containers: [goodContainer('c', 'x', { capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } })] }),
      'baseline',
    ],
    ['hostPathVolumes', pod({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }), 'baseline'],
    [
      'hostPorts',
      pod({ containers: [{ ...goodContainer(), ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
      'baseline',
    ],
    [
      'appArmorProfile',
      pod({}, { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' } }),
      'baseline',
    ],
    ['seLinuxOptions', pod({ securityContext: { seLinuxOptions: { type: 'spc_t' } } }), 'baseline'],
    ['procMount', pod({ containers: [goodContainer('c', 'x', { procMount: 'Unmasked' })] }), 'baseline'],
    [
      'procMount_restricted',
      pod({ hostUsers: false, containers: [goodContainer('c', 'x', { procMount: 'Unmasked' })] }),
      'restricted',
    ],
    [
      'seccompProfile_baseline',
      pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } }),
      'baseline',
    ],
    ['sysctls', pod({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }), 'baseline'],
    ['windowsHostProcess', pod({ securityContext: { windowsOptions: { hostProcess: true } } }), 'baseline'],
    [
      'hostProbesAndHostLifecycle',
      pod({
        containers: [{ ...goodContainer(), livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } }],
      }),
      'baseline',
    ],
    ['restrictedVolumes', pod({ volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] }), 'restricted'],
    [
      'allowPrivilegeEscalation',
      pod({ containers: [goodContainer('c', 'x', { allowPrivilegeEscalation: true })] }),
      'restricted',
    ],
    ['runAsNonRoot', pod({ containers: [goodContainer('c', 'x', { runAsNonRoot: false })] }), 'restricted'],
    ['runAsUser', pod({ securityContext: { runAsUser: 0 } }), 'restricted'],
    [
      'capabilities_restricted',
      pod({ containers: [goodContainer('c', 'x', { capabilities: { drop: ['NET_RAW'] } })] }),
      'restricted',
    ],
    [
      'seccompProfile_restricted',
      pod({ containers: [goodContainer('c', 'x', { seccompProfile: undefined })] }),
      'restricted',
    ],
  ];

  it('a pod that follows the restricted profile passes both levels', () => {
    expect(failingIds('baseline', pod())).toEqual([]);
    expect(failingIds('restricted', pod())).toEqual([]);
  });

  for (const [id, p, level] of cases) {
    it(`${id}: fails at restricted; at baseline only if it is a baseline control`, () => {
      expect(failingIds('restricted', p)).toContain(id);
      expect(failingIds('baseline', p).includes(id)).toBe(level === 'baseline');
    });
  }

  it('SELinux: a custom user alone is reported with its note and field error', () => {
    const p = pod({ securityContext: { seLinuxOptions: { user: 'root' } } });
    const { failures } = evaluatePod(specOf({ level: 'baseline' }), {
      metadata: p.metadata as Json,
      spec: p.spec as Json,
    });
    expect(failures.map((f) => f.checkResult)).toEqual([
      {
        allowed: false,
        forbiddenReason: 'seLinuxOptions',
        forbiddenDetail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set',
        errors: [{ type: 'Forbidden', field: 'spec.securityContext.seLinuxOptions.user', badValue: 'root' }],
      },
    ]);
  });

  it('every check of the table has a violating fixture here', () => {
    expect(POD_SECURITY_CHECKS.map((c) => c.id).sort()).toEqual(cases.map((c) => c[0]).sort());
  });

  it('reports the library reasons and details, in the library order', () => {
    const p = pod({
      hostPID: true,
      containers: [{ name: 'app', image: 'x', securityContext: { privileged: true } }],
    });
    const failures = evaluatePod(specOf({ level: 'restricted' }), {
      metadata: p.metadata as Json,
      spec: p.spec as Json,
    }).failures;
    expect(failures.map((f) => [f.id, f.checkResult.forbiddenReason, f.checkResult.forbiddenDetail])).toEqual(
      [
        [
          'allowPrivilegeEscalation',
          'allowPrivilegeEscalation != false',
          'container "app" must set securityContext.allowPrivilegeEscalation=false',
        ],
        [
          'capabilities_restricted',
          'unrestricted capabilities',
          'container "app" must set securityContext.capabilities.drop=["ALL"]',
        ],
        ['hostNamespaces', 'host namespaces', 'hostPID=true'],
        ['privileged', 'privileged', 'container "app" must not set securityContext.privileged=true'],
        [
          'runAsNonRoot',
          'runAsNonRoot != true',
          'pod or container "app" must set securityContext.runAsNonRoot=true',
        ],
        [
          'seccompProfile_restricted',
          'seccompProfile',
          'pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        ],
      ],
    );
  });
});

describe('validate.podSecurity: versions', () => {
  it('latest uses the newest variant: sysctls allowed since v1.32 pass, the v1.0 list rejects them', () => {
    const p = pod({
      securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }] },
    });
    const view = { metadata: p.metadata as Json, spec: p.spec as Json };
    expect(failingIds('baseline', p)).toEqual([]);
    expect(sysctlsV1Dot0(view)).toEqual({
      allowed: false,
      forbiddenReason: 'forbidden sysctls',
      forbiddenDetail: 'net.ipv4.tcp_rmem',
      errors: [
        { type: 'Forbidden', field: 'spec.securityContext.sysctls[0].name', badValue: 'net.ipv4.tcp_rmem' },
      ],
    });
  });

  it('allowPrivilegeEscalation: no securityContext is Required, an unset field is Forbidden "nil"', () => {
    const p = pod({
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: 'x', securityContext: {} },
        { name: 'c', image: 'x', securityContext: { allowPrivilegeEscalation: true } },
        goodContainer('d'),
      ],
    });
    const view = { metadata: p.metadata as Json, spec: p.spec as Json };
    const path = (i: number) => `spec.containers[${i}].securityContext.allowPrivilegeEscalation`;
    expect(allowPrivilegeEscalationV1Dot8(view).errors).toEqual([
      { type: 'Required', field: path(0) },
      { type: 'Forbidden', field: path(1), badValue: 'nil' },
      { type: 'Forbidden', field: path(2), badValue: true },
    ]);
  });

  it('Windows pods are exempt from the restricted container checks from v1.25 on', () => {
    const p = pod({ os: { name: 'windows' }, containers: [{ name: 'w', image: 'x' }] });
    const view = { metadata: p.metadata as Json, spec: p.spec as Json };
    expect(failingIds('restricted', p)).toEqual(['runAsNonRoot']);
    expect(allowPrivilegeEscalationV1Dot8(view).allowed).toBe(false);
  });

  it('seccomp: latest checks the field, the v1.0 variant the alpha annotations', () => {
    const p = pod({}, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } });
    const view = { metadata: p.metadata as Json, spec: p.spec as Json };
    expect(failingIds('baseline', p)).toEqual([]);
    const seccomp = POD_SECURITY_CHECKS.find((c) => c.id === 'seccompProfile_baseline')!;
    expect(seccomp.versions[0]!.checkPod(view)).toEqual({
      allowed: false,
      forbiddenReason: 'seccompProfile',
      forbiddenDetail: 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"',
      errors: [
        {
          type: 'Forbidden',
          field: 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]',
          badValue: 'unconfined',
        },
      ],
    });
  });

  it('the latest variant is the one with the highest minimum version', () => {
    const sysctls = POD_SECURITY_CHECKS.find((c) => c.id === 'sysctls')!;
    expect(latestVariant(sysctls).minimumVersion).toBe(32);
  });

  it('a pinned version runs every variant in force at that version, and each failing one is reported', () => {
    const p = pssPolicy({ level: 'restricted', version: 'v1.25' });
    const bad = pod({ containers: [{ name: 'app', image: 'x', securityContext: { runAsNonRoot: true } }] });
    const [r] = evaluatePolicy(p, bad);
    expect(r).toMatchObject({ status: 'fail' });
    // allowPrivilegeEscalation v1.8 and v1.25, capabilities_restricted v1.22 and v1.25, seccomp v1.19 and v1.25;
    // a securityContext without allowPrivilegeEscalation is Forbidden "nil" in Kyverno's pod-security-admission fork
    expect(r!.message).toBe(
      'Validation rule \'check\' failed. It violates PodSecurity "restricted:v1.25": ' +
        '(Forbidden reason: allowPrivilegeEscalation != false, field error list: [spec.containers[0].securityContext.allowPrivilegeEscalation is forbidden, forbidden values found: nil])'.repeat(
          2,
        ) +
        '(Forbidden reason: unrestricted capabilities, field error list: [spec.containers[0].securityContext.capabilities.drop: Required value])'.repeat(
          2,
        ) +
        '(Forbidden reason: seccompProfile, field error list: [spec.containers[0].securityContext.seccompProfile.type: Required value])'.repeat(
          2,
        ),
    );
  });

  it('checks newer than a pinned version do not run: runAsUser (v1.23) and restricted capabilities (v1.22) at v1.21', () => {
    const root = pod({ securityContext: { runAsUser: 0 } });
    const view = { metadata: root.metadata as Json, spec: root.spec as Json };
    const ids = (version: string) =>
      evaluatePod(specOf({ level: 'restricted', version }), view).failures.map((f) => f.id);
    expect(ids('v1.21')).toEqual([]);
    expect(ids('v1.23')).toEqual(['runAsUser']);
    expect(ids('latest')).toEqual(['runAsUser']);
    const noDrop = pod({ containers: [goodContainer('c', 'x', { capabilities: {} })] });
    const noDropView = { metadata: noDrop.metadata as Json, spec: noDrop.spec as Json };
    expect(evaluatePod(specOf({ level: 'restricted', version: 'v1.21' }), noDropView).allowed).toBe(true);
    expect(
      evaluatePod(specOf({ level: 'restricted', version: 'v1.22' }), noDropView).failures.map((f) => f.id),
    ).toEqual(['capabilities_restricted']);
  });

  it('sysctls: every variant up to the pin runs, so a pinned version never allows what v1.0 rejects', () => {
    const view = (name: string) => {
      const p = pod({ securityContext: { sysctls: [{ name, value: '1' }] } });
      return { metadata: p.metadata as Json, spec: p.spec as Json };
    };
    const failures = (name: string, version: string) =>
      evaluatePod(specOf({ level: 'baseline', version }), view(name)).failures.length;
    // rejected by every variant: once per variant in force (v1.0, v1.27, v1.29, v1.32)
    expect([failures('kernel.msgmax', 'v1.19'), failures('kernel.msgmax', 'v1.26')]).toEqual([1, 1]);
    expect([failures('kernel.msgmax', 'v1.27'), failures('kernel.msgmax', 'v1.29')]).toEqual([2, 3]);
    expect(failures('kernel.msgmax', 'v1.32')).toBe(4);
    expect(failures('kernel.msgmax', 'latest')).toBe(1);
    // allowed from v1.27 on: latest passes, a pin still fails through the v1.0 variant
    expect(failures('net.ipv4.ip_local_reserved_ports', 'latest')).toBe(0);
    expect(failures('net.ipv4.ip_local_reserved_ports', 'v1.27')).toBe(1);
    expect(failures('net.ipv4.ip_unprivileged_port_start', 'v1.19')).toBe(0);
  });

  it('image volumes are allowed at restricted (added to the 1.0 check in place), hostPath still is not', () => {
    const withVolumes = (volumes: Json[]) => pod({ volumes });
    const image = {
      name: 'model',
      image: { reference: 'ghcr.io/neuroscale/model:1', pullPolicy: 'IfNotPresent' },
    };
    expect(failingIds('restricted', withVolumes([image]))).toEqual([]);
    expect(
      evaluatePod(specOf({ level: 'restricted', version: 'v1.19' }), {
        metadata: {},
        spec: withVolumes([image]).spec as Json,
      }).allowed,
    ).toBe(true);
    expect(failingIds('restricted', withVolumes([image, { name: 'h', hostPath: { path: '/x' } }]))).toEqual([
      'hostPathVolumes',
      'restrictedVolumes',
    ]);
  });

  it('the privileged level runs every check, like restricted (Kyverno filters checks only for baseline)', () => {
    const ids = (level: 'privileged' | 'restricted') =>
      failingIds(level as 'restricted', pod({ hostPID: true, containers: [{ name: 'c', image: 'x' }] }));
    expect(failingIds('privileged' as 'restricted', pod())).toEqual([]);
    expect(ids('privileged')).toEqual(ids('restricted'));
    expect(ids('privileged')).toContain('hostNamespaces');
  });

  it('versions api.ParseVersion rejects and exclusions Kyverno rejects are reported as unsupported', () => {
    expect(pssPolicy({ level: 'baseline', version: 'v1.29' }).unsupportedRules).toEqual([]);
    expect(pssPolicy({ level: 'baseline', version: '1.29' }).unsupportedRules[0]).toEqual({
      rule: 'check',
      reason: 'validate.podSecurity version "1.29" (must be "latest" or "v1.x")',
    });
    expect(pssPolicy({ level: 'baseline', version: 'v2.0' }).unsupportedRules[0]?.reason).toMatch(/must be/);
    const reason = (exclude: Json) =>
      pssPolicy({ level: 'baseline', exclude: [exclude] }).unsupportedRules[0]?.reason;
    expect(reason({ controlName: 'Sysctls', restrictedField: 'spec.securityContext.sysctls[*].name' })).toBe(
      'validate.podSecurity exclude with restrictedField but no values (rejected by Kyverno)',
    );
    expect(reason({ controlName: 'Sysctls', values: ['a'] })).toBe(
      'validate.podSecurity exclude with values but no restrictedField (rejected by Kyverno)',
    );
    expect(reason({ controlName: 'Host Namespaces', images: ['nginx'] })).toBe(
      'validate.podSecurity exclude of pod-level control "Host Namespaces" with images (rejected by Kyverno)',
    );
  });
});

describe('validate.podSecurity: restrictedField and values', () => {
  const sysctlPod = (...names: string[]) =>
    pod({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });
  const sysctlExclusion = (values: string[], restrictedField = 'spec.securityContext.sysctls[*].name') => ({
    controlName: 'Sysctls',
    restrictedField,
    values,
  });

  it('exempts the errors of the restricted field whose bad values all match the values (wildcards)', () => {
    const p = sysctlPod('kernel.msgmax');
    expect(failingIds('baseline', p)).toEqual(['sysctls']);
    expect(failingIds('baseline', p, [sysctlExclusion(['kernel.msgmax'])])).toEqual([]);
    expect(failingIds('baseline', p, [sysctlExclusion(['kernel.*'])])).toEqual([]);
    expect(failingIds('baseline', p, [sysctlExclusion(['net.*'])])).toEqual(['sysctls']);
    // another field of the control selects nothing
    expect(
      failingIds('baseline', p, [sysctlExclusion(['kernel.msgmax'], 'spec.securityContext.sysctls')]),
    ).toEqual(['sysctls']);
  });

  it('an error whose value is not allowed stays: the check still fails with the errors left', () => {
    const p = sysctlPod('kernel.msgmax', 'vm.swappiness');
    const [r] = evaluatePolicy(
      pssPolicy({ level: 'baseline', exclude: [sysctlExclusion(['kernel.msgmax'])] }),
      p,
    );
    expect(r!.message).toBe(
      'Validation rule \'check\' failed. It violates PodSecurity "baseline:": (Forbidden reason: forbidden sysctls, field error list: [spec.securityContext.sysctls[1].name is forbidden, forbidden values found: vm.swappiness])',
    );
  });

  it('container fields: booleans and ints compare as text, per container whose image matches', () => {
    const p = pod({
      containers: [
        goodContainer('a', 'ghcr.io/a:1', { privileged: true }),
        { ...goodContainer('b', 'ghcr.io/b:1'), ports: [{ containerPort: 80, hostPort: 8080 }] },
      ],
    });
    const privileged = {
      controlName: 'Privileged Containers',
      images: ['ghcr.io/*'],
      restrictedField: 'spec.containers[*].securityContext.privileged',
      values: ['true'],
    };
    expect(failingIds('baseline', p)).toEqual(['hostPorts', 'privileged']);
    expect(failingIds('baseline', p, [privileged])).toEqual(['hostPorts']);
    expect(failingIds('baseline', p, [{ ...privileged, values: ['false'] }])).toEqual([
      'hostPorts',
      'privileged',
    ]);
    const hostPorts = {
      controlName: 'Host Ports',
      images: ['ghcr.io/b:*'],
      restrictedField: 'spec.containers[*].ports[*].hostPort',
      values: ['80??'],
    };
    expect(failingIds('baseline', p, [hostPorts])).toEqual(['privileged']);
    expect(failingIds('baseline', p, [{ ...hostPorts, values: ['9090'] }])).toEqual([
      'hostPorts',
      'privileged',
    ]);
  });

  it('list bad values (capabilities.add) must all match', () => {
    const p = pod({
      containers: [goodContainer('a', 'x', { capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } })],
    });
    const caps = (values: string[]) => ({
      controlName: 'Capabilities',
      images: ['*'],
      restrictedField: 'spec.containers[*].securityContext.capabilities.add',
      values,
    });
    expect(failingIds('baseline', p)).toEqual(['capabilities_baseline']);
    expect(failingIds('baseline', p, [caps(['NET_ADMIN'])])).toEqual(['capabilities_baseline']);
    expect(failingIds('baseline', p, [caps(['NET_ADMIN', 'SYS_TIME'])])).toEqual([]);
  });
});

describe('validate.podSecurity: exclusions', () => {
  it('controlName without images exempts the pod-level part of a control', () => {
    const p = pod({
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [goodContainer('c', 'x', { seccompProfile: undefined })],
    });
    expect(failingIds('restricted', p)).toEqual(['seccompProfile_baseline', 'seccompProfile_restricted']);
    expect(failingIds('restricted', p, [{ controlName: 'Seccomp' }])).toEqual([]);
    // another control's exclusion exempts nothing
    expect(failingIds('restricted', p, [{ controlName: 'Sysctls' }])).toHaveLength(2);
  });

  it('controlName with images exempts only containers whose image matches a Kyverno wildcard', () => {
    const adds = (name: string, image: string) =>
      goodContainer(name, image, { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } });
    const exclude = [{ controlName: 'Capabilities', images: ['ghcr.io/kyverno/test-nginx*', 'redis?7'] }];
    expect(
      failingIds(
        'restricted',
        pod({ containers: [adds('a', 'ghcr.io/kyverno/test-nginx:latest')] }),
        exclude,
      ),
    ).toEqual([]);
    expect(failingIds('restricted', pod({ containers: [adds('a', 'redis:7')] }), exclude)).toEqual([]);
    expect(failingIds('restricted', pod({ containers: [adds('a', 'busybox:1.28')] }), exclude)).toEqual([
      'capabilities_baseline',
      'capabilities_restricted',
    ]);
  });

  it('exemptions go error by error: containers that do not match the images still fail the control', () => {
    const adds = (name: string, image: string) =>
      goodContainer(name, image, { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } });
    const exclude = [{ controlName: 'Capabilities', images: ['nginx*'] }];
    const mixed = pod({ containers: [adds('web', 'nginx:1.25'), adds('tool', 'busybox:1.28')] });
    const { failures } = evaluatePod(specOf({ level: 'restricted', exclude }), {
      metadata: mixed.metadata as Json,
      spec: mixed.spec as Json,
    });
    expect(failures.map((f) => [f.id, f.checkResult.errors.map((e) => e.field)])).toEqual([
      ['capabilities_baseline', ['spec.containers[1].securityContext.capabilities.add']],
      ['capabilities_restricted', ['spec.containers[1].securityContext.capabilities.add']],
    ]);
  });

  it('a pod-level exclusion leaves container-level errors of the control', () => {
    const p = pod({
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [goodContainer('c', 'x', { seccompProfile: { type: 'Unconfined' } })],
    });
    expect(failingIds('baseline', p, [{ controlName: 'Seccomp' }])).toEqual(['seccompProfile_baseline']);
  });

  it('without images, the bare `fake` container cancels one container error of the same field', () => {
    const unset = (name: string) => goodContainer(name, 'x', { runAsNonRoot: undefined });
    const exclude = [{ controlName: 'Running as Non-root' }];
    expect(failingIds('restricted', pod({ containers: [unset('a')] }), exclude)).toEqual([]);
    expect(failingIds('restricted', pod({ containers: [unset('a'), unset('b')] }), exclude)).toEqual([
      'runAsNonRoot',
    ]);
  });

  it('an exclusion of a container-level control without images is refused (Kyverno rejects it)', () => {
    const p = pssPolicy({ level: 'restricted', exclude: [{ controlName: 'Capabilities' }] });
    expect(p.unsupportedRules[0]?.reason).toMatch(/container-level control "Capabilities" without images/);
  });
});

describe('validate.podSecurity: rule responses', () => {
  it('passes and fails with Kyverno-worded messages', () => {
    const p = pssPolicy({ level: 'baseline', version: 'latest' });
    expect(evaluatePolicy(p, pod())[0]).toMatchObject({
      rule: 'check',
      status: 'pass',
      message: "Validation rule 'check' passed.",
    });
    const [fail] = evaluatePolicy(p, pod({ hostIPC: true }));
    expect(fail).toMatchObject({ rule: 'check', status: 'fail' });
    expect(fail!.message).toBe(
      'Validation rule \'check\' failed. It violates PodSecurity "baseline:latest": (Forbidden reason: host namespaces, field error list: [spec.hostIPC is forbidden, forbidden values found: true])',
    );
    const [twoChecks] = evaluatePolicy(
      pssPolicy({ level: 'restricted' }),
      pod({ containers: [{ name: 'app', image: 'x', securityContext: { privileged: true } }] }),
    );
    expect(twoChecks!.message).toBe(
      'Validation rule \'check\' failed. It violates PodSecurity "restricted:": ' +
        '(Forbidden reason: allowPrivilegeEscalation != false, field error list: [spec.containers[0].securityContext.allowPrivilegeEscalation is forbidden, forbidden values found: nil])' +
        '(Forbidden reason: unrestricted capabilities, field error list: [spec.containers[0].securityContext.capabilities.drop: Required value])' +
        '(Forbidden reason: privileged, field error list: [spec.containers[0].securityContext.privileged is forbidden, forbidden values found: true])' +
        '(Forbidden reason: runAsNonRoot != true, field error list: [spec.containers[0].securityContext.runAsNonRoot: Required value])' +
        '(Forbidden reason: seccompProfile, field error list: [spec.containers[0].securityContext.seccompProfile.type: Required value])',
    );
  });

  it('autogen evaluates the pod template of a Deployment and a CronJob', () => {
    const p = pssPolicy({ level: 'restricted', version: 'latest' });
    const template = (containers: Json[]) => ({ metadata: { labels: { a: 'b' } }, spec: { containers } });
    const deployment = (containers: Json[]): K8sObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: { template: template(containers) },
    });
    expect(evaluatePolicy(p, deployment([goodContainer()])).map((r) => [r.rule, r.status])).toEqual([
      ['autogen-check', 'pass'],
    ]);
    const [bad] = evaluatePolicy(p, deployment([{ name: 'c', image: 'x' }]));
    expect(bad).toMatchObject({ rule: 'autogen-check', status: 'fail', autogen: true });
    const cron: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cj', namespace: 'default' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: template([{ name: 'c', image: 'x' }]) } },
      },
    };
    expect(evaluatePolicy(p, cron).map((r) => [r.rule, r.status])).toEqual([
      ['autogen-cronjob-check', 'fail'],
    ]);
  });

  it('no response on DELETE', () => {
    const p = pssPolicy({ level: 'restricted' });
    expect(evaluatePolicy(p, pod({ hostIPC: true }), { operation: 'DELETE' })).toEqual([]);
  });

  it('user namespaces (hostUsers: false) as Kyverno evaluates them (kyverno pkg/pss/evaluate_userns_test.go)', () => {
    const ids = (
      level: 'baseline' | 'restricted',
      version: string,
      hostUsers: boolean | undefined,
      sc: Json,
      exclude: Json[] = [],
    ) => {
      const spec: Json = {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [goodContainer('nginx', 'nginx', { seccompProfile: undefined, ...sc })],
      };
      if (hostUsers !== undefined) spec.hostUsers = hostUsers;
      return evaluatePod(specOf({ level, version, exclude }), { metadata: {}, spec })
        .failures.map((f) => f.id)
        .sort();
    };
    const unmasked = { procMount: 'Unmasked' };
    const root = { runAsNonRoot: undefined, runAsUser: 0 };
    const nonRootFalse = { runAsNonRoot: false };
    // baseline procMount
    expect(ids('baseline', 'latest', false, unmasked)).toEqual([]);
    expect(ids('baseline', 'latest', true, unmasked)).toEqual(['procMount']);
    expect(ids('baseline', 'latest', undefined, unmasked)).toEqual(['procMount']);
    expect(ids('baseline', 'v1.32', false, unmasked)).toEqual(['procMount']);
    // restricted procMount
    expect(ids('restricted', 'latest', false, unmasked)).toEqual(['procMount_restricted']);
    expect(ids('restricted', 'latest', true, unmasked)).toEqual(['procMount', 'procMount_restricted']);
    expect(ids('restricted', 'v1.32', false, unmasked)).toEqual(['procMount', 'procMount_restricted']);
    // restricted runAsNonRoot and runAsUser
    expect(ids('restricted', 'latest', false, root)).toEqual([]);
    expect(ids('restricted', 'latest', true, root)).toEqual(['runAsNonRoot', 'runAsUser']);
    expect(ids('restricted', 'latest', undefined, root)).toEqual(['runAsNonRoot', 'runAsUser']);
    expect(ids('restricted', 'v1.32', false, root)).toEqual(['runAsNonRoot', 'runAsUser']);
    expect(ids('restricted', 'latest', false, nonRootFalse)).toEqual([]);
    expect(ids('restricted', 'v1.32', false, nonRootFalse)).toEqual(['runAsNonRoot']);
    // other controls are not relaxed
    expect(ids('restricted', 'latest', false, { privileged: true })).toEqual(['privileged']);
    // exclusions cover both procMount checks
    const byControl = [{ controlName: '/proc Mount Type', images: ['nginx'] }];
    const byValue = [
      {
        controlName: '/proc Mount Type',
        images: ['nginx'],
        restrictedField: 'spec.containers[*].securityContext.procMount',
        values: ['Unmasked'],
      },
    ];
    expect(ids('restricted', 'latest', false, unmasked, byControl)).toEqual([]);
    expect(ids('restricted', 'v1.32', true, unmasked, byControl)).toEqual([]);
    expect(ids('restricted', 'latest', false, unmasked, byValue)).toEqual([]);
  });

  it('PolicyExceptions: without podSecurity they skip; with podSecurity they exempt the named controls only', () => {
    const p = pssPolicy({ level: 'baseline', version: 'latest' });
    const exception = (podSecurity?: Json[]) => {
      const r = compileException({
        apiVersion: 'kyverno.io/v2',
        kind: 'PolicyException',
        metadata: { name: 'ex', namespace: 'team' },
        spec: {
          exceptions: [{ policyName: 'pss', ruleNames: ['check'] }],
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          ...(podSecurity ? { podSecurity } : {}),
        },
      });
      if (!r.exception) throw new Error(JSON.stringify(r.findings));
      return [r.exception];
    };
    const bad = pod({ hostIPC: true });
    expect(evaluatePolicy(p, bad, { exceptions: exception() })[0]).toMatchObject({
      status: 'skip',
      message: 'rule skipped due to policy exception team/ex',
    });
    expect(
      evaluatePolicy(p, bad, { exceptions: exception([{ controlName: 'Host Namespaces' }]) })[0],
    ).toMatchObject({ status: 'skip', message: 'rule skipped due to policy exception team/ex' });
    const [stillFails] = evaluatePolicy(p, bad, { exceptions: exception([{ controlName: 'Sysctls' }]) });
    expect(stillFails).toMatchObject({ status: 'fail' });
    expect(stillFails!.message).toContain('Forbidden reason: host namespaces');
    // a passing pod passes whatever the exception says
    expect(evaluatePolicy(p, pod(), { exceptions: exception([{ controlName: 'Sysctls' }]) })[0]?.status).toBe(
      'pass',
    );
  });
});
