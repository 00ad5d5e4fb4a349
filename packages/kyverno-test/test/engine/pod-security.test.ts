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

  it('pinned versions, the privileged level and restrictedField exclusions are reported as unsupported', () => {
    expect(pssPolicy({ level: 'baseline', version: 'v1.29' }).unsupportedRules[0]).toEqual({
      rule: 'check',
      reason: 'validate.podSecurity version "v1.29" (only latest is evaluated)',
    });
    expect(pssPolicy({ level: 'privileged' }).unsupportedRules).toHaveLength(3);
    const rf = pssPolicy({
      level: 'baseline',
      exclude: [
        { controlName: 'Sysctls', restrictedField: 'spec.securityContext.sysctls[*].name', values: ['a'] },
      ],
    });
    expect(rf.unsupportedRules[0]?.reason).toBe('validate.podSecurity exclude with restrictedField/values');
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
        '(Forbidden reason: allowPrivilegeEscalation != false, field error list: [spec.containers[0].securityContext.allowPrivilegeEscalation: Required value])' +
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

  it('no response on DELETE; user-namespace pods are an error, not a guess', () => {
    const p = pssPolicy({ level: 'restricted' });
    expect(evaluatePolicy(p, pod({ hostIPC: true }), { operation: 'DELETE' })).toEqual([]);
    const [r] = evaluatePolicy(p, pod({ hostUsers: false }));
    expect(r).toMatchObject({ status: 'error' });
    expect(r!.message).toMatch(/hostUsers=false/);
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
