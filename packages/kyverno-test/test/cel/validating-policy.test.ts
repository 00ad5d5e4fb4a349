import type { K8sObject } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import type { CelEvaluationContext } from '../../src/cel/cel-context.js';
import { compileValidatingPolicy } from '../../src/cel/vpol/compile-validating-policy.js';
import { evaluateValidatingPolicy } from '../../src/cel/vpol/evaluate-validating-policy.js';

const podRule = {
  apiGroups: [''],
  apiVersions: ['v1'],
  operations: ['CREATE', 'UPDATE'],
  resources: ['pods'],
};

function vpol(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'policies.kyverno.io/v1alpha1',
    kind: 'ValidatingPolicy',
    metadata: { name: 'p' },
    ...extra,
    spec: { matchConstraints: { resourceRules: [podRule] }, ...spec },
  } as K8sObject;
}

function run(policy: K8sObject, resource: K8sObject, ctx: CelEvaluationContext = {}) {
  const c = compileValidatingPolicy(policy);
  expect(c.findings).toEqual([]);
  return evaluateValidatingPolicy(c.policy!, resource, ctx).map((r) => ({
    rule: r.rule,
    status: r.status,
    message: r.message,
  }));
}

const pod = (spec: Record<string, unknown>, md: Record<string, unknown> = {}): K8sObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'x', namespace: 'default', ...md },
    spec,
  }) as K8sObject;
const deployment = (podSpec: Record<string, unknown>): K8sObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: { template: { metadata: { labels: { a: 'b' } }, spec: podSpec } },
  }) as K8sObject;
const cronjob = (podSpec: Record<string, unknown>): K8sObject =>
  ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c', namespace: 'default' },
    spec: { jobTemplate: { spec: { template: { spec: podSpec } } } },
  }) as K8sObject;

const noHostNetwork = vpol({
  validations: [{ expression: '!object.spec.?hostNetwork.orValue(false)', message: 'no host network' }],
});

