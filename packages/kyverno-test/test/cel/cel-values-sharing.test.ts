import { describe, expect, it } from 'vitest';
import { toCel } from '../../src/cel/adapter/index.js';

describe('toCel copy on change', () => {
  it('shares subtrees the conversion does not change and copies the ones it does', () => {
    const labels = { app: 'web', team: 'search' };
    const images = ['a:1', 'b:2'];
    const ports = [{ containerPort: 8080 }];
    const input = { metadata: { labels }, spec: { images, ports } };
    const out = toCel(input) as {
      metadata: { labels: unknown };
      spec: { images: unknown; ports: unknown[] };
    };
    expect(out.metadata.labels).toBe(labels);
    expect(out.spec.images).toBe(images);
    expect(out.spec.ports).not.toBe(ports);
    expect(out.spec.ports).toEqual([{ containerPort: 8080n }]);
    expect(out).not.toBe(input);
    // the input is never modified
    expect(ports[0]?.containerPort).toBe(8080);
  });

  it('drops undefined values and turns undefined array elements into null', () => {
    const input = { a: 'x', b: undefined, c: ['y', undefined] };
    expect(toCel(input)).toEqual({ a: 'x', c: ['y', null] });
    expect(Object.keys(toCel(input) as object)).toEqual(['a', 'c']);
    expect(Object.keys(input)).toEqual(['a', 'b', 'c']);
  });

  it('keeps an own __proto__ key a key when it copies', () => {
    const input = JSON.parse('{"__proto__": {"n": 1}, "m": 2}');
    const out = toCel(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'm']);
    expect(out.m).toBe(2n);
  });

  it('copies a null-prototype object into a plain one', () => {
    const input = Object.assign(Object.create(null), { a: 'x' });
    const out = toCel(input) as object;
    expect(out).not.toBe(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
