/**
 * The Cluster diff section of the sticky PR comment and the job summary: one collapsible block per changed app,
 * unchanged apps counted not listed, and the whole comment under GitHub's 65,536 characters with a note that
 * says where the full diff is.
 */
import type { AppDiff, RenderDiff } from '@neuroscale/diff';
import { describe, expect, it } from 'vitest';
import { GITHUB_COMMENT_MAX_CHARS, writeMarkdownComment, writeStepSummary } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

function app(i: number, status: AppDiff['status'], diffLines = 3): AppDiff {
  const name = `app-${String(i).padStart(4, '0')}`;
  const diff = [
    `--- base/apps/Deployment/${name}/${name}`,
    `+++ head/apps/Deployment/${name}/${name}`,
    '@@ -1,1 +1,1 @@',
  ]
    .concat(Array.from({ length: diffLines }, (_, k) => `-  replicas: ${k}\n+  replicas: ${k + 1}`))
    .join('\n');
  return {
    name,
    cluster: 'https://kubernetes.default.svc',
    namespace: name,
    status,
    objects:
      status === 'unchanged'
        ? []
        : [
            {
              ref: { group: 'apps', kind: 'Deployment', namespace: name, name },
              change: 'changed',
              diff: `${diff}\n`,
            },
          ],
  };
}

function renderDiff(apps: AppDiff[]): RenderDiff {
  const count = (s: AppDiff['status']) => apps.filter((a) => a.status === s).length;
  return {
    base: 'origin/main',
    head: 'working tree',
    apps,
    summary: {
      apps: {
        added: count('added'),
        removed: count('removed'),
        changed: count('changed'),
        unchanged: count('unchanged'),
      },
      objects: { added: 0, removed: 0, changed: apps.filter((a) => a.status === 'changed').length },
    },
  };
}

describe('Cluster diff section', () => {
  it('lists changed apps in collapsible blocks and counts unchanged ones', () => {
    const report = {
      ...sampleReport(),
      diff: renderDiff([app(1, 'changed'), app(2, 'unchanged'), app(3, 'unchanged')]),
    };
    const body = writeMarkdownComment(report);
    expect(body).toContain('#### Cluster diff: `origin/main` → `working tree`');
    expect(body).toContain('1 app changed, 0 added, 0 removed, 2 unchanged');
    expect(body).toContain('<details><summary>🟡 <code>app-0001</code> changed');
    expect(body).not.toContain('app-0002');
    // before the footer, after everything else
    expect(body.indexOf('Cluster diff')).toBeLessThan(body.indexOf('this comment is updated on every push'));
  });

  it('keeps the comment under the limit: apps that do not fit are counted, with where the full diff is', () => {
    const apps = Array.from({ length: 400 }, (_, i) => app(i, 'changed', 40));
    const report = { ...sampleReport(), diff: renderDiff(apps) };
    const body = writeMarkdownComment(report, { diffFullAt: 'the diff file (diff.md)' });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    const shown = (body.match(/<details><summary>🟡/g) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(400);
    expect(body).toContain(`_…${400 - shown} more apps with changes not shown here`);
    expect(body).toContain('the full diff is in the diff file (diff.md)');
    // every block that is shown is whole
    expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
  });

  it('the job summary carries every changed app', () => {
    const apps = Array.from({ length: 400 }, (_, i) => app(i, 'changed', 40));
    const summary = writeStepSummary({ ...sampleReport(), diff: renderDiff(apps) });
    expect((summary.match(/<details><summary>🟡/g) ?? []).length).toBe(400);
  });

  it('without --base there is no section', () => {
    expect(writeMarkdownComment(sampleReport())).not.toContain('Cluster diff');
  });
});
