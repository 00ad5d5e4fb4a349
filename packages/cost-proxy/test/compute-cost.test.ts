import { describe, expect, it } from 'vitest';
import { computeCost } from '../src/index.js';
import { container, deployment, manifest } from './helpers.js';

const one = (objects: Record<string, unknown>[], options = {}) =>
  computeCost(
    objects.map((o) => manifest(o)),
    options,
  );

describe('computeCost: kinds and replicas', () => {
  it('prices ReplicaSet, ReplicationController, StatefulSet, Rollout and bare Pods like Deployments', () => {
    const snap = one([
      deployment('rs', { kind: 'ReplicaSet', replicas: 2 }),
      deployment('rc', { kind: 'ReplicationController', apiVersion: 'v1', replicas: 3 }),
      deployment('sts', { kind: 'StatefulSet' }),
      deployment('ro', { kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1', replicas: 4 }),
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'shop' },
        spec: { containers: [container('p', { cpu: '250m' })] },
      },
    ]);
    const byName = Object.fromEntries(snap.workloads.map((w) => [w.name, w]));
    expect(byName.rs?.replicas).toEqual({ min: 2, max: 2 });
    expect(byName.rc?.replicas).toEqual({ min: 3, max: 3 });
    expect(byName.sts?.components[0]?.replicasFrom).toBe('default');
    expect(byName.ro?.requests.max.cpu).toBe('4');
    expect(byName.p?.requests.max.cpu).toBe('250m');
    expect(snap.totals.requests.max.cpu).toBe('10250m');
    expect(
      snap.findings.filter((f) => f.ruleId === 'cost/missing-request').map((f) => f.object?.name),
    ).toEqual(['p']);
  });

  it('reports Jobs as a transient peak with no monthly cost, capped by completions', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'shop' },
      spec: {
        parallelism: 5,
        completions: 3,
        template: { spec: { containers: [container('j', { cpu: '1', memory: '1Gi' })] } },
      },
    };
    const snap = one([job]);
    const w = snap.workloads[0];
    expect(w?.category).toBe('transient');
    expect(w?.replicas).toEqual({ min: 3, max: 3 });
    expect(w?.monthly.max.total).toBe('0.000000');
    expect(snap.totals.requests.max.cpu).toBe('0');
    expect(snap.totals.transient.requests.cpu).toBe('3');
  });

  it('rejects negative, fractional and absurd replicas with a finding and a not-costed entry', () => {
    const snap = one(
      [
        deployment('neg', { replicas: -1 }),
        deployment('frac', { replicas: 1.5 }),
        deployment('text', { replicas: '3' }),
        deployment('big', { replicas: 20 }),
      ],
      { maxReplicas: 10 },
    );
    expect(snap.workloads).toEqual([]);
    expect(snap.notCosted.map((n) => n.name)).toEqual(['big', 'frac', 'neg', 'text']);
    expect(snap.findings.filter((f) => f.ruleId === 'cost/invalid-replicas')).toHaveLength(4);
    expect(snap.findings.every((f) => f.severity === 'error' && f.path === '/spec/replicas')).toBe(true);
  });

  it('lists unknown kinds and CRDs as not costed and skips built-in non-workloads silently', () => {
    const snap = one([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'a', namespace: 'argocd' },
      },
      { apiVersion: 'example.com/v1', kind: 'Service', metadata: { name: 'fake' } },
    ]);
    expect(snap.notCosted.map((n) => `${n.kind}/${n.name}`)).toEqual(['Application/a', 'Service/fake']);
    expect(snap.totals.notCosted).toBe(2);
  });

  it('uses an HPA (v1 or v2) in the same namespace for min..max and warns about dangling or invalid ones', () => {
    const hpa = (name: string, target: string, spec: Record<string, unknown>, namespace = 'shop') => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...spec },
    });
    const snap = one([
      deployment('web', { replicas: 3 }),
      hpa('web', 'web', { minReplicas: 2, maxReplicas: 6 }),
      hpa('other-ns', 'web', { maxReplicas: 50 }, 'elsewhere'),
      hpa('bad', 'api', { minReplicas: 5, maxReplicas: 2 }),
      deployment('api', { replicas: 1 }),
    ]);
    const web = snap.workloads.find((w) => w.name === 'web');
    expect(web?.replicas).toEqual({ min: 2, max: 6 });
    expect(web?.components[0]?.replicasFrom).toBe('hpa');
    expect(snap.workloads.find((w) => w.name === 'api')?.replicas).toEqual({ min: 1, max: 1 });
    expect(snap.findings.map((f) => f.ruleId).sort()).toEqual([
      'cost/hpa-target-missing',
      'cost/invalid-hpa',
    ]);
  });

  it('DaemonSets multiply by daemonSetNodes and are subtotalled apart', () => {
    const ds = deployment('agent', { kind: 'DaemonSet' });
    const snap = one([ds, deployment('web', { replicas: 1 })], { daemonSetNodes: 4 });
    expect(snap.totals.daemonSets.requests.max.cpu).toBe('4');
    expect(snap.totals.requests.max.cpu).toBe('5');
    expect(snap.totals.daemonSets.nodes).toBe(4);
  });
});

