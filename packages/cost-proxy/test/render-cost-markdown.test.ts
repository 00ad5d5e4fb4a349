import { describe, expect, it } from 'vitest';
import { COST_COMMENT_MARKER, computeCost, diffCost, renderCostMarkdown } from '../src/index.js';
import { container, deployment, manifest } from './helpers.js';

const snap = (objects: Record<string, unknown>[]) => computeCost(objects.map((o) => manifest(o)));

describe('renderCostMarkdown', () => {
  it('starts with the marker, shows totals, cost centers and flagged rows first', () => {
    const base = snap([
      deployment('small', { replicas: 1, labels: { 'neuroscale.io/cost-center': 'cc-b' } }),
      deployment('big', { replicas: 1, labels: { 'neuroscale.io/cost-center': 'cc-a' } }),
    ]);
    const head = snap([
      deployment('small', { replicas: 2, labels: { 'neuroscale.io/cost-center': 'cc-b' } }),
      deployment('big', {
        replicas: 1,
        labels: { 'neuroscale.io/cost-center': 'cc-a' },
        containers: [container('big', { cpu: '8', memory: '1Gi' })],
      }),
      deployment('gpu', { containers: [container('g', { cpu: '1' }, { 'nvidia.com/gpu': 2 })] }),
    ]);
    const diff = diffCost(base, head, { thresholds: { maxCpuDelta: '5' } });
    const md = renderCostMarkdown(diff, { pricing: head.pricing });
    const lines = md.split('\n');
    expect(lines[0]).toBe(COST_COMMENT_MARKER);
    expect(md).toContain('Monthly estimate increased by **$1,597.78** 📈');
    expect(md).toContain('| **Δ** | +9 | +1Gi | +2 | +$1,597.78 | +$1,597.78 |');
    expect(md).toContain('| cc-a | 1 | $26.17 | $187.70 | +$161.53 | +$161.53 |');
    const rows = lines.filter((l) => /^\| (❌|⚠️|🆕|✏️|🗑️) \|/.test(l));
    expect(rows.map((r) => r.split('|')[2]?.trim())).toEqual([
      'shop · Deployment shop/big',
      'shop · Deployment shop/gpu',
      'shop · Deployment shop/small',
    ]);
    expect(rows[0]?.startsWith('| ❌ |')).toBe(true);
    expect(rows[1]?.startsWith('| ⚠️ |')).toBe(true);
    expect(md).toContain('$0.031611/vCPU-h');
    // head: 11 cores × 23.07603 + 3 GiB × 3.09301 + 2 GPUs × 693.5 = 1650.11536; base: 2 × (23.07603 + 3.09301) = 52.33808
    expect(md).toContain('| Head | 11 | 3Gi | 2 | $1,650.12 | $1,650.12 |');
  });

  it('stays under the GitHub limit with a graceful cut, deterministically', () => {
    const many = (n: number, replicas: number) =>
      snap(
        Array.from({ length: n }, (_, i) =>
          deployment(`workload-with-a-long-name-${String(i).padStart(5, '0')}`, { replicas }),
        ),
      );
    const diff = diffCost(many(1000, 1), many(1000, 2));
    const md = renderCostMarkdown(diff);
    expect(md.length).toBeLessThan(65_536);
    expect(md).toMatch(/… \d+ more workloads not shown/);
    expect(md.trimEnd().endsWith('</sub>')).toBe(true);
    expect(renderCostMarkdown(diff)).toBe(md);
    const small = renderCostMarkdown(diff, { maxLength: 5000 });
    expect(small.length).toBeLessThanOrEqual(5000);
    expect(small.split('\n')[0]).toBe(COST_COMMENT_MARKER);
  });

  it('names workloads left out of the comparison', () => {
    const base = snap([deployment('web'), deployment('api')]);
    const head = snap([
      deployment('web', { containers: [container('web', { cpu: 'lots' })] }),
      deployment('api'),
    ]);
    const diff = diffCost(base, head);
    expect(diff.base.monthly.max.total).toBe('26.169040');
    const md = renderCostMarkdown(diff);
    expect(md).toContain('- ⚠️ Not compared: Deployment shop/web could not be costed in head');
    expect(md).toContain('Monthly estimate unchanged.');
  });

  it('says unchanged when nothing moved and hides unchanged rows', () => {
    const s = snap([deployment('web')]);
    const md = renderCostMarkdown(diffCost(s, s));
    expect(md).toContain('Monthly estimate unchanged.');
    expect(md).toContain('1 unchanged workload not shown.');
    expect(md).not.toContain('#### Workloads');
  });
});
