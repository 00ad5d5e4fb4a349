/**
 * Invariants of the pattern matcher beyond "never throws" (pattern.test.ts): a resource without
 * operators or wildcards matches itself, a field it lacks fails the match, matching never changes
 * the resource, and the same inputs always give the same outcome.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchPattern } from '../../src/engine/pattern/match-pattern.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const plainKey = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const plainScalar: fc.Arbitrary<Json> = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9.:/]{0,10}$/),
  fc.nat({ max: 100_000 }),
  fc.boolean(),
);

/**
 * Maps of plain keys. A pattern array's first element is applied to every resource element (Kyverno's
 * validateArray), so self-matching arrays repeat one scalar or hold one map.
 */
const { value } = fc.letrec<{ value: Json; map: Json; arr: Json }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, plainScalar, tie('map'), tie('arr')),
  map: fc.dictionary(plainKey, tie('value'), { minKeys: 1, maxKeys: 4 }),
  arr: fc.oneof(
    fc.tuple(plainScalar, fc.integer({ min: 1, max: 3 })).map(([v, n]) => Array<Json>(n).fill(v)),
    tie('map').map((m) => [m]),
  ),
}));
const resource = fc.dictionary(plainKey, value, { minKeys: 1, maxKeys: 5 }) as fc.Arbitrary<
  Record<string, Json>
>;

describe('matchPattern invariants', () => {
  it('a pattern array applies its first scalar to every element', () => {
    expect(matchPattern({ a: [1, 1] }, { a: [1, 2] }).status).toBe('pass');
    expect(matchPattern({ a: [1, 2] }, { a: [1, 2] }).status).toBe('fail');
  });

  it('a plain resource matches itself', () => {
    fc.assert(
      fc.property(resource, (r) => {
        expect(matchPattern(r, structuredClone(r))).toEqual({ status: 'pass' });
      }),
      { numRuns: 500 },
    );
  });

  it('a required field the resource lacks never passes', () => {
    fc.assert(
      fc.property(resource, plainScalar, (r, v) => {
        const pattern = { ...structuredClone(r), zzmissing: v };
        expect(matchPattern(r, pattern).status).not.toBe('pass');
      }),
      { numRuns: 300 },
    );
  });

  it('a changed scalar fails at its path', () => {
    fc.assert(
      fc.property(resource, (r) => {
        const key = Object.keys(r).find((k) => typeof r[k] === 'string' || typeof r[k] === 'number');
        fc.pre(key !== undefined);
        const pattern = {
          ...structuredClone(r),
          [key!]: typeof r[key!] === 'string' ? `${r[key!]}x` : Number(r[key!]) + 1,
        };
        const out = matchPattern(r, pattern);
        expect(out.status).toBe('fail');
        expect(out).toMatchObject({ path: `/${key}/` });
      }),
      { numRuns: 300 },
    );
  });

  it('matching never mutates the resource or the pattern, and is deterministic', () => {
    const anchorKey = fc.oneof(
      plainKey,
      fc.constantFrom('(a)', '=(a)', '^(a)', 'X(a)', '<(a)', '+(a)', 'a*'),
    );
    const anyScalar = fc.oneof(
      plainScalar,
      fc.constantFrom('*', '?*', '>1', '<=2Gi', '1-10', '!x', 'a|b', 'null', ''),
    );
    const { tree } = fc.letrec<{ tree: Json }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        anyScalar,
        fc.dictionary(anchorKey, tie('tree'), { maxKeys: 3 }),
        fc.array(tie('tree'), { maxLength: 3 }),
      ),
    }));
    fc.assert(
      fc.property(tree, tree, (r, p) => {
        const r0 = structuredClone(r);
        const p0 = structuredClone(p);
        const first = matchPattern(r, p);
        expect(r).toEqual(r0);
        expect(p).toEqual(p0);
        expect(matchPattern(structuredClone(r0), structuredClone(p0))).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });
});