describe('computeCost: KServe', () => {
  const isvc = (spec: Record<string, unknown>) => ({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'm', namespace: 'models' },
    spec,
  });

  it('costs predictor, transformer and explainer separately with their own replica ranges', () => {
    const snap = one([
      isvc({
        predictor: { minReplicas: 0, maxReplicas: 4, pytorch: { resources: { requests: { cpu: '2' } } } },
        transformer: { minReplicas: 2, containers: [container('t', { cpu: '500m', memory: '512Mi' })] },
        explainer: { containers: [{ name: 'e', image: 'x' }] },
      }),
    ]);
    const w = snap.workloads[0];
    expect(
      w?.components.map((c) => [
        c.name,
        c.replicas.min,
        c.replicas.max,
        c.perPod.requests.cpu,
        c.perPod.requests.memory,
      ]),
    ).toEqual([
      ['predictor', 0, 4, '2', '2Gi'],
      ['transformer', 2, 2, '500m', '512Mi'],
      ['explainer', 1, 1, '1', '2Gi'],
    ]);
    expect(w?.requests.min.cpu).toBe('2');
    expect(w?.requests.max.cpu).toBe('10');
    expect(w?.notes.join(' ')).toContain('scales to zero');
  });

  it('merges a kserve-container entry with the model block instead of counting it twice', () => {
    const snap = one([
      isvc({
        predictor: {
          model: { modelFormat: { name: 'sklearn' } },
          containers: [
            { name: 'kserve-container', resources: { requests: { cpu: '3', memory: '1Gi' } } },
            container('agent', { cpu: '100m', memory: '64Mi' }),
          ],
        },
      }),
    ]);
    expect(snap.workloads[0]?.requests.max).toMatchObject({ cpu: '3100m', memory: '1088Mi' });
  });

  it('takes configurable KServe defaults; an empty default leaves the key unset', () => {
    const snap = one([isvc({ predictor: { model: { modelFormat: { name: 'sklearn' } } } })], {
      kserveDefaults: { cpuRequest: '250m', memoryRequest: '', cpuLimit: '500m', memoryLimit: '' },
    });
    expect(snap.workloads[0]?.requests.max).toMatchObject({ cpu: '250m', memory: '0' });
    expect(snap.workloads[0]?.limits.max).toMatchObject({ cpu: '500m', memory: '0' });
  });

  it('flags an InferenceService without a predictor and maxReplicas below minReplicas', () => {
    const snap = one([
      isvc({}),
      {
        ...isvc({ predictor: { minReplicas: 3, maxReplicas: 2, sklearn: {} } }),
        metadata: { name: 'n', namespace: 'models' },
      },
    ]);
    expect(snap.workloads).toEqual([]);
    expect(snap.findings.map((f) => f.ruleId).sort()).toEqual([
      'cost/invalid-pod-spec',
      'cost/invalid-replicas',
    ]);
  });
});

