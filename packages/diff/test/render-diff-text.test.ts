import { describe, expect, it } from 'vitest';
import { type RenderDiff, renderDiffMarkdown, renderDiffText } from '../src/index.js';

const diff: RenderDiff = {
  base: 'main',
  head: 'working tree',
  apps: [
    {
      name: 'web',
      cluster: 'https://kubernetes.default.svc',
      namespace: 'web',
      status: 'changed',
      objects: [
        {
          ref: { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web`](https://evil.example)' },
          change: 'changed',
          diff: '--- base/x\n+++ head/x\n@@ -1,1 +1,1 @@\n-  replicas: 1\n+  replicas: 2\n',
          location: { file: 'apps/web.yaml', line: 4 },
        },
      ],
    },
    { name: 'api', cluster: 'https://kubernetes.default.svc', status: 'unchanged', objects: [] },
  ],
  summary: {
    apps: { added: 0, removed: 0, changed: 1, unchanged: 1 },
    objects: { added: 0, removed: 0, changed: 1 },
  },
};

describe('renderDiffText', () => {
  it('is plain without colour: changed apps and their diffs, unchanged apps only counted', () => {
    const text = renderDiffText(diff);
    expect(text).not.toContain('\u001b[');
    expect(text).toContain('app web (https://kubernetes.default.svc, web) changed');
    expect(text).toContain('    -  replicas: 1\n    +  replicas: 2');
    expect(text).not.toContain('app api');
  });

  it('colours additions green, removals red, hunks cyan when asked', () => {
    const text = renderDiffText(diff, { color: true });
    expect(text).toContain('\u001b[32m+  replicas: 2\u001b[0m');
    expect(text).toContain('\u001b[31m-  replicas: 1\u001b[0m');
    expect(text).toContain('\u001b[36m@@ -1,1 +1,1 @@\u001b[0m');
  });
});

describe('renderDiffMarkdown', () => {
  it('a backtick in an object name cannot end its code span (no link injected into the comment)', () => {
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('**changed** `` apps/Deployment web/web`](https://evil.example) ``');
  });
});
