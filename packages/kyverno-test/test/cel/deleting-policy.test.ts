import type { K8sObject } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { compileDeletingPolicy } from '../../src/cel/dpol/compile-deleting-policy.js';
import { evaluateDeletingPolicy } from '../../src/cel/dpol/evaluate-deleting-policy.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'team-a', labels: { app: 'web' } },
} as K8sObject;

function policy(spec: Record<string, unknown>, kind = 'DeletingPolicy') {
  const compiled = compileDeletingPolicy({
    apiVersion: 'policies.kyverno.io/v1',
    kind,
    metadata: { name: 'cleanup', namespace: 'team-a' },
    spec: { schedule: '0 * * * *', ...spec },
  } as K8sObject);
  return compiled;
}

const pods = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] };

describe('DeletingPolicy', () => {
  it('answers with the CLI messages: matched ⇒ pass, a false condition ⇒ fail', () => {
    const yes = policy({
      matchConstraints: pods,
      conditions: [{ name: 'a', expression: "object.metadata.name == 'web'" }],
    });
    expect(evaluateDeletingPolicy(yes.policy!, pod)).toMatchObject([
      { rule: 'cleanup', status: 'pass', message: 'resource matched' },
    ]);
    const no = policy({
      matchConstraints: pods,
      conditions: [{ name: 'a', expression: "object.metadata.name == 'db'" }],
    });
    expect(evaluateDeletingPolicy(no.policy!, pod)).toMatchObject([
      { status: 'fail', message: 'resource did not match' },
    ]);
  });

  it('a false condition wins over an earlier error; errors alone are an error', () => {
    const both = policy({
      matchConstraints: pods,
      conditions: [
        { name: 'broken', expression: 'object.spec.missing == 1' },
        { name: 'false', expression: 'false' },
      ],
    });
    expect(evaluateDeletingPolicy(both.policy!, pod)[0]!.status).toBe('fail');
    const broken = policy({ matchConstraints: pods, conditions: [{ name: 'b', expression: "'text'" }] });
    expect(evaluateDeletingPolicy(broken.policy!, pod)[0]).toMatchObject({
      status: 'error',
      message: 'conditions[0].expression: expression must evaluate to bool',
    });
  });

  it('has no request or oldObject: reading them is an error', () => {
    const p = policy({
      matchConstraints: pods,
      conditions: [{ name: 'r', expression: "request.operation == 'CREATE'" }],
    });
    expect(evaluateDeletingPolicy(p.policy!, pod)[0]!.status).toBe('error');
  });

  it('without matchConstraints selects no typed resource; an empty one selects every resource', () => {
    expect(evaluateDeletingPolicy(policy({}).policy!, pod)).toEqual([]);
    expect(evaluateDeletingPolicy(policy({ matchConstraints: {} }).policy!, pod)[0]!.status).toBe('pass');
  });

  it('a namespaceSelector sees only the name label of a namespace the values do not describe', () => {
    const selector = (labels: Record<string, string>) =>
      policy({ matchConstraints: { ...pods, namespaceSelector: { matchLabels: labels } } }).policy!;
    expect(evaluateDeletingPolicy(selector({ 'kubernetes.io/metadata.name': 'team-a' }), pod)).toHaveLength(
      1,
    );
    expect(evaluateDeletingPolicy(selector({ env: 'dev' }), pod)).toEqual([]);
    const values = {
      namespaces: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { env: 'dev' } } },
      ],
    };
    expect(evaluateDeletingPolicy(selector({ env: 'dev' }), pod, { values } as never)).toHaveLength(1);
  });

  it('a condition that does not compile is a located finding and answers error', () => {
    const p = policy({ matchConstraints: pods, conditions: [{ name: 'x', expression: 'object.(' }] });
    expect(p.findings).toHaveLength(1);
    expect(p.findings[0]!.message).toMatch(/conditions\[0\]\.expression/);
    expect(evaluateDeletingPolicy(p.policy!, pod)[0]!.status).toBe('error');
  });

  it('refuses a version the kind is not served in', () => {
    expect(
      compileDeletingPolicy({
        apiVersion: 'policies.kyverno.io/v1alpha1',
        kind: 'NamespacedDeletingPolicy',
        metadata: { name: 'x', namespace: 'a' },
        spec: {},
      } as K8sObject).policy,
    ).toBeUndefined();
  });
});
