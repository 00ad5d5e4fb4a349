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

  it('reads apiCallResponses and refuses the entries kyverno test refuses, on their line', () => {
    const head = 'apiVersion: cli.kyverno.io/v1alpha1\nkind: Test\nmetadata: {name: t}\npolicies: [p.yaml]\n';
    const ok = decode(`${head}apiCallResponses:
- {url: https://a.example.test/x, method: post, response: {body: {ok: true}}}
- {urlPath: /api/v1/namespaces, response: {statusCode: 404, body: {}}}
`);
    expect(ok.findings).toEqual([]);
    expect(ok.test!.unsupportedFields).toEqual([]);
    expect(ok.test!.apiCallResponses).toEqual([
      { url: 'https://a.example.test/x', method: 'POST', response: { body: { ok: true } } },
      { urlPath: '/api/v1/namespaces', response: { statusCode: 404, body: {} } },
    ]);
    const refused = (entries: string) =>
      decode(`${head}apiCallResponses:\n${entries}`).findings.map((f) => [f.location?.line, f.message]);
    expect(refused('- {response: {body: {}}}\n')).toEqual([
      [6, 'apiCallResponses[0]: either url or urlPath is required'],
    ]);
    expect(refused('- {url: ftp://a.example.test/x, response: {body: {}}}\n')).toEqual([
      [6, 'apiCallResponses[0]: url "ftp://a.example.test/x" must be an absolute https/http URL'],
    ]);
    expect(refused('- {urlPath: api/v1, response: {body: {}}}\n')).toEqual([
      [6, `apiCallResponses[0]: urlPath "api/v1" must be an absolute path starting with '/'`],
    ]);
    expect(refused('- {url: https://a.example.test/x, method: PUT, response: {body: {}}}\n')).toEqual([
      [6, 'apiCallResponses[0]: method must be GET or POST'],
    ]);
    expect(refused('- {url: https://a.example.test/x, response: {body: [1]}}\n')).toEqual([
      [6, 'apiCallResponses[0] "https://a.example.test/x": response.body must be a JSON object'],
    ]);
    expect(refused('- {url: https://a.example.test/x, response: {statusCode: 700, body: {}}}\n')).toEqual([
      [6, 'apiCallResponses[0] "https://a.example.test/x": statusCode 700 must be between 100 and 599'],
    ]);
    expect(
      refused(
        '- {url: https://a.example.test/x, method: GET, response: {body: {}}}\n- {url: https://a.example.test/x, method: get, response: {body: {}}}\n',
      ),
    ).toEqual([
      [
        7,
        'apiCallResponses: duplicate entry for "https://a.example.test/x" (key "GET:https://a.example.test/x") — each method+url combination must be unique',
      ],
    ]);
  });
});
