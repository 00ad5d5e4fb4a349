/**
 * CRD schemas and manifests come from the pull request: a property named `__proto__` stays a
 * property when repeated subschemas are shared, and nothing reaches Object.prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { shareRepeatedSubschemas } from '../src/schemas/share-repeated-subschemas.js';

const before = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('shareRepeatedSubschemas with hostile property names', () => {
  it('keeps `__proto__` and `constructor` properties as own schema properties', () => {
    const big = JSON.stringify({
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, { type: 'string' }])),
    });
    const schema = JSON.parse(
      `{"type":"object","properties":{"__proto__":${big},"constructor":${big},"polluted":{"type":"string"}}}`,
    );
    const out = shareRepeatedSubschemas(schema) as { properties: Record<string, unknown> };
    expect(Object.keys(out.properties).sort()).toEqual(['__proto__', 'constructor', 'polluted']);
    expect(Object.getPrototypeOf(out.properties)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out.properties, '__proto__')?.value).toEqual(
      out.properties.constructor,
    );
  });
});
