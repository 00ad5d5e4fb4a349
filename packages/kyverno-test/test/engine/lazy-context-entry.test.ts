import { describe, expect, it } from 'vitest';
import { Budget } from '../../src/engine/evaluation/budget.js';
import { JsonContext, requestRoot } from '../../src/engine/variables/context.js';

function lazyRoot(): { root: Record<string, unknown>; calls: () => number } {
  let calls = 0;
  const root = requestRoot({ operation: 'CREATE' }, () => {
    calls++;
    return { containers: { app: { tag: '1.2' } } };
  });
  return { root, calls: () => calls };
}

describe('JsonContext lazy entries (the `images` map is parsed on first read)', () => {
  it('is not computed by with/withAll/withMerged copies, and is computed once when a query reads it', () => {
    const { root, calls } = lazyRoot();
    const ctx = new JsonContext(root)
      .with('a', 1)
      .withAll({ element: { x: 1 }, elementIndex: 0 })
      .withMerged('b', { c: 2 });
    expect(calls()).toBe(0);
    expect(ctx.has('images')).toBe(true);
    const budget = new Budget(Date.now() + 2000);
    expect(ctx.query('images.containers.app.tag', budget)).toBe('1.2');
    expect(ctx.query('images.containers.app.tag', budget)).toBe('1.2');
    expect(calls()).toBe(1);
    expect(ctx.query('[a, element.x, b.c, request.operation]', budget)).toEqual([1, 1, 2, 'CREATE']);
  });

  it('a copy made by with() replaces the entry without computing it; the original keeps its own value', () => {
    const { root, calls } = lazyRoot();
    const base = new JsonContext(root);
    const replaced = base.with('images', { none: true });
    const budget = new Budget(Date.now() + 2000);
    expect(replaced.query('images', budget)).toEqual({ none: true });
    expect(calls()).toBe(0);
    expect(base.query('images.containers.app.tag', budget)).toBe('1.2');
    expect(calls()).toBe(1);
  });

  it('a spread or Object.entries sees the computed value (nothing reads a getter by mistake)', () => {
    const { root } = lazyRoot();
    expect(Object.keys(root)).toEqual(['request', 'images']);
    expect(JSON.stringify(root)).toBe(
      '{"request":{"operation":"CREATE"},"images":{"containers":{"app":{"tag":"1.2"}}}}',
    );
    expect({ ...root }.images).toEqual({ containers: { app: { tag: '1.2' } } });
  });

  it('copies keep the key order and the laziness through several generations', () => {
    const { root, calls } = lazyRoot();
    const first = new JsonContext(root).withAll({ element: 1, elementIndex: 0 });
    const second = first.with('x', 2).withAll({ element: 3 });
    expect(Object.keys(second.root)).toEqual(['request', 'images', 'element', 'elementIndex', 'x']);
    expect(calls()).toBe(0);
    const budget = new Budget(Date.now() + 2000);
    expect(second.query('[element, elementIndex, x, images.containers.app.tag]', budget)).toEqual([
      3,
      0,
      2,
      '1.2',
    ]);
    expect(calls()).toBe(1);
    // the first copy is still lazy: it computes its own value when read
    expect(Object.getOwnPropertyDescriptor(first.root, 'images')?.get).toBeTypeOf('function');
    expect(first.query('element', budget)).toBe(1);
  });
});