describe('ValidatingPolicy evaluation', () => {
  it('one unnamed response per resource: pass / fail with message', () => {
    expect(run(noHostNetwork, pod({ containers: [] }))).toEqual([{ rule: '', status: 'pass', message: '' }]);
    expect(run(noHostNetwork, pod({ hostNetwork: true }))).toEqual([
      { rule: '', status: 'fail', message: 'no host network' },
    ]);
  });

  it('no match ⇒ no response', () => {
    expect(
      run(noHostNetwork, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } as K8sObject),
    ).toEqual([]);
  });

  it('autogen: pod policies apply to pod controllers through the rewritten expressions', () => {
    expect(run(noHostNetwork, deployment({ hostNetwork: true }))[0]!.status).toBe('fail');
    expect(run(noHostNetwork, deployment({}))[0]!.status).toBe('pass');
    expect(run(noHostNetwork, cronjob({ hostNetwork: true }))[0]!.status).toBe('fail');
    const labels = vpol({
      validations: [{ expression: "object.metadata.?labels[?'a'].orValue('') == 'b'" }],
    });
    expect(run(labels, deployment({}))[0]!.status).toBe('pass');
  });

  it('autogen off with controllers: [] and only for a single pods rule', () => {
    const off = vpol({
      autogen: { podControllers: { controllers: [] } },
      validations: [{ expression: 'true' }],
    });
    expect(run(off, deployment({}))).toEqual([]);
    const two = vpol({
      matchConstraints: { resourceRules: [podRule, { ...podRule, resources: ['configmaps'] }] },
      validations: [{ expression: 'true' }],
    });
    expect(run(two, deployment({}))).toEqual([]);
    const onlyCron = vpol({
      autogen: { podControllers: { controllers: ['cronjobs'] } },
      validations: [{ expression: 'true' }],
    });
    expect(run(onlyCron, deployment({}))).toEqual([]);
    expect(run(onlyCron, cronjob({}))[0]!.status).toBe('pass');
  });

  it('matchConditions: false ⇒ skip, error ⇒ error (skip with failurePolicy Ignore)', () => {
    const mc = (expression: string, extra = {}) =>
      vpol({
        ...extra,
        matchConditions: [{ name: 'mc', expression }],
        validations: [{ expression: 'false' }],
      });
    expect(run(mc('false'), pod({}))[0]!.status).toBe('skip');
    expect(run(mc('object.nope'), pod({}))[0]!.status).toBe('error');
    expect(run(mc('object.nope', { failurePolicy: 'Ignore' }), pod({}))[0]!.status).toBe('skip');
    expect(run(mc('true'), pod({}))[0]!.status).toBe('fail');
  });

  it('variables are lazy: an unused failing variable does not matter; used, it is an error naming it', () => {
    const p = (expression: string) =>
      vpol({
        variables: [
          { name: 'bad', expression: 'object.nope' },
          { name: 'ok', expression: '1' },
        ],
        validations: [{ expression }],
      });
    expect(run(p('variables.ok == 1'), pod({}))[0]!.status).toBe('pass');
    const r = run(p('variables.bad == 1'), pod({}))[0]!;
    expect(r.status).toBe('error');
    expect(r.rule).toBe('evaluation');
    expect(r.message).toMatch(/validations\[0\]: variables\[0\]\.expression: .*nope/);
  });

  it('first false validation decides; messageExpression, then message, then the index', () => {
    const p = vpol({
      validations: [
        { expression: 'true' },
        {
          expression: 'object.spec.containers.size() < 2',
          messageExpression: "'too many: ' + string(object.spec.containers.size())",
          message: 'static',
        },
        { expression: 'false', message: 'never reached' },
      ],
    });
    expect(run(p, pod({ containers: [{}, {}] }))[0]!.message).toBe('too many: 2');
    const q = vpol({ validations: [{ expression: 'true' }, { expression: 'false' }] });
    expect(run(q, pod({}))[0]!.message).toBe('CEL expression validation failed at index 1');
  });

  it('a non-bool validation result is an error', () => {
    expect(run(vpol({ validations: [{ expression: '1' }] }), pod({}))[0]!.status).toBe('error');
  });

  it('namespaceObject from the values namespaces, namespaceSelector on their labels', () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { tier: 'gold' }, annotations: { owner: 'me' } },
    } as K8sObject;
    const ctx: CelEvaluationContext = { values: { namespaces: [ns] } };
    const p = vpol({ validations: [{ expression: "namespaceObject.metadata.annotations.owner == 'me'" }] });
    expect(run(p, pod({}, { namespace: 'team-a' }), ctx)[0]!.status).toBe('pass');
    const sel = vpol({
      matchConstraints: { resourceRules: [podRule], namespaceSelector: { matchLabels: { tier: 'gold' } } },
      validations: [{ expression: 'true' }],
    });
    expect(run(sel, pod({}, { namespace: 'team-a' }), ctx)).toHaveLength(1);
    expect(run(sel, pod({}, { namespace: 'other' }), ctx)).toEqual([]);
  });

  it('request: operation CREATE, userInfo, kind and resource', () => {
    const p = vpol({
      validations: [
        {
          expression:
            "request.operation == 'CREATE' && request.kind.kind == 'Pod' && request.resource.resource == 'pods'",
        },
        { expression: "request.userInfo.username == 'alice' && 'dev' in request.userInfo.groups" },
      ],
    });
    expect(run(p, pod({}), { userInfo: { username: 'alice', groups: ['dev'] } })[0]!.status).toBe('pass');
  });

  it('NamespacedValidatingPolicy applies only in its namespace, as admission selects it, unless asked for any', () => {
    const p = vpol(
      { validations: [{ expression: 'true' }] },
      { kind: 'NamespacedValidatingPolicy', metadata: { name: 'p', namespace: 'team-a' } },
    );
    expect(run(p, pod({}, { namespace: 'team-a' }))).toHaveLength(1);
    expect(run(p, pod({}, { namespace: 'default' }))).toEqual([]);
    // kyverno test: no namespace predicate (cmd/cli/kubectl-kyverno/processor)
    const anyNamespace: CelEvaluationContext = { namespacedPolicyScope: 'any-namespace' };
    expect(run(p, pod({}, { namespace: 'default' }), anyNamespace)).toHaveLength(1);
  });

  it('resource.Get / resource.List / image.GetMetadata come from the Test context file, never guessed', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'allowed', namespace: 'default', labels: { x: 'y' } },
      data: { registries: 'ghcr.io' },
    };
    const ctx: CelEvaluationContext = {
      celContext: {
        resources: [cm],
        images: [{ image: 'ghcr.io/a/b:1', config: { created: '2020-01-01T00:00:00Z' } }],
      },
    };
    const get = vpol({
      variables: [{ name: 'cm', expression: "resource.Get('v1', 'configmaps', 'default', 'allowed')" }],
      validations: [
        { expression: 'object.spec.containers.all(c, c.image.startsWith(variables.cm.data.registries))' },
      ],
    });
    expect(run(get, pod({ containers: [{ image: 'ghcr.io/a/b:1' }] }), ctx)[0]!.status).toBe('pass');
    expect(run(get, pod({ containers: [{ image: 'docker.io/a' }] }), ctx)[0]!.status).toBe('fail');
    const list = vpol({
      validations: [{ expression: "resource.List('v1', 'configmaps', '', {'x': 'y'}).items.size() == 1" }],
    });
    expect(run(list, pod({}), ctx)[0]!.status).toBe('pass');
    const img = vpol({
      validations: [
        {
          expression:
            "object.spec.containers.all(c, timestamp(image.GetMetadata(c.image).config.created) < timestamp('2021-01-01T00:00:00Z'))",
        },
      ],
    });
    expect(run(img, pod({ containers: [{ image: 'ghcr.io/a/b:1' }] }), ctx)[0]!.status).toBe('pass');
    const missing = run(img, pod({ containers: [{ image: 'ghcr.io/other:2' }] }), ctx)[0]!;
    expect(missing.status).toBe('error');
    expect(missing.message).toMatch(/not found in the Test context file/);
    const noContext = run(get, pod({ containers: [{ image: 'ghcr.io/a/b:1' }] }))[0]!;
    expect(noContext.status).toBe('error');
    expect(noContext.message).toMatch(/needs a live cluster/);
    const http = run(
      vpol({ validations: [{ expression: "http.Get('https://example.com') != null" }] }),
      pod({}),
    )[0]!;
    expect(http.status).toBe('error');
    expect(http.message).toMatch(/http.Get.*not evaluated offline/);
  });

  it('policy.validationFailureAction follows validationActions', () => {
    const deny = compileValidatingPolicy(
      vpol({ validationActions: ['Deny'], validations: [{ expression: 'true' }] }),
    ).policy!;
    const audit = compileValidatingPolicy(
      vpol({ validationActions: ['Audit', 'Warn'], validations: [{ expression: 'true' }] }),
    ).policy!;
    expect([deny.validationFailureAction, audit.validationFailureAction]).toEqual(['Enforce', 'Audit']);
  });

  it('invalid documents are findings, not policies', () => {
    const noValidations = compileValidatingPolicy(vpol({ validations: [] }));
    expect(noValidations.policy).toBeUndefined();
    expect(noValidations.findings[0]!.message).toMatch(/validations must not be empty/);
    const badVersion = compileValidatingPolicy({
      ...vpol({ validations: [{ expression: 'true' }] }),
      apiVersion: 'policies.kyverno.io/v9',
    } as K8sObject);
    expect(badVersion.findings[0]!.message).toMatch(/unsupported apiVersion/);
  });
});

