import { describe, expect, it } from 'vitest';
import { lazyVariableFactory } from '../../src/cel/activation.js';

describe('lazyVariableFactory (ValidatingPolicy variables, prepared once per policy)', () => {
  it('evaluates a variable on first read only, once per activation, with that activation and timeout', () => {
    const seen: Array<[unknown, number]> = [];
    const make = lazyVariableFactory([
      {
        name: 'a',
        evaluate: (act, t) => {
          seen.push([act.object, t]);
          return 'A';
        },
      },
      { name: 'unused', evaluate: () => seen.push(['unused', 0]) },
    ]);
    const vars1 = make({ object: 1 }, 50);
    expect(seen).toEqual([]);
    expect([vars1.a, vars1.a]).toEqual(['A', 'A']);
    expect(seen).toEqual([[1, 50]]);
    // the next activation re-arms the object (built once per policy): evaluated again, with that activation
    const vars2 = make({ object: 2 }, 60);
    expect([vars2.a, vars2.a]).toEqual(['A', 'A']);
    expect(seen).toEqual([
      [1, 50],
      [2, 60],
    ]);
    // what CEL sees: own enumerable names only (the state is a hidden symbol)
    expect(Object.keys(vars1)).toEqual(['a', 'unused']);
    expect(Object.hasOwn(vars1, 'a')).toBe(true);
  });

  it('an error is thrown again on every read without evaluating again', () => {
    let calls = 0;
    const make = lazyVariableFactory([
      {
        name: 'bad',
        evaluate: () => {
          calls++;
          throw new Error('variables[0].expression: no such key: x');
        },
      },
    ]);
    const vars = make({}, 10);
    expect(() => vars.bad).toThrow('no such key: x');
    expect(() => vars.bad).toThrow('no such key: x');
    expect(calls).toBe(1);
    // a new activation does not inherit the previous one's error: it evaluates again
    make({}, 10);
    expect(() => vars.bad).toThrow('no such key: x');
    expect(calls).toBe(2);
  });

  it('`__proto__` is an ordinary variable name, and repeated names are rejected as before', () => {
    const vars = lazyVariableFactory([{ name: '__proto__', evaluate: () => 7 }])({}, 10);
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(vars, '__proto__')?.get?.call(vars)).toBe(7);
    const twice = lazyVariableFactory([
      { name: 'x', evaluate: () => 1 },
      { name: 'x', evaluate: () => 2 },
    ]);
    expect(() => twice({}, 10)).toThrow(/redefine/);
  });
});
