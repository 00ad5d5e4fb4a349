import type { K8sObject } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { compileException, compilePolicy, evaluatePolicy } from '../../src/engine/index.js';

const policy = (
  rules: unknown[],
  extra: { kind?: string; namespace?: string; annotations?: Record<string, string>; spec?: object } = {},
) => {
  const r = compilePolicy({
    apiVersion: 'kyverno.io/v1',
    kind: extra.kind ?? 'ClusterPolicy',
    metadata: { name: 'pol', namespace: extra.namespace, annotations: extra.annotations },
    spec: { validationFailureAction: 'Enforce', rules, ...extra.spec },
  });
  if (!r.policy) throw new Error(JSON.stringify(r.findings));
  return r.policy;
};
const pod = (name: string, extra: Record<string, unknown> = {}, ns = 'default'): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...extra },
});
const requireLabel = {
  name: 'require-team',
  match: { any: [{ resources: { kinds: ['Pod'] } }] },
  validate: { message: 'team label required', pattern: { metadata: { labels: { team: '?*' } } } },
};

describe('evaluatePolicy', () => {
  it('fails with the path, passes when the pattern holds, and produces nothing for non-matching kinds', () => {
    const p = policy([requireLabel]);
    const [fail] = evaluatePolicy(p, pod('a'));
    expect(fail).toMatchObject({ policy: 'pol', rule: 'require-team', status: 'fail' });
    expect(fail!.message).toBe(
      'validation error: team label required. rule require-team failed at path /metadata/labels/team/',
    );
    const ok = pod('b');
    ok.metadata!.labels = { team: 'x' };
    expect(evaluatePolicy(p, ok)[0]!.status).toBe('pass');
    expect(
      evaluatePolicy(p, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' } }),
    ).toEqual([]);
  });
  it('evaluates autogen rules for controllers and reports them under autogen- names', () => {
    const p = policy([requireLabel]);
    const deploy: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: { template: { metadata: { labels: { team: 't' } }, spec: { containers: [] } } },
    };
    expect(evaluatePolicy(p, deploy)).toEqual([
      {
        policy: 'pol',
        rule: 'autogen-require-team',
        baseRule: 'require-team',
        status: 'pass',
        message: "validation rule 'autogen-require-team' passed.",
        autogen: true,
        failureAction: 'Enforce',
      },
    ]);
  });
  it('reports the failing JSON pointer (into the controller for autogen rules) and the effective failure action', () => {
    const p = policy(
      [
        { ...requireLabel, validate: { ...requireLabel.validate, failureAction: 'Audit' } },
        {
          name: 'no-privileged',
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          validate: {
            pattern: { spec: { containers: [{ '=(securityContext)': { '=(privileged)': false } }] } },
          },
        },
      ],
      { spec: { validationFailureActionOverrides: [{ action: 'Audit', namespaces: ['dev-*'] }] } },
    );
    const priv = pod('a', { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] });
    expect(evaluatePolicy(p, priv).map((r) => [r.rule, r.path, r.failureAction])).toEqual([
      ['require-team', '/metadata/labels/team', 'Audit'],
      ['no-privileged', '/spec/containers/0/securityContext/privileged', 'Enforce'],
    ]);
    expect(evaluatePolicy(p, pod('a', {}, 'dev-1'))[1]!.failureAction).toBe('Audit');
    const deploy: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        template: {
          metadata: { labels: { team: 't' } },
          spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] },
        },
      },
    };
    expect(evaluatePolicy(p, deploy)[1]!.path).toBe(
      '/spec/template/spec/containers/0/securityContext/privileged',
    );
  });
  it('scored: "false" turns fail into warn; Audit vs Enforce does not matter', () => {
    const p = policy([requireLabel], {
      annotations: { 'policies.kyverno.io/scored': 'false' },
      spec: { validationFailureAction: 'Audit' },
    });
    expect(evaluatePolicy(p, pod('a'))[0]!.status).toBe('warn');
  });
  it('a namespaced Policy only applies in its namespace and is keyed ns/name', () => {
    const p = policy([requireLabel], { kind: 'Policy', namespace: 'team-a' });
    expect(evaluatePolicy(p, pod('a'))).toEqual([]);
    expect(evaluatePolicy(p, pod('a', {}, 'team-a'))[0]).toMatchObject({
      policy: 'team-a/pol',
      status: 'fail',
    });
  });
  it('preconditions false ⇒ skip, precondition on a missing key ⇒ error', () => {
    const pre = (key: string) =>
      policy([{ ...requireLabel, preconditions: { all: [{ key, operator: 'Equals', value: 'prod' }] } }]);
    expect(evaluatePolicy(pre('{{ request.object.metadata.namespace }}'), pod('a'))[0]!.status).toBe('skip');
    expect(evaluatePolicy(pre('{{ request.object.metadata.labels.tier }}'), pod('a'))[0]!.status).toBe(
      'error',
    );
  });
  it('deny: conditions true ⇒ fail with templated message, deny: {} always fails', () => {
    const deny = policy([
      {
        name: 'no-latest',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: {
          message: '{{ request.object.metadata.name }} uses a tag',
          deny: {
            conditions: {
              any: [
                {
                  key: '{{ request.object.spec.containers[].image | [0] }}',
                  operator: 'Equals',
                  value: 'nginx:*',
                },
              ],
            },
          },
        },
      },
      { name: 'always', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { deny: {} } },
    ]);
    const r = evaluatePolicy(deny, pod('web'));
    expect(r.map((x) => [x.rule, x.status, x.message])).toEqual([
      ['no-latest', 'fail', 'web uses a tag'],
      ['always', 'fail', 'validation error: rule always failed'],
    ]);
  });
  it('foreach over containers with element variables; empty lists produce no response', () => {
    const p = policy([
      {
        name: 'no-latest',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: {
          foreach: [
            {
              list: 'request.object.spec.initContainers',
              deny: {
                conditions: { any: [{ key: '{{ element.image }}', operator: 'Equals', value: '*:latest' }] },
              },
            },
          ],
        },
      },
    ]);
    expect(evaluatePolicy(p, pod('a'))).toEqual([]);
    expect(
      evaluatePolicy(p, pod('a', { initContainers: [{ name: 'i', image: 'busybox:latest' }] }))[0],
    ).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('validation failure'),
    });
    expect(
      evaluatePolicy(p, pod('a', { initContainers: [{ name: 'i', image: 'busybox:1' }] }))[0]!.status,
    ).toBe('pass');
  });
  it('values files feed context entries and per-resource request values', () => {
    const p = policy([
      {
        name: 'allowed-registry',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        context: [{ name: 'allowed', configMap: { name: 'cm', namespace: 'default' } }],
        validate: {
          deny: {
            conditions: {
              all: [
                {
                  key: '{{ images.containers.*.registry }}',
                  operator: 'AnyNotIn',
                  value: '{{ allowed.data.registries }}',
                },
              ],
            },
          },
        },
      },
    ]);
    const values = {
      policies: [
        {
          name: 'pol',
          rules: [{ name: 'allowed-registry', values: { 'allowed.data.registries': '["docker.io"]' } }],
        },
      ],
    };
    expect(evaluatePolicy(p, pod('a'), { values })[0]!.status).toBe('pass');
    expect(
      evaluatePolicy(p, pod('a', { containers: [{ name: 'c', image: 'ghcr.io/x:1' }] }), { values })[0]!
        .status,
    ).toBe('fail');
    expect(evaluatePolicy(p, pod('a'))[0]!.status).toBe('error');
  });
  it('configMap, apiCall and globalReference entries resolve from offline data', () => {
    const p = policy([
      {
        name: 'offline',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        context: [
          {
            name: 'cm',
            configMap: { name: 'settings', namespace: '{{ request.object.metadata.namespace }}' },
          },
          {
            name: 'count',
            apiCall: { urlPath: '/api/v1/namespaces/default/pods', jmesPath: 'items | length(@)' },
          },
          { name: 'g', globalReference: { name: 'registries', jmesPath: '[0]' } },
        ],
        validate: {
          deny: {
            conditions: {
              any: [
                { key: '{{ cm.data.enabled }}', operator: 'Equals', value: 'false' },
                { key: '{{ count }}', operator: 'GreaterThan', value: 2 },
                { key: '{{ g }}', operator: 'NotEquals', value: 'docker.io' },
              ],
            },
          },
        },
      },
    ]);
    const ev = {
      clusterResources: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: 'default' },
          data: { enabled: 'true' },
        },
      ],
      apiCallResponses: [
        { urlPath: '/api/v1/namespaces/default/pods', response: { body: { items: [1, 2] } } },
      ],
      globalContextEntries: [{ name: 'registries', data: ['docker.io'] }],
    };
    expect(evaluatePolicy(p, pod('a'), ev)[0]!.status).toBe('pass');
    expect(
      evaluatePolicy(p, pod('a'), {
        ...ev,
        globalContextEntries: [{ name: 'registries', data: ['quay.io'] }],
      })[0]!.status,
    ).toBe('fail');
    expect(evaluatePolicy(p, pod('a', {}, 'other'), ev)[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('configmaps "settings" not found'),
    });
    expect(evaluatePolicy(p, pod('a'))[0]!.status).toBe('error');
  });
  it('match.operations, exclude and namespaceSelector from values', () => {
    const p = policy([
      {
        ...requireLabel,
        match: {
          any: [
            {
              resources: {
                kinds: ['Pod'],
                operations: ['UPDATE'],
                namespaceSelector: { matchLabels: { env: 'prod' } },
              },
            },
          ],
        },
        exclude: { any: [{ resources: { names: ['skip-*'] } }] },
      },
    ]);
    const values = { namespaceSelector: [{ name: 'default', labels: { env: 'prod' } }] };
    expect(evaluatePolicy(p, pod('a'), { values })).toEqual([]);
    expect(evaluatePolicy(p, pod('a'), { values, operation: 'UPDATE' })[0]!.status).toBe('fail');
    expect(evaluatePolicy(p, pod('skip-me'), { values, operation: 'UPDATE' })).toEqual([]);
    expect(evaluatePolicy(p, pod('a'), { operation: 'UPDATE' })).toEqual([]);
  });
  it('rules and policies repeating one exclude block are decided per resource, never from another resource', () => {
    // the same block content in every rule compiles to one block whose verdict is kept per request
    const excludeSystem = () => ({ any: [{ resources: { namespaces: ['kube-system'] } }] });
    const first = policy([
      { ...requireLabel, name: 'one', exclude: excludeSystem() },
      { ...requireLabel, name: 'two', exclude: excludeSystem() },
    ]);
    const second = policy([{ ...requireLabel, name: 'three', exclude: excludeSystem() }]);
    const ev = {};
    const system = pod('s', {}, 'kube-system');
    const app = pod('a');
    const rulesOf = (res: K8sObject) => [
      ...evaluatePolicy(first, res, ev).map((r) => `${r.rule}:${r.status}`),
      ...evaluatePolicy(second, res, ev).map((r) => `${r.rule}:${r.status}`),
    ];
    expect(rulesOf(system)).toEqual([]);
    expect(rulesOf(app)).toEqual(['one:fail', 'two:fail', 'three:fail']);
    expect(rulesOf(system)).toEqual([]);
    expect(rulesOf(pod('b', {}, 'kube-system'))).toEqual([]);
    expect(rulesOf(app)).toEqual(['one:fail', 'two:fail', 'three:fail']);
  });
  it('PolicyExceptions turn a matching rule into skip', () => {
    const p = policy([requireLabel]);
    const { exception } = compileException({
      apiVersion: 'kyverno.io/v2',
      kind: 'PolicyException',
      metadata: { name: 'ex', namespace: 'kyverno' },
      spec: {
        exceptions: [{ policyName: 'pol', ruleNames: ['require-*'] }],
        match: { any: [{ resources: { kinds: ['Pod'], names: ['legacy'] } }] },
      },
    });
    expect(evaluatePolicy(p, pod('legacy'), { exceptions: [exception!] })[0]).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('kyverno/ex'),
    });
    expect(evaluatePolicy(p, pod('other'), { exceptions: [exception!] })[0]!.status).toBe('fail');
  });
  it('reports rules it cannot run as unsupported and never evaluates them', () => {
    const MUTATE_DIGEST = 'verifyImages mutateDigest (resolving image digests needs registry access)';
    const p = policy([
      requireLabel,
      {
        name: 'pss',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { podSecurity: { level: 'baseline', version: '1.29' } },
      },
      {
        name: 'add-label',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        // mutateDigest (on by default) resolves digests from the registry: not evaluated offline
        verifyImages: [{ imageReferences: ['*'] }],
      },
    ]);
    expect(p.unsupportedRules).toEqual([
      { rule: 'pss', reason: 'validate.podSecurity version "1.29" (must be "latest" or "v1.x")' },
      { rule: 'add-label', reason: MUTATE_DIGEST },
      { rule: 'autogen-pss', reason: 'validate.podSecurity version "1.29" (must be "latest" or "v1.x")' },
      { rule: 'autogen-add-label', reason: MUTATE_DIGEST },
      {
        rule: 'autogen-cronjob-pss',
        reason: 'validate.podSecurity version "1.29" (must be "latest" or "v1.x")',
      },
      { rule: 'autogen-cronjob-add-label', reason: MUTATE_DIGEST },
    ]);
    expect(evaluatePolicy(p, pod('a')).map((r) => r.rule)).toEqual(['require-team']);
  });
  it('a pathological rule hits the time budget and reports error instead of hanging', () => {
    const big = Array.from({ length: 2000 }, (_, i) => ({ name: `c${i}`, image: 'x' }));
    const p = policy([
      {
        name: 'slow',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: {
          deny: {
            conditions: {
              any: [
                {
                  key: '{{ length(request.object.spec.containers[].name | map(&request, @) ) }}',
                  operator: 'Equals',
                  value: -1,
                },
              ],
            },
          },
        },
      },
    ]);
    const r = evaluatePolicy(p, pod('a', { containers: big }), { ruleTimeoutMs: 0 });
    expect(r[0]!.status).toBe('error');
  });
  it('rejects invalid policies with findings', () => {
    expect(
      compilePolicy({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'x' }, spec: {} })
        .findings[0],
    ).toMatchObject({
      ruleId: 'kyverno/invalid-policy',
    });
    expect(
      compilePolicy({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }).policy,
    ).toBeUndefined();
  });
});

