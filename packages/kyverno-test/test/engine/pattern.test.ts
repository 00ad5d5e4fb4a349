import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchPattern } from '../../src/engine/pattern/match-pattern.js';
import { operatorOf } from '../../src/engine/pattern/operators.js';
import { validateScalar } from '../../src/engine/pattern/validate-scalar.js';

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});

describe('scalar patterns (pattern.Validate)', () => {
  it.each([
    ['?*', 'x', true],
    ['?*', '', false],
    ['*', '', true],
    ['>=10', 12, true],
    ['>=10', null, false],
    ['<=10', null, true],
    ['>0', undefined, false],
    ['<1Gi', '512Mi', true],
    ['<=100Mi', '0.1Gi', false],
    ['>1h', '90m', true],
    ['500m', '0.5', true],
    ['1', 1, true],
    ['!default', 'default', false],
    ['!default', 'prod', true],
    ['a | b', 'b', true],
    ['>1 & <5', 3, true],
    ['>1 & <5', 7, false],
    ['1-10', 5, true],
    ['1-10', 11, false],
    ['1!-10', 11, true],
    ['1!-10', 5, false],
    ['!1-10', '1-10', false],
    ['!1-10', '5', true],
    ['true', true, true],
    ['1E+00', 1, true],
    ['nginx:*', 'nginx:1.2', true],
  ])('pattern %j vs value %j ⇒ %j', (p, v, want) => expect(validateScalar(v, p)).toBe(want));

  it('number, bool and null patterns', () => {
    expect(validateScalar('80', 80)).toBe(true);
    expect(validateScalar(80.5, 80)).toBe(false);
    expect(validateScalar('true', true)).toBe(false);
    expect(validateScalar(false, null)).toBe(true);
    expect(validateScalar('', null)).toBe(true);
    expect(validateScalar({}, null)).toBe(false);
  });

  it('operator detection keeps "!1-10" as NotEqual and "1!-10" as NotInRange', () => {
    expect(operatorOf('!1-10')).toBe('!');
    expect(operatorOf('1!-10')).toBe('NotInRange');
    expect(operatorOf('1Mi-2Gi')).toBe('InRange');
    expect(operatorOf('>')).toBe('');
  });
});

