/**
 * Property: whatever JSON-like data with `__proto__` / `constructor` / `prototype` keys goes through the merge,
 * set and clone helpers (mergo, strategic merge patch, JSON merge patch, go-flatten, sprig merges through a
 * template), Object.prototype is never written (it is frozen here, so a write throws) and the keys survive as
 * own data properties.
 */
import './frozen-prototype.js';
import { cloneData } from '@neuroscale/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergoMerge } from '../../src/applicationset/generators/matrix-merge.js';
import { flattenToStrings } from '../../src/applicationset/go-flatten.js';
import { renderGoTemplate } from '../../src/applicationset/gotemplate/index.js';
import { strategicMergePatch } from '../../src/applicationset/strategic-merge-patch.js';
import { jsonMergePatch } from '../../src/sources/normalize-source.js';
import { PROTOTYPE_KEYS_BEFORE, prototypeState } from './frozen-prototype.js';

const KEY = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'a', 'b', 'polluted');

/**
 * Objects are built as JSON text and parsed: JSON.parse makes `__proto__` an own key, as js-yaml does (and
 * fast-check's own dictionary builder assigns keys, which a frozen prototype refuses for `constructor`).
 */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 3 }).map((x) => JSON.stringify(x)),
    fc.integer().map(String),
    fc.constant('null'),
    fc.array(tie('value'), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`),
    tie('object'),
  ),
  object: fc
    .array(fc.tuple(KEY, tie('value')), { maxLength: 5 })
    .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).object as fc.Arbitrary<string>;

const data = json.map((text) => JSON.parse(text) as Record<string, unknown>);

const withProto = fc
  .tuple(json, json)
  .map(([a, b]) => [JSON.parse(`{"__proto__": ${b}, "x": ${a}}`), JSON.parse(b)] as const);

describe('merge helpers never write Object.prototype (property, prototype frozen)', () => {
  it('mergo, strategic merge patch, JSON merge patch, flatten, sprig merges', () => {
    fc.assert(
      fc.property(withProto, data, ([evil, inner], other) => {
        const merged = mergoMerge(cloneData(other), cloneData(evil), true);
        expect(Object.hasOwn(merged, '__proto__')).toBe(true);
        expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
        mergoMerge(cloneData(evil), cloneData(other), false);
        const smp = strategicMergePatch(cloneData(other), cloneData(evil));
        expect(Object.getPrototypeOf(smp)).toBe(Object.prototype);
        jsonMergePatch(cloneData(other), cloneData(evil));
        flattenToStrings(evil);
        for (const fn of ['merge', 'mergeOverwrite']) {
          const r = renderGoTemplate(`{{ ${fn} (dict "k" "v") .evil .other | toJson }}`, {
            evil: cloneData(evil),
            other: cloneData(other),
          } as never);
          expect(r.ok).toBe(true);
          if (r.ok && Object.keys(inner).length === 0) expect(r.value).toContain('"__proto__"');
        }
        expect(prototypeState()).toEqual({ frozen: true, keys: PROTOTYPE_KEYS_BEFORE });
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
