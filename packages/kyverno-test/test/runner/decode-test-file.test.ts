import { loadYaml } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { decodeTestDocument } from '../../src/runner/decode-test-file.js';

function decode(text: string) {
  const doc = loadYaml(text, { file: 'kyverno-test.yaml' }).documents[0]!;
  return decodeTestDocument({
    value: doc.value,
    file: 'kyverno-test.yaml',
    line: doc.line,
    locate: doc.locate,
  });
}

describe('decodeTestDocument', () => {
  it('refuses an operation on a deleting policy row, as kyverno test does', () => {
    const { test, findings } = decode(`apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: t
policies: [p.yaml]
resources: [r.yaml]
results:
- policy: cleanup
  isDeletingPolicy: true
  kind: Pod
  resources: [a]
  operation: UPDATE
  result: pass
`);
    expect(findings.map((f) => [f.message, f.location?.line])).toEqual([
      ['invalid test result for policy cleanup: operation is not supported for deleting policies', 12],
    ]);
    // the whole test is refused, as the CLI refuses to run it
    expect(test).toBeUndefined();
  });

  it('reads the current schema', () => {
    const { test, findings } = decode(`apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: t1
policies: [p.yaml]
resources: [r.yaml]
variables: values.yaml
results:
- policy: p
  rule: r
  kind: Pod
  resources: [a, ns/b]
  result: fail
`);
    expect(findings).toEqual([]);
    expect(test).toMatchObject({ name: 't1', legacy: false, policies: ['p.yaml'], variables: 'values.yaml' });
    expect(test!.results[0]).toMatchObject({
      policy: 'p',
      rule: 'r',
      resources: ['a', 'ns/b'],
      result: 'fail',
      line: 9,
    });
  });

  it('converts the legacy un-versioned schema like kyverno fix test', () => {
    const { test, findings } = decode(`name: old-style
policies: [p.yaml]
resources: [r.yaml]
results:
- policy: p
  rule: r
  resource: a
  namespace: team
  status: pass
  kind: Pod
`);
    expect(findings).toEqual([]);
    expect(test).toMatchObject({ name: 'old-style', legacy: true });
    expect(test!.results[0]).toMatchObject({ policy: 'team/p', resources: ['a'], result: 'pass' });
  });

  it('matches field names case-insensitively; a MutatingPolicy row compares every response of the policy', () => {
    const { test } = decode(`apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata: {name: t}
policies: [p.yaml]
resources: [r.yaml]
results:
- policy: p
  resources: [a]
  result: pass
  isMUtatingPolicy: true
  patchedResources: patched.yaml
`);
    expect(test!.results[0]!.unsupportedFields).toEqual([]);
    expect(test!.results[0]!.isCelPolicy).toBe(true);
    expect(test!.results[0]!.patchedResources).toBe('patched.yaml');
  });

  it('rejects unknown fields and bad results with located findings', () => {
    const { test, findings } = decode(`apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata: {name: t}
policies: [p.yaml]
resultz: []
results:
- policy: p
  resources: [a]
  result: passed
`);
    expect(test).toBeUndefined();
    expect(findings.map((f) => [f.location?.line, f.message])).toEqual([
      [5, 'unknown field "resultz" in test (kyverno test decodes strictly)'],
      [7, 'results[0].result must be one of pass, fail, skip, warn, error (got "passed")'],
    ]);
  });
});
