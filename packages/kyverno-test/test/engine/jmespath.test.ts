import { describe, expect, it } from 'vitest';
import { JmesPathError, searchJmesPath } from '../../src/engine/jmespath/search.js';

const data = {
  request: {
    object: {
      metadata: { name: 'web', labels: { app: 'nginx' } },
      spec: {
        containers: [
          { name: 'a', image: 'nginx:1.25', ports: [{ containerPort: 80 }] },
          { name: 'b', image: 'busybox' },
        ],
      },
    },
  },
};
const q = (expr: string, d: unknown = data) => searchJmesPath(expr, d);

describe('Kyverno go-jmespath fork semantics', () => {
  it('errors on a missing map key in a path', () => {
    expect(() => q('request.object.metadata.labels.team')).toThrowError(/Unknown key "team" in path/);
    expect(() => q('request.oldObject')).toThrowError(JmesPathError);
  });
  it('swallows missing keys in ||, comparators, functions, projections and filters', () => {
    expect(q("request.object.metadata.labels.team || 'none'")).toBe('none');
    expect(q("request.object.metadata.labels.team == 'x'")).toBe(false);
    expect(q('length(request.object.metadata.annotations || `{}`)')).toBe(0);
    expect(q('request.object.spec.containers[].ports[].containerPort')).toEqual([80]);
    expect(q('request.object.spec.containers[?securityContext.privileged == `true`].name')).toEqual([]);
    expect(q('request.object.spec.initContainers[].image')).toBeNull();
  });
  it('`a || b` with both keys missing is null, not an error', () => {
    expect(q('request.object.metadata.labels.team || request.object.metadata.labels.owner')).toBeNull();
    expect(q('request.object.metadata.annotations."x" || ""')).toBeNull();
  });
  it('field access on null or non-objects is null, not an error', () => {
    expect(q('request.object.metadata.name.foo')).toBeNull();
    expect(q('a.b', { a: null })).toBeNull();
  });
  it("keeps backslashes in raw strings like Go (only \\' is unescaped)", () => {
    expect(q("'a\\\\b'", {})).toBe('a\\\\b');
    expect(q("'it\\'s'", {})).toBe("it's");
  });
  it('supports the 2015 grammar: slices, multiselect, pipes, flatten, expression refs', () => {
    expect(q('[0:1]', [1, 2, 3])).toEqual([1]);
    expect(q('[::-1]', [1, 2, 3])).toEqual([3, 2, 1]);
    expect(q('{n: name, i: image}', { name: 'a', image: 'b' })).toEqual({ n: 'a', i: 'b' });
    expect(q('request.object.spec.containers[*].name | [0]')).toBe('a');
    expect(q('sort_by(@, &n)[].n', [{ n: 2 }, { n: 1 }])).toEqual([1, 2]);
    expect(q('`[[1,2],[3]]`[]', {})).toEqual([1, 2, 3]);
    expect(q('max_by(@, &v).v', [{ v: 1 }, { v: 5 }])).toBe(5);
  });
  it('reads a multiselect hash with a comma left out between pairs, as go-jmespath does', () => {
    // parseMultiSelectHash loops on to the next key unless it sees `,` or `}`
    expect(q("{op: 'add' path: join('/', ['', name]) value: image}", { name: 'a', image: 'b' })).toEqual({
      op: 'add',
      path: '/a',
      value: 'b',
    });
    expect(() => q('{a: name 1}', {})).toThrowError(/syntax error/);
    expect(() => q('{a: name', {})).toThrowError(/syntax error/);
  });
  it('rejects invalid expressions with a syntax error', () => {
    expect(() => q('request.[')).toThrowError(/syntax error/);
    expect(() => q('`{bad`', {})).toThrowError(JmesPathError);
  });
});

describe('Kyverno custom functions', () => {
  it.each([
    ["to_upper('abc')", 'ABC'],
    ["split('a,b', ',')", ['a', 'b']],
    ["regex_match('^nginx', 'nginx:1')", true],
    ["regex_replace_all('([a-z]+):(.*)', 'nginx:1.2', '$2')", '1.2'],
    ["regex_replace_all_literal('a', 'banana', '$1')", 'b$1n$1n$1'],
    ["pattern_match('nginx:*', 'nginx:1.2')", true],
    ["truncate('abcdef', `3`)", 'abc'],
    ["trim('--a--', '-')", 'a'],
    ["trim_prefix('docker.io/nginx', 'docker.io/')", 'nginx'],
    ["replace('aaa', 'a', 'b', `2`)", 'bba'],
    ["replace_all('aaa', 'a', 'b')", 'bbb'],
    ["equal_fold('ABC', 'abc')", true],
    ["compare('a', 'b')", -1],
    ["base64_decode('aGVsbG8=')", 'hello'],
    ["base64_encode('hello')", 'aGVsbG8='],
    ["to_boolean('TRUE')", true],
    ["semver_compare('1.2.3', '>=1.0.0')", true],
    ['parse_json(\'{"a":[1]}\').a[0]', 1],
    ["parse_yaml('a: yes').a", true],
    [
      'items(`{"b":1,"a":2}`, \'k\', \'v\')',
      [
        { k: 'a', v: 2 },
        { k: 'b', v: 1 },
      ],
    ],
    ["object_from_lists(['a','b'], [`1`])", { a: 1, b: null }],
    ['lookup(`{"a":1}`, \'b\')', null],
    ['label_match(`{"app":"x"}`, `{"app":"x","t":"y"}`)', true],
    ["path_canonicalize('/a/../b//c/')", '/b/c'],
    ['add(`1`, `2`)', 3],
    ["add('1Gi', '512Mi')", '1536Mi'],
    ["subtract('1h', '30m0s')", '30m0s'],
    ["multiply('100Mi', `2`)", '200Mi'],
    ["divide('1Gi', '512Mi')", 2],
    ["divide('1h', '30m0s')", 2],
    ['modulo(`7`, `3`)', 1],
    ['sum(`[1,2,3]`)', 6],
    ["sum(['1Gi', '1Gi'])", '2Gi'],
    ['round(`1.256`, `2`)', 1.26],
    ["time_since('', '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z')", '24h0m0s'],
    ["time_add('2020-01-01T00:00:00Z', '1h')", '2020-01-01T01:00:00Z'],
    ["time_before('2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z')", true],
    ["time_to_cron('2023-02-02T15:04:05Z')", '4 15 2 2 4'],
    ["time_since('2006-01-02 15:04', '2023-02-02 15:04', '2023-02-03 15:04')", '24h0m0s'],
    [
      "time_since('2006-01-02 15:04:05.999999999 -0700', '2023-02-02 15:04:05 +0100', '2023-02-02 15:04:05.5 +0100')",
      '500ms',
    ],
    ["image_normalize('nginx')", 'docker.io/library/nginx:latest'],
    ["sha256('a')", 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'],
  ])('%s', (expr, want) => {
    expect(q(expr, {})).toEqual(want);
  });
  it('errors like Kyverno on bad arguments', () => {
    expect(() => q('sum(`[]`)', {})).toThrowError(/at least one element/);
    expect(() => q("add('1Gi', `1`)", {})).toThrowError(JmesPathError);
    expect(() => q("to_boolean('yes')", {})).toThrowError(JmesPathError);
    expect(() => q("random('[a-z]{5}')", {})).toThrowError(/not supported/);
    expect(() => q('length(`1`)', {})).toThrowError(/Invalid type/);
    expect(() => q('nope()', {})).toThrowError(/Unknown function/);
  });
});
