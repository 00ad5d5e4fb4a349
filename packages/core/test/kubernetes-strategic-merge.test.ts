import { describe, expect, it } from 'vitest';
import { strategicMerge } from '../src/index.js';

describe('strategicMerge (kyaml merge2 as kustomize and Kyverno apply it)', () => {
  it('merges containers by name, new ones in front; maps merge; null deletes', () => {
    const pod = {
      metadata: { labels: { a: '1', b: '2' } },
      spec: { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'X', value: '1' }] }] },
    };
    const out = strategicMerge(pod, {
      metadata: { labels: { b: null, c: '3' } },
      spec: {
        containers: [
          { name: 'app', env: [{ name: 'Y', value: '2' }] },
          { name: 'sidecar', image: 'proxy:2' },
        ],
      },
    });
    expect(out).toEqual({
      metadata: { labels: { a: '1', c: '3' } },
      spec: {
        containers: [
          { name: 'sidecar', image: 'proxy:2' },
          {
            name: 'app',
            image: 'app:1',
            env: [
              { name: 'Y', value: '2' },
              { name: 'X', value: '1' },
            ],
          },
        ],
      },
    });
    expect(pod.metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('replaces lists without a merge key (args, tolerations) and honours $patch directives', () => {
    const out = strategicMerge(
      { spec: { args: ['a', 'b'], tolerations: [{ key: 'x' }], volumes: [{ name: 'v' }, { name: 'w' }] } },
      { spec: { args: ['c'], tolerations: [{ key: 'y' }], volumes: [{ name: 'v', $patch: 'delete' }] } },
    );
    expect(out).toEqual({ spec: { args: ['c'], tolerations: [{ key: 'y' }], volumes: [{ name: 'w' }] } });
  });

  it('keeps unknown lists of maps associative when every element has an associative key', () => {
    const out = strategicMerge(
      { spec: { widgets: [{ name: 'a', size: 1 }] } },
      { spec: { widgets: [{ name: 'a', size: 2 }] } },
    );
    expect(out).toEqual({ spec: { widgets: [{ name: 'a', size: 2 }] } });
  });
});
