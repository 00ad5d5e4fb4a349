import { describe, expect, it } from 'vitest';
import { cloneJsonTree } from '../../src/engine/jmespath/json.js';

describe('cloneJsonTree', () => {
  it('copies a JSON tree deeply, as structuredClone does for such values', () => {
    const source = { a: [1, { b: 'x', c: null }], d: { e: true } };
    const copy = cloneJsonTree(source);
    expect(copy).toEqual(structuredClone(source));
    (copy.a[1] as { b: string }).b = 'changed';
    copy.d.e = false;
    expect(source).toEqual({ a: [1, { b: 'x', c: null }], d: { e: true } });
  });

  it('keeps an own __proto__ key a plain key, never a prototype', () => {
    const source = JSON.parse('{"__proto__": {"polluted": 1}, "k": 2}');
    const copy = cloneJsonTree(source) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'k']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('falls back to structuredClone for values that are not plain objects', () => {
    const when = new Date(0);
    const copy = cloneJsonTree({ when });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(0);
  });
});