describe('anchors and map/array walking (validate.MatchPattern)', () => {
  it('plain keys: missing field fails with the path', () => {
    const r = matchPattern(pod({ containers: [{ name: 'a' }] }), { spec: { containers: [{ image: '?*' }] } });
    expect(r).toMatchObject({ status: 'fail', path: '/spec/containers/0/image/' });
  });
  it('"*" at map level requires a non-null value', () => {
    expect(matchPattern({ a: null }, { a: '*' }).status).toBe('fail');
    expect(matchPattern({ a: 1 }, { a: '*' }).status).toBe('pass');
  });
  it('conditional anchor: mismatch skips the element, all elements skipped ⇒ rule skip', () => {
    const pattern = { spec: { containers: [{ '(name)': 'nginx', image: 'nginx:*' }] } };
    expect(matchPattern(pod({ containers: [{ name: 'a', image: 'x' }] }), pattern).status).toBe('skip');
    expect(matchPattern(pod({ containers: [{ name: 'nginx', image: 'x' }] }), pattern).status).toBe('fail');
    expect(
      matchPattern(
        pod({
          containers: [
            { name: 'nginx', image: 'nginx:1' },
            { name: 'b', image: 'x' },
          ],
        }),
        pattern,
      ).status,
    ).toBe('pass');
  });
  it('missing conditional anchor key skips the map', () => {
    const pattern = { spec: { '(hostNetwork)': true, containers: [{ image: 'x' }] } };
    expect(matchPattern(pod({ containers: [{ image: 'y' }] }), pattern).status).toBe('skip');
  });
  it('an anchor key never seen in the resource turns a failure into an error (AnchorMap.KeysAreMissing)', () => {
    const pattern = { spec: { '^(initContainers)': [{ image: 'a' }], hostNetwork: false } };
    expect(matchPattern(pod({ hostNetwork: true }), pattern).status).toBe('error');
    expect(matchPattern(pod({ hostNetwork: true, initContainers: [{ image: 'a' }] }), pattern).status).toBe(
      'fail',
    );
  });
  it('global anchor: mismatch anywhere skips the whole rule', () => {
    const pattern = { spec: { containers: [{ '<(image)': 'nginx:*', imagePullPolicy: 'Always' }] } };
    expect(
      matchPattern(pod({ containers: [{ image: 'busybox', imagePullPolicy: 'Never' }] }), pattern).status,
    ).toBe('skip');
    expect(
      matchPattern(pod({ containers: [{ image: 'nginx:1', imagePullPolicy: 'Never' }] }), pattern).status,
    ).toBe('fail');
  });
  it('equality anchor: absent is fine, present must match', () => {
    const pattern = { spec: { '=(hostNetwork)': false } };
    expect(matchPattern(pod({}), pattern).status).toBe('pass');
    expect(matchPattern(pod({ hostNetwork: true }), pattern).status).toBe('fail');
  });
  it('negation anchor: presence fails whatever the value', () => {
    const pattern = { spec: { volumes: [{ 'X(hostPath)': 'null' }] } };
    expect(matchPattern(pod({ volumes: [{ name: 'a', emptyDir: {} }] }), pattern).status).toBe('pass');
    expect(matchPattern(pod({ volumes: [{ name: 'a', hostPath: { path: '/' } }] }), pattern)).toMatchObject({
      status: 'fail',
    });
  });
  it('existence anchor: each pattern element must match at least one list element', () => {
    const pattern = { spec: { '^(containers)': [{ image: 'nginx:*' }] } };
    expect(
      matchPattern(pod({ containers: [{ image: 'busybox' }, { image: 'nginx:1' }] }), pattern).status,
    ).toBe('pass');
    expect(matchPattern(pod({ containers: [{ image: 'busybox' }] }), pattern).status).toBe('fail');
    expect(matchPattern(pod({}), pattern).status).toBe('pass');
  });
  it('empty resource array passes; scalar pattern applies to every element', () => {
    expect(matchPattern({ a: [] }, { a: [{ b: 1 }] }).status).toBe('pass');
    expect(matchPattern({ a: ['x', 'y'] }, { a: '?' }).status).toBe('pass');
    expect(matchPattern({ a: ['x', 'yy'] }, { a: '?' }).status).toBe('fail');
  });
  it('wildcard label keys in metadata expand to the first matching resource key', () => {
    const pattern = { metadata: { labels: { 'app.kubernetes.io/*': '?*' } } };
    expect(matchPattern({ metadata: { labels: { 'app.kubernetes.io/name': 'x' } } }, pattern).status).toBe(
      'pass',
    );
    expect(matchPattern({ metadata: { labels: { other: 'x' } } }, pattern).status).toBe('fail');
  });
  it('structure mismatch fails', () => {
    expect(matchPattern({ spec: 'x' }, { spec: { a: 1 } }).status).toBe('fail');
    expect(matchPattern({ spec: {} }, { spec: [{ a: 1 }] }).status).toBe('fail');
  });

  it('property: never throws on arbitrary patterns and resources', () => {
    const key = fc.oneof(
      fc.constantFrom('a', 'b', '(a)', '<(a)', '^(a)', '=(a)', 'X(a)', '+(a)', 'metadata', 'labels', 'app*'),
      fc.string({ maxLength: 6 }),
    );
    const scalar = fc.oneof(
      fc.constantFrom('*', '?*', '>1', '<=2Gi', '1-10', '1!-10', '!x', 'a|b', '>1 & <3', '1h', 'null', ''),
      fc.string({ maxLength: 8 }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, json, (resource, pattern) => {
        const r = matchPattern(resource, pattern);
        expect(['pass', 'fail', 'skip', 'error']).toContain(r.status);
      }),
      { numRuns: 2000 },
    );
  });
});
