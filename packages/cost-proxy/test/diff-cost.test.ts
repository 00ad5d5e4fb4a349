import { describe, expect, it } from 'vitest';
import { computeCost, diffCost } from '../src/index.js';
import { deployment, manifest } from './helpers.js';

const snap = (objects: Record<string, unknown>[]) => computeCost(objects.map((o) => manifest(o)));

describe('diffCost', () => {
  const base = snap([deployment('web', { replicas: 2 }), deployment('gone'), deployment('same')]);
  const head = snap([deployment('web', { replicas: 3 }), deployment('new'), deployment('same')]);

  it('has exactly the contract shape and statuses', () => {
    const d = diffCost(base, head);
    expect(Object.keys(d).sort()).toEqual(['base', 'delta', 'findings', 'flags', 'head', 'workloads']);
    expect(Object.keys(d.workloads[0] ?? {}).sort()).toEqual(
      [
        'app',
        'base',
        'costCenter',
        'delta',
        'head',
        'key',
        'kind',
        'name',
        'namespace',
        'owner',
        'status',
      ].sort(),
    );
    expect(d.workloads.map((w) => [w.name, w.status])).toEqual([
      ['gone', 'removed'],
      ['new', 'added'],
      ['same', 'unchanged'],
      ['web', 'changed'],
    ]);
    const gone = d.workloads[0];
    expect(gone?.head).toBeNull();
    expect(gone?.delta.requests.max.cpu).toBe('-1');
    expect(gone?.delta.monthly.max.total).toBe('-26.169040');
    expect(d.delta.requests.max).toMatchObject({
      cpu: '1',
      cpuCores: 1,
      memory: '1Gi',
      memoryBytes: 1073741824,
    });
    expect(d.delta.workloads).toBe(0);
  });

  it('survives a JSON round trip of the snapshots (the base may come from a cache)', () => {
    const viaJson = diffCost(JSON.parse(JSON.stringify(base)), JSON.parse(JSON.stringify(head)));
    expect(viaJson).toEqual(diffCost(base, head));
  });

  it('percent thresholds compare changed workloads and the total; absolute ones also catch additions', () => {
    const pct = diffCost(base, head, { thresholds: { maxCpuDelta: '40%' } });
    // web 2 → 3 cores = +50% > 40%; total 4 → 5 cores = +25%; 'new' has no base, so no percentage
    const crossed = (d: ReturnType<typeof diffCost>) =>
      d.flags
        .filter((f) => f.reason === 'threshold-exceeded')
        .map((f) => [f.scope, f.key?.split('/').pop() ?? null]);
    expect(crossed(pct)).toEqual([['workload', 'web']]);
    expect(crossed(diffCost(base, head, { thresholds: { maxCpuDelta: '24.9%' } }))).toEqual([
      ['workload', 'web'],
      ['total', null],
    ]);
    expect(crossed(diffCost(base, head, { thresholds: { maxCpuDelta: '25%' } }))).toEqual([
      ['workload', 'web'],
    ]);
    const abs = diffCost(base, head, { thresholds: { maxMemoryDelta: '512Mi' } });
    expect(
      abs.findings
        .filter((f) => f.ruleId === 'cost/threshold-exceeded')
        .map((f) => f.object?.name ?? 'total'),
    ).toEqual(['total', 'new', 'web']);
    // total monthly: 4 → 5 workloads of 1 core / 1Gi = +26.169040
    const exact = diffCost(base, head, { thresholds: { maxCpuDelta: '1', maxMonthlyDelta: '26.16904' } });
    expect(exact.findings.filter((f) => f.ruleId === 'cost/threshold-exceeded')).toEqual([]);
    const justOver = diffCost(base, head, { thresholds: { maxMonthlyDelta: '26.169039' } });
    expect(
      justOver.findings.filter((f) => f.ruleId === 'cost/threshold-exceeded').map((f) => f.message),
    ).toEqual([
      'total monthly at max replicas rises by +$26.17/month (+25%), over the 26.169039 threshold',
      'Deployment shop/new: monthly at max replicas rises by +$26.17/month, over the 26.169039 threshold',
      'Deployment shop/web: monthly at max replicas rises by +$26.17/month (+50%), over the 26.169039 threshold',
    ]);
  });

  it('reports malformed thresholds instead of throwing', () => {
    const d = diffCost(base, head, { thresholds: { maxCpuDelta: 'lots', maxMonthlyDelta: '-5' } });
    expect(d.findings.filter((f) => f.ruleId === 'cost/invalid-threshold')).toHaveLength(2);
    expect(d.flags.every((f) => f.reason === 'large-increase')).toBe(true);
  });

  it('flags large increases at flagPercent and never for decreases', () => {
    expect(diffCost(base, head, { flagPercent: 50 }).flags.map((f) => f.key?.split('/').pop())).toEqual([
      'web',
    ]);
    expect(diffCost(base, head, { flagPercent: 51 }).flags).toEqual([]);
    expect(diffCost(head, base).flags).toEqual([]);
  });
});