describe('variables with one name twice', () => {
  it('is an invalid policy (a list map keyed by name), never a leaked TypeError', () => {
    const c = compileValidatingPolicy(
      vpol({
        variables: [
          { name: 'a', expression: '1' },
          { name: 'b', expression: '2' },
          { name: 'a', expression: '3' },
        ],
        validations: [{ expression: 'variables.a == 1' }],
      }),
    );
    expect(c.policy).toBeUndefined();
    expect(c.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['kyverno/invalid-policy', 'ValidatingPolicy p: spec.variables[2].name: Duplicate value: "a"'],
    ]);
  });
});

describe('validationActions outside the CRD enum, or repeated', () => {
  // the CRD declares items `enum: [Deny, Audit, Warn]` and `x-kubernetes-list-type: set`: the CLI's
  // schema-validating loader and the API server refuse such a policy
  const messages = (actions: unknown[]) => {
    const c = compileValidatingPolicy(
      vpol({ validationActions: actions, validations: [{ expression: 'true' }] }),
    );
    return { loaded: c.policy !== undefined, findings: c.findings.map((f) => [f.ruleId, f.message]) };
  };
  it('an unknown action is an invalid policy with the API server message', () => {
    expect(messages(['Audit', 'test'])).toEqual({
      loaded: false,
      findings: [
        [
          'kyverno/invalid-policy',
          'ValidatingPolicy p: spec.validationActions[1]: Unsupported value: "test": supported values: "Deny", "Audit", "Warn"',
        ],
      ],
    });
  });
  it('a repeated action is an invalid policy', () => {
    expect(messages(['Deny', 'Deny']).findings).toEqual([
      ['kyverno/invalid-policy', 'ValidatingPolicy p: spec.validationActions[1]: Duplicate value: "Deny"'],
    ]);
  });
  it('the three known actions load', () => {
    expect(messages(['Deny', 'Audit', 'Warn'])).toEqual({ loaded: true, findings: [] });
  });
});
