/**
 * Resource names and configuration keys come from the pull request: `__proto__`, `constructor` and
 * `prototype` are ordinary (or unknown) keys, never prototypes or inherited members.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadCostConfig } from '../src/index.js';
import {
  addInto,
  addLists,
  maxInto,
  maxLists,
  type ResourceList,
  scaleList,
} from '../src/quantity/resource-list.js';

const before = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** A list with an own `__proto__` resource, as JSON.parse or js-yaml would build it. */
function hostile(n: bigint): ResourceList {
  const l: ResourceList = { cpu: 1n };
  Object.defineProperty(l, '__proto__', { value: n, enumerable: true, writable: true, configurable: true });
  return l;
}

describe('resource lists with a __proto__ resource name', () => {
  it('add, max and scale keep it as an own key with the right amount', () => {
    const sum = addLists(hostile(2n), hostile(3n));
    expect(Object.keys(sum).sort()).toEqual(['__proto__', 'cpu']);
    expect(Object.getOwnPropertyDescriptor(sum, '__proto__')?.value).toBe(5n);
    expect(Object.getPrototypeOf(sum)).toBe(Object.prototype);
    const acc: ResourceList = {};
    addInto(acc, hostile(4n));
    maxInto(acc, hostile(7n));
    expect(Object.getOwnPropertyDescriptor(acc, '__proto__')?.value).toBe(7n);
    expect(Object.getOwnPropertyDescriptor(maxLists({}, hostile(9n)), '__proto__')?.value).toBe(9n);
    expect(Object.getOwnPropertyDescriptor(scaleList(hostile(2n), 3), '__proto__')?.value).toBe(6n);
  });

  it('a `constructor` resource is not mistaken for an inherited member', () => {
    const acc: ResourceList = {};
    addInto(acc, { constructor: 2n } as ResourceList);
    expect(acc.constructor).toBe(2n);
  });
});

describe('cost configuration keys', () => {
  it('`constructor`, `toString` and `__proto__` are unknown keys, not inherited ones', () => {
    const cfg = loadCostConfig(
      [
        'constructor: 1',
        'toString: 2',
        '__proto__: { polluted: yes }',
        'pricing:',
        '  constructor: "0.1"',
      ].join('\n'),
      { file: 'neuroscale-cost.yaml' },
    );
    expect(cfg.findings.map((f) => f.message).sort()).toEqual([
      'unknown cost configuration key "__proto__"',
      'unknown cost configuration key "constructor"',
      'unknown cost configuration key "toString"',
      'unknown pricing key "constructor"',
    ]);
  });
});
