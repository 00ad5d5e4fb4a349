import type { K8sObject } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import type { CelEvaluationContext } from '../../src/cel/cel-context.js';
import type { LoadedPolicy } from '../../src/index.js';
import { evaluateLoadedPolicy } from '../../src/policies/evaluate-loaded-policy.js';
import { compilePolicyDocuments } from '../../src/policies/load-policies.js';

function load(policy: Record<string, unknown>): LoadedPolicy {
  const r = compilePolicyDocuments([
    {
      value: policy,
      file: 'p.yaml',
      absPath: '/p.yaml',
      index: 0,
      line: 1,
      column: 1,
      locate: () => undefined,
    },
  ]);
  expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  return r.policies[0]!;
}

const rule = (name: string, cel: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name,
  match: { any: [{ resources: { kinds: ['Pod'] } }] },
  validate: { cel },
  ...extra,
});

const policy = (rules: unknown[], annotations: Record<string, string> = {}) => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'cp', annotations },
  spec: { validationFailureAction: 'Enforce', rules },
});

const pod = (spec: Record<string, unknown>): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default' }, spec }) as K8sObject;

const run = (lp: LoadedPolicy, r: K8sObject, ctx: CelEvaluationContext = {}) =>
  evaluateLoadedPolicy(lp, r, ctx).map((x) => `${x.rule}:${x.status}`);

describe('classic validate.cel', () => {
  const noPriv = rule('no-privileged', {
    expressions: [
      {
        expression: 'object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))',
        message: 'no privileged',
      },
    ],
  });

  it("an expression without its own message fails with the rule's validate.message", () => {
    const noHostPort = {
      name: 'no-host-port',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      validate: {
        message: 'ports are not allowed',
        cel: {
          expressions: [
            { expression: 'object.spec.containers.all(c, !has(c.ports))' },
            { expression: 'object.spec.containers.all(c, c.name != "b")', message: 'not b' },
          ],
        },
      },
    };
    const lp = load(policy([noHostPort]));
    const messages = (r: K8sObject) => evaluateLoadedPolicy(lp, r, {}).map((x) => x.message);
    expect(messages(pod({ containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] }))).toEqual([
      'ports are not allowed',
    ]);
    expect(messages(pod({ containers: [{ name: 'b' }] }))).toEqual(['not b']);
  });

  it('is evaluated (no longer unsupported), with autogen rule names', () => {
    const lp = load(policy([noPriv]));
    expect(lp.policy.unsupportedRules).toEqual([]);
    expect(run(lp, pod({ containers: [{ name: 'a' }] }))).toEqual(['no-privileged:pass']);
    expect(run(lp, pod({ containers: [{ name: 'a', securityContext: { privileged: true } }] }))).toEqual([
      'no-privileged:fail',
    ]);
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: { template: { spec: { containers: [{ securityContext: { privileged: true } }] } } },
    } as K8sObject;
    expect(run(lp, deploy)).toEqual(['autogen-no-privileged:fail']);
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'default' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{}] } } } } },
    } as K8sObject;
    expect(run(lp, cron)).toEqual(['autogen-cronjob-no-privileged:pass']);
  });

  it('an evaluation error is fail (not error), unlike ValidatingPolicy', () => {
    const lp = load(policy([rule('r', { expressions: [{ expression: 'object.spec.nope == 1' }] })]));
    const r = evaluateLoadedPolicy(lp, pod({}));
    expect(r.map((x) => x.status)).toEqual(['fail']);
    expect(r[0]!.message).toMatch(/expressions\[0\]\.expression: .*nope/);
  });

  it('celPreconditions false ⇒ skip; the first false expression gives the message', () => {
    const lp = load(
      policy([
        rule(
          'r',
          {
            expressions: [
              { expression: 'true' },
              { expression: 'false', messageExpression: "'bad ' + object.metadata.name" },
            ],
          },
          { celPreconditions: [{ name: 'has-host-network', expression: 'has(object.spec.hostNetwork)' }] },
        ),
      ]),
    );
    expect(run(lp, pod({}))).toEqual(['r:skip']);
    const r = evaluateLoadedPolicy(lp, pod({ hostNetwork: true }));
    expect(r.map((x) => [x.status, x.message])).toEqual([['fail', 'bad x']]);
  });

  it('variables and request.operation from the values file', () => {
    const lp = load(
      policy([
        rule('r', {
          variables: [{ name: 'n', expression: 'object.spec.containers.size()' }],
          expressions: [{ expression: "variables.n < 2 && request.operation == 'UPDATE'" }],
        }),
      ]),
    );
    expect(
      run(lp, pod({ containers: [{}] }), { values: { globalValues: { 'request.operation': 'UPDATE' } } }),
    ).toEqual(['r:pass']);
    expect(run(lp, pod({ containers: [{}] }))).toEqual(['r:fail']);
  });

  it('mixes with pattern rules of the same policy; scored: "false" turns fail into warn', () => {
    const pattern = {
      name: 'needs-label',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      validate: { message: 'label', pattern: { metadata: { labels: { app: '?*' } } } },
    };
    const lp = load(policy([pattern, noPriv], { 'policies.kyverno.io/scored': 'false' }));
    expect(run(lp, pod({ containers: [{ securityContext: { privileged: true } }] }))).toEqual([
      'needs-label:warn',
      'no-privileged:warn',
    ]);
  });

  it('match/exclude are the classic ones: an excluded namespace gets no response', () => {
    const lp = load(
      policy([{ ...noPriv, exclude: { any: [{ resources: { namespaces: ['kube-system'] } }] } }]),
    );
    const sys = {
      ...pod({ containers: [] }),
      metadata: { name: 'x', namespace: 'kube-system' },
    } as K8sObject;
    expect(run(lp, sys)).toEqual([]);
  });

  it('Kyverno libraries are not in the classic env: a compile error, reported as a finding and a fail', () => {
    const r = compilePolicyDocuments([
      {
        value: policy([
          rule('r', {
            expressions: [{ expression: "resource.Get('v1', 'configmaps', 'default', 'x') != null" }],
          }),
        ]),
        file: 'p.yaml',
        absPath: '/p.yaml',
        index: 0,
        line: 1,
        column: 1,
        locate: () => ({ line: 7, column: 3 }),
      },
    ]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.location?.file}:${f.location?.line}`)).toEqual([
      'kyverno/invalid-cel p.yaml:7',
    ]);
    expect(run(r.policies[0]!, pod({}))).toEqual(['r:fail']);
  });
});
