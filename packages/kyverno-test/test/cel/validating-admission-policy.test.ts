import type { K8sObject } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { bindingsOf } from '../../src/policies/admission-policy-bindings.js';
import {
  compileValidatingAdmissionPolicy,
  validateWithAdmissionPolicy,
} from '../../src/policies/validating-admission-policy.js';

/**
 * The messages and verdicts of Kubernetes' validator as kyverno's CLI reports them (kyverno v1.19.1
 * pkg/admissionpolicy/validate.go validateResource; k8s.io/apiserver validating/validator.go).
 */
const configMapRule = {
  apiGroups: [''],
  apiVersions: ['v1'],
  operations: ['CREATE', 'UPDATE'],
  resources: ['configmaps'],
};

const settings = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default', labels: { team: 'a' } },
  data: { mode: 'relaxed' },
} as K8sObject;

function run(spec: Record<string, unknown>, bindings: K8sObject[] = [], params: K8sObject[] = []) {
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: 'p' },
    spec: { matchConstraints: { resourceRules: [configMapRule] }, ...spec },
  } as K8sObject;
  const compiled = compileValidatingAdmissionPolicy(policy, {});
  const info = { ...compiled.info, bindings: bindingsOf('p', bindings) };
  return validateWithAdmissionPolicy(compiled.policy!, info, settings, { paramResources: params }).map(
    (r) => ({ status: r.status, message: r.message }),
  );
}

const binding = (name: string, spec: Record<string, unknown>) =>
  ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName: 'p', validationActions: ['Deny'], ...spec },
  }) as K8sObject;

describe('ValidatingAdmissionPolicy failure messages', () => {
  const denied = "object.data.mode == 'strict'";

  it('a messageExpression string, trimmed', () => {
    expect(
      run({
        validations: [{ expression: denied, messageExpression: "'  mode is ' + object.data.mode + ' '" }],
      }),
    ).toEqual([{ status: 'fail', message: 'mode is relaxed' }]);
  });

  it('falls back to message when the messageExpression is multi-line, not a string or errors', () => {
    for (const messageExpression of ["'a\\nb'", '1', 'object.data.missing']) {
      expect(
        run({ validations: [{ expression: denied, messageExpression, message: ' must be strict ' }] }),
      ).toEqual([{ status: 'fail', message: 'must be strict' }]);
    }
  });

  it('without a message: the failed expression', () => {
    expect(run({ validations: [{ expression: ` ${denied} ` }] })).toEqual([
      { status: 'fail', message: `failed expression: ${denied}` },
    ]);
  });

  it('an evaluation error names the expression', () => {
    const [r] = run({ validations: [{ expression: "object.data.missing == 'x'" }] });
    expect(r!.status).toBe('error');
    expect(r!.message).toMatch(/^expression 'object\.data\.missing == 'x'' resulted in error: /);
  });

  it('an expression that does not compile errors when evaluated', () => {
    const [r] = run({ validations: [{ expression: 'object.data.mode ==' }] });
    expect(r!.status).toBe('error');
    expect(r!.message).toMatch(/^compilation error: /);
  });

  it('a false matchCondition: skip, "match conditions aren\'t met"', () => {
    expect(
      run({
        matchConditions: [{ name: 'never', expression: 'false' }],
        validations: [{ expression: 'false' }],
      }),
    ).toEqual([{ status: 'skip', message: "match conditions aren't met" }]);
  });

  it('auditAnnotations never change the verdict, even when they fail', () => {
    expect(
      run({
        validations: [{ expression: 'true' }],
        auditAnnotations: [{ key: 'k', valueExpression: 'object.data.missing' }],
      }),
    ).toEqual([{ status: 'pass', message: '' }]);
  });
});

describe('ValidatingAdmissionPolicy environment and shape', () => {
  it('`params` without a paramKind and `authorizer` are not declared: the expression errors', () => {
    for (const expression of [
      'params == null',
      "authorizer.group('apps').resource('deployments').check('get').allowed()",
    ]) {
      const [r] = run({ validations: [{ expression }] });
      expect(r!.status).toBe('error');
      expect(r!.message).toMatch(/^compilation error: /);
    }
    expect(
      run({
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        validations: [{ expression: 'params == null' }],
      }),
    ).toEqual([{ status: 'pass', message: '' }]);
  });

  it('without validations the policy passes (the CLI does not validate it)', () => {
    expect(run({ auditAnnotations: [{ key: 'k', valueExpression: "'v'" }] })).toEqual([
      { status: 'pass', message: '' },
    ]);
  });
});

describe('ValidatingAdmissionPolicy bindings', () => {
  const limit = (name: string, value: string, labels: Record<string, string> = {}) =>
    ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'default', labels },
      data: { mode: value },
    }) as K8sObject;
  const spec = {
    paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    // the policy's constraints select Secrets only: with bindings they are not consulted
    matchConstraints: { resourceRules: [{ ...configMapRule, resources: ['secrets'] }] },
    validations: [
      { expression: 'object.data.mode == params.data.mode', messageExpression: 'params.data.mode' },
    ],
  };

  it('without bindings the policy constraints decide', () => {
    expect(run(spec)).toEqual([]);
  });

  it('every matching binding is evaluated and the last answers', () => {
    const params = [limit('strict', 'strict'), limit('relaxed', 'relaxed')];
    const first = binding('first', { paramRef: { name: 'relaxed' } });
    const second = binding('second', { paramRef: { name: 'strict' } });
    expect(run(spec, [first, second], params)).toEqual([{ status: 'fail', message: 'strict' }]);
    expect(run(spec, [second, first], params)).toEqual([{ status: 'pass', message: '' }]);
    const elsewhere = binding('elsewhere', {
      paramRef: { name: 'strict' },
      matchResources: { objectSelector: { matchLabels: { team: 'b' } } },
    });
    expect(run(spec, [first, elsewhere], params)).toEqual([{ status: 'pass', message: '' }]);
  });

  it('a paramRef selector gives the selected params as a list', () => {
    const listSpec = {
      ...spec,
      validations: [{ expression: 'params.items.all(p, p.data.mode == object.data.mode)' }],
    };
    const params = [limit('one', 'relaxed', { use: 'yes' }), limit('two', 'strict', { use: 'no' })];
    const selected = (use: string) =>
      binding('b', { paramRef: { selector: { matchLabels: { use } }, parameterNotFoundAction: 'Deny' } });
    expect(run(listSpec, [selected('yes')], params)).toEqual([{ status: 'pass', message: '' }]);
    expect(run(listSpec, [selected('no')], params)[0]!.status).toBe('fail');
    // nothing selected: params is null whatever parameterNotFoundAction says
    expect(run(listSpec, [selected('maybe')], params)[0]!.status).toBe('error');
  });
});

describe('ValidatingAdmissionPolicy request', () => {
  it('with bindings, request.resource is still named from the policy rules (as the REST mapping names it)', () => {
    const policy = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: {
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: ['example.com'],
              apiVersions: ['v1'],
              operations: ['CREATE'],
              resources: ['widgetries'],
            },
          ],
        },
        validations: [
          { expression: "request.resource.resource == 'widgetries' && request.operation == 'CREATE'" },
        ],
      },
    } as K8sObject;
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'default' },
    };
    const compiled = compileValidatingAdmissionPolicy(policy, {});
    const info = { ...compiled.info, bindings: bindingsOf('p', [binding('b', {})]) };
    const results = validateWithAdmissionPolicy(compiled.policy!, info, widget as K8sObject, {
      operation: 'UPDATE',
    });
    expect(results.map((r) => r.status)).toEqual(['pass']);
  });
});
