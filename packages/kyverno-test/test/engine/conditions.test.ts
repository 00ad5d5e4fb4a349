import { describe, expect, it } from 'vitest';
import { evaluateConditions } from '../../src/engine/conditions/evaluate-conditions.js';
import { evaluateOperator } from '../../src/engine/conditions/operators.js';
import { Budget } from '../../src/engine/jmespath/interpreter.js';
import { JsonContext } from '../../src/engine/variables/context.js';

describe('condition operators', () => {
  it.each([
    ['Equals', 'nginx:1', 'nginx:*', true],
    ['Equals', 'nginx:*', 'nginx:1', false],
    ['Equals', '1Gi', '1024Mi', true],
    ['Equals', '1Gi', '1G*', false],
    ['Equals', '1h', '60m', true],
    ['Equals', 5, '5', true],
    ['Equals', true, 'true', false],
    ['Equals', { a: 1 }, { a: 1 }, true],
    ['Equal', 'a', 'a', true],
    ['NotEquals', true, 'true', true],
    ['NotEquals', 'a', 'b', true],
    ['NotEquals', 'abc', 'a*', false],
    ['In', 'a', ['b', 'a*'], true],
    ['In', 'a', '["a","b"]', true],
    ['NotIn', 'c', ['a', 'b'], true],
    ['In', ['a', 'b'], ['a', 'b', 'c'], true],
    ['AnyIn', ['a', 'x'], ['a', 'b'], true],
    ['AllIn', ['a', 'x'], ['a', 'b'], false],
    ['AllIn', ['a', 'b'], ['*'], true],
    ['AnyNotIn', ['a', 'x'], ['a', 'b'], true],
    ['AllNotIn', ['x', 'y'], ['a', 'b'], true],
    ['AnyIn', 5, '1-10', true],
    ['AnyIn', 11, '1-10', false],
    ['AnyIn', 1000000, ['1e+06'], true],
    ['AnyIn', 'kube-system', '["kube-*"]', true],
    ['GreaterThan', 5, 3, true],
    ['GreaterThan', '2Gi', '1500Mi', true],
    ['GreaterThan', '1h', '30m', true],
    ['GreaterThan', '1.10.0', '1.9.0', true],
    ['GreaterThanOrEquals', '10', 10, true],
    ['LessThan', 'abc', 'def', false],
    ['LessThanOrEquals', 3, '3', true],
    ['DurationGreaterThan', '2h', 3600, true],
    ['DurationLessThanOrEquals', '30m', '1h', true],
    ['equals', 'x', 'x', true],
  ])('%s(%j, %j) = %j', (op, key, value, want) => expect(evaluateOperator(op, key, value)).toBe(want));

  it('unknown operator is reported as undefined', () =>
    expect(evaluateOperator('Matches', 'a', 'a')).toBeUndefined());
});

describe('condition blocks', () => {
  const ctx = new JsonContext({ request: { object: { metadata: { name: 'x', labels: {} } } } });
  const opts = { budget: new Budget(Date.now() + 5000) };
  it('any/all semantics; empty any is false; legacy list is all', () => {
    const t = { key: 'a', operator: 'Equals', value: 'a' };
    const f = { key: 'a', operator: 'Equals', value: 'b' };
    expect(evaluateConditions({ any: [f, t] }, ctx, opts).passed).toBe(true);
    expect(evaluateConditions({ any: [] }, ctx, opts).passed).toBe(false);
    expect(evaluateConditions({ all: [t, f] }, ctx, opts).passed).toBe(false);
    expect(evaluateConditions([t, t], ctx, opts).passed).toBe(true);
    expect(evaluateConditions(undefined, ctx, opts).passed).toBe(true);
    expect(evaluateConditions({ any: [t], all: [f] }, ctx, opts).passed).toBe(false);
  });
  it('substitutes keys and values; missing keys are errors, `||` defaults are not', () => {
    expect(
      evaluateConditions(
        [{ key: '{{ request.object.metadata.name }}', operator: 'Equals', value: 'x' }],
        ctx,
        opts,
      ).passed,
    ).toBe(true);
    expect(() =>
      evaluateConditions(
        [{ key: '{{ request.object.metadata.labels.app }}', operator: 'Equals', value: 'x' }],
        ctx,
        opts,
      ),
    ).toThrow(/Unknown key/);
    expect(
      evaluateConditions(
        [{ key: "{{ request.object.metadata.labels.app || '' }}", operator: 'Equals', value: '' }],
        ctx,
        opts,
      ).passed,
    ).toBe(true);
  });
  it('collects messages of failed preconditions', () => {
    const r = evaluateConditions(
      { all: [{ key: 'a', operator: 'Equals', value: 'b', message: 'need b' }] },
      ctx,
      opts,
    );
    expect(r).toEqual({ passed: false, messages: ['need b'] });
  });
});