describe('a missing key in conditions and patterns (kyverno v1.19.1 pkg/engine/variables)', () => {
  const team = '{{ request.object.metadata.labels.team }}';
  const rule = (name: string, extra: object) => ({
    name,
    match: { any: [{ resources: { kinds: ['Pod'] } }] },
    ...extra,
  });
  const anyName = { pattern: { metadata: { name: '?*' } } };
  const unknown = 'JMESPath query failed: Unknown key "team" in path';

  it('is an error, never null, with the messages Kyverno gives', () => {
    const p = policy([
      rule('pre-key', {
        preconditions: { all: [{ key: team, operator: 'Equals', value: 'a' }] },
        validate: anyName,
      }),
      rule('pre-value', {
        preconditions: { any: [{ key: 'a', operator: 'AnyIn', value: [team] }] },
        validate: anyName,
      }),
      rule('deny', { validate: { deny: { conditions: [{ key: team, operator: 'Equals', value: 'a' }] } } }),
      rule('pattern', { validate: { pattern: { metadata: { name: team } } } }),
    ]);
    expect(evaluatePolicy(p, pod('a')).map((r) => [r.rule, r.status, r.message])).toEqual([
      [
        'pre-key',
        'error',
        `failed to evaluate preconditions: failed to substitute variables in condition key: failed to resolve request.object.metadata.labels.team at path : ${unknown}`,
      ],
      [
        'pre-value',
        'error',
        `failed to evaluate preconditions: failed to substitute variables in condition value: failed to resolve request.object.metadata.labels.team at path /0: ${unknown}`,
      ],
      [
        'deny',
        'error',
        `failed to check deny conditions: failed to substitute variables in condition key: failed to resolve request.object.metadata.labels.team at path : ${unknown}`,
      ],
      [
        'pattern',
        'error',
        `variable substitution failed: failed to resolve request.object.metadata.labels.team at path /metadata/name: ${unknown}`,
      ],
    ]);
  });
});

describe('context variables (kyverno v1.19.1 pkg/engine/context/loaders/variable.go)', () => {
  it('a jmesPath that substitutes to a list is an error with Kyverno’s wording, before any default', () => {
    const rule = (jmesPath: string) => ({
      name: 'images',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      context: [{ name: 'image', variable: { jmesPath, default: 'fallback' } }],
      validate: { deny: { conditions: { all: [{ key: '{{ image }}', operator: 'Equals', value: 'x' }] } } },
    });
    const listPath = '{{ request.object.spec.containers[].image }}';
    const [bad] = evaluatePolicy(policy([rule(listPath)]), pod('a'));
    expect(bad).toMatchObject({ status: 'error' });
    expect(bad!.message).toBe(
      `failed to load context: jmespath value must be a string image ${listPath}: <nil>`,
    );
    const [ok] = evaluatePolicy(policy([rule('request.object.spec.containers[0].image')]), pod('a'));
    expect(ok).toMatchObject({ status: 'pass' });
  });
});