describe('computeCost: attribution, pricing, determinism', () => {
  it('prefers neuroscale.io labels over plain ones and object labels over template labels', () => {
    const d = deployment('web', {
      labels: { owner: 'plain', 'neuroscale.io/owner': 'alice', costCenter: 'cc-1' },
    });
    (d.spec as { template: { metadata?: unknown } }).template.metadata = {
      labels: { team: 'from-template', owner: 'ignored' },
    };
    const a = one([d]).workloads[0]?.attribution;
    expect(a).toEqual({
      owner: 'alice',
      team: 'from-template',
      costCenter: 'cc-1',
      env: 'unattributed',
      namespace: 'shop',
      app: 'shop',
    });
    const noApp = computeCost([manifest(deployment('x'), { app: '' })]).workloads[0];
    expect(noApp?.attribution.app).toBe('unattributed');
    expect(noApp?.key).toBe('/apps/Deployment/shop/x');
  });

  it('groups by cost center, owner, team, env, namespace and app', () => {
    const snap = one([
      deployment('a', { labels: { 'neuroscale.io/cost-center': 'cc-1' } }),
      deployment('b', { labels: { 'neuroscale.io/cost-center': 'cc-1' }, replicas: 2 }),
      deployment('c', { namespace: 'other' }),
    ]);
    expect(snap.groups.costCenter.map((g) => [g.name, g.workloads, g.requests.max.cpu])).toEqual([
      ['cc-1', 2, '3'],
      ['unattributed', 1, '1'],
    ]);
    expect(snap.groups.namespace.map((g) => g.name)).toEqual(['other', 'shop']);
  });

  it('applies price overrides exactly and reports invalid prices', () => {
    const snap = one([deployment('web', { replicas: 3 })], {
      pricing: { cpuCoreHour: '0.1', memoryGiBHour: 'cheap', hoursPerMonth: '100' },
    });
    // cpu: 3 cores × 0.1 × 100 = 30; memory falls back to 0.004237 × 3 GiB × 100 h = 1.2711
    expect(snap.workloads[0]?.monthly.max).toMatchObject({
      cpu: '30.000000',
      memory: '1.271100',
      total: '31.271100',
    });
    expect(snap.findings.map((f) => f.ruleId)).toEqual(['cost/invalid-pricing']);
  });

  it('has no floating-point drift: 1000 workloads of 100m sum to exactly 100 cores', () => {
    const objs = Array.from({ length: 1000 }, (_, i) =>
      deployment(`w${i}`, { containers: [container('c', { cpu: 0.1, memory: '0.1Gi' })] }),
    );
    const snap = one(objs);
    expect(snap.totals.requests.max.cpu).toBe('100');
    expect(snap.totals.requests.max.memory).toBe('100Gi');
  });

  it('is deterministic regardless of input order', () => {
    const objs = [deployment('b'), deployment('a', { replicas: 2 }), deployment('c', { kind: 'DaemonSet' })];
    const x = JSON.stringify(one(objs));
    const y = JSON.stringify(one([...objs].reverse()));
    expect(x).toBe(y);
  });

  it('warns on duplicates and skips never-applied objects', () => {
    const ms = [manifest(deployment('web')), manifest(deployment('web'), { line: 30 })];
    const hook = manifest(deployment('test-hook', { kind: 'Pod', apiVersion: 'v1' }));
    (hook.source as { syncRole?: string }).syncRole = 'never-applied';
    const snap = computeCost([...ms, hook]);
    expect(snap.workloads).toHaveLength(1);
    expect(snap.findings.map((f) => f.ruleId)).toEqual(['cost/duplicate-workload']);
    expect(snap.notCosted.map((n) => n.name)).toEqual(['test-hook']);
  });
});
