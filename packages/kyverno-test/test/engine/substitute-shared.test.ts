import { describe, expect, it } from 'vitest';
import { Budget } from '../../src/engine/jmespath/interpreter.js';
import { JsonContext } from '../../src/engine/variables/context.js';
import { substituteAll, substituteShared } from '../../src/engine/variables/substitute.js';

const ctx = new JsonContext({
  request: { object: { metadata: { name: 'web', labels: { app: 'nginx' } }, spec: { replicas: 3 } } },
  element: { name: 'c1' },
});
const opts = { budget: new Budget(Date.now() + 5000) };

describe('substituteShared (validate patterns)', () => {
  it('returns the pattern itself when nothing is substituted', () => {
    const pattern = { spec: { containers: [{ name: '*', image: '!*:latest' }] }, '=(x)': [1, null, true] };
    expect(substituteShared(pattern, ctx, opts)).toBe(pattern);
  });

  it('copies only the subtrees a variable changes, with the same result and key order as substituteAll', () => {
    const untouched = { securityContext: { runAsNonRoot: true } };
    const list = ['a', 'b'];
    const pattern = {
      metadata: { labels: { app: '{{ request.object.metadata.labels.app }}' } },
      spec: untouched,
      '{{ element.name }}': list,
      last: [{ n: 1 }, { replicas: '{{ request.object.spec.replicas }}' }, 'x'],
    };
    const shared = substituteShared(pattern, ctx, opts) as Record<string, unknown>;
    const copied = substituteAll(pattern, ctx, opts);
    expect(shared).toEqual(copied);
    expect(Object.keys(shared)).toEqual(['metadata', 'spec', 'c1', 'last']);
    expect(shared).not.toBe(pattern);
    expect(shared.spec).toBe(untouched);
    expect(shared.c1).toBe(list);
    const last = shared.last as unknown[];
    expect(last[0]).toBe(pattern.last[0]);
    expect(last[1]).toEqual({ replicas: 3 });
    // the pattern itself is left as written
    expect(pattern.metadata.labels.app).toBe('{{ request.object.metadata.labels.app }}');
  });
});
