import type { K8sObject } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { CelEnvironment, FieldwiseCelObject, toCel } from '../../src/cel/adapter/index.js';
import { compileValidatingPolicy } from '../../src/cel/vpol/compile-validating-policy.js';
import { evaluateValidatingPolicy } from '../../src/cel/vpol/evaluate-validating-policy.js';

/**
 * Converting only the fields of `object` that a policy reads (src/cel/adapter/object-field-reads.ts,
 * convert-fields.ts): the analysis of each expression, the field-by-field conversion, and policies that
 * read different fields of one resource one after the other (the resource's conversion is shared).
 */
const env = new CelEnvironment({ libraries: [], variables: ['object', 'oldObject', 'request', 'variables'] });

function readsOf(source: string): string[] | 'all' {
  const r = env.compile(source);
  if (!r.ok) throw new Error(r.error);
  const reads = r.program.objectFieldReads;
  return reads === 'all' ? 'all' : [...reads].sort();
}

describe('objectFieldReads', () => {
  it.each([
    ['object.spec.containers.all(c, has(c.image))', ['spec']],
    ["has(object.status) && object.metadata.?name.orValue('') != ''", ['metadata', 'status']],
    ['oldObject.spec == object.spec', ['spec']],
    ["variables.x + 'a'", []],
    ['[1, 2].all(x, x > 0)', []],
  ])('%s reads %j', (source, expected) => {
    expect(readsOf(source)).toEqual(expected);
  });

  it.each([
    'object == oldObject',
    'object.size() > 0',
    "'spec' in object",
    'request.object.spec.replicas > 1',
    "request.operation == 'CREATE'",
    '[object].all(o, has(o.spec))',
    '[1].all(object, object > 0)',
    "{'a': oldObject}.size() == 1",
  ])('%s reads every field', (source) => {
    expect(readsOf(source)).toBe('all');
  });
});

describe('FieldwiseCelObject', () => {
  const input = { kind: 'Pod', spec: { replicas: 3, ratio: 1.5 }, status: { ready: 1 }, gone: undefined };

  it('converts the fields read only, and all of them as toCel does', () => {
    const f = new FieldwiseCelObject(input);
    f.convert(new Set(['spec', 'missing']));
    expect(f.value.spec).toEqual({ replicas: 3n, ratio: 1.5 });
    expect(f.value.status).toBe(input.status); // not read: left as it is
    f.convert('all');
    expect(f.value).toEqual(toCel(input));
    expect(Object.keys(f.value)).toEqual(Object.keys(toCel(input) as object));
    expect(input.spec.replicas).toBe(3); // the input is never modified
  });
});

describe('policies reading different fields of one resource', () => {
  const policy = (name: string, expression: string) => {
    const c = compileValidatingPolicy({
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'ValidatingPolicy',
      metadata: { name },
      spec: {
        matchConstraints: {
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
          ],
        },
        validations: [{ expression, messageExpression: "'got ' + string(object.status.ready + 1)" }],
      },
    } as K8sObject);
    expect(c.findings).toEqual([]);
    return c.policy!;
  };

  // `+ 1` on a field not converted (a JS number is a CEL double) is an error: ints prove the conversion
  it('sees int values in every field a later policy reads', () => {
    const resource = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { replicas: 3 },
      status: { ready: 2 },
    } as K8sObject;
    const results = [
      policy('a', 'object.spec.replicas + 1 == 4'),
      policy('b', 'object.status.ready == 3'),
      policy('c', "object.metadata.name == 'p' && object.spec.replicas == 3"),
      policy('d', 'request.object.status.ready == 2 && object == request.object'),
    ].map((p) => evaluateValidatingPolicy(p, resource)[0]);
    expect(results.map((r) => [r?.policy, r?.status, r?.message])).toEqual([
      ['a', 'pass', ''],
      ['b', 'fail', 'got 3'],
      ['c', 'pass', ''],
      ['d', 'pass', ''],
    ]);
  });
});
