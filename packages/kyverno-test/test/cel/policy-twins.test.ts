/**
 * The pack's CEL twins (policies/cel/*) give the same verdicts as their classic policies on the
 * same objects: the classic suites' resources plus variations built here. "Not applicable" is a
 * classic policy without responses or a CEL `skip`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type K8sObject, readYamlFile } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { type LoadedPolicy, loadPolicies } from '../../src/index.js';
import { evaluateLoadedPolicy } from '../../src/policies/evaluate-loaded-policy.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const TWINS = [
  { classic: 'require-neuroscale-labels', cel: 'require-neuroscale-labels-cel' },
  { classic: 'require-requests-limits', cel: 'require-requests-limits-cel' },
];

async function load(rel: string): Promise<LoadedPolicy> {
  const r = await loadPolicies([rel], { baseDir: REPO, root: REPO });
  expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  expect(r.policies).toHaveLength(1);
  return r.policies[0]!;
}

async function resources(rel: string): Promise<K8sObject[]> {
  const r = await readYamlFile(path.join(REPO, rel), { file: rel });
  return r.documents.map((d) => d.value as K8sObject);
}

const labels = {
  'neuroscale.io/owner': 'ml',
  'neuroscale.io/team': 'serving',
  'neuroscale.io/cost-center': 'cc-1',
  'neuroscale.io/env': 'prod',
};
const full = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } };
const pod = (name: string, l: Record<string, string>, res: unknown, ns = 'default'): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: l },
  spec: { containers: [{ name: 'c', image: 'x:1', ...(res ? { resources: res } : {}) }] },
});
const template = (l: Record<string, string>, res: unknown) => ({
  metadata: { labels: l },
  spec: pod('t', l, res).spec,
});

/** Variations around the suites' fixtures. */
const VARIATIONS: K8sObject[] = [
  pod('env-staging', { ...labels, 'neuroscale.io/env': 'staging' }, full),
  pod('empty-owner', { ...labels, 'neuroscale.io/owner': '' }, full),
  pod('no-memory-limit', labels, { requests: full.requests, limits: { cpu: '1' } }),
  pod('numeric-cpu', labels, { requests: { cpu: 1, memory: '1Gi' }, limits: { cpu: 2, memory: '1Gi' } }),
  pod('in-kube-public', {}, undefined, 'kube-public'),
  {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'rs', namespace: 'default' },
    spec: { template: template(labels, full) },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'job-bad', namespace: 'default' },
    spec: { template: template({}, {}) },
  },
  {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'rc', namespace: 'default' },
    spec: { template: template(labels, undefined) },
  },
  {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'isvc-explainer', namespace: 'models', labels },
    spec: {
      predictor: { model: { modelFormat: { name: 'sklearn' }, resources: full } },
      explainer: { containers: [{ name: 'e', image: 'e:1' }] },
    },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data: {} },
];

function classicVerdict(lp: LoadedPolicy, o: K8sObject): string {
  const statuses = evaluateLoadedPolicy(lp, o).map((r) => r.status);
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('error')) return 'error';
  if (statuses.includes('pass')) return 'pass';
  return 'n/a';
}

function celVerdict(lp: LoadedPolicy, o: K8sObject): string {
  const r = evaluateLoadedPolicy(lp, o);
  expect(r.length).toBeLessThanOrEqual(1);
  const s = r[0]?.status;
  return s === undefined || s === 'skip' ? 'n/a' : s;
}

describe('policy pack CEL twins', () => {
  for (const t of TWINS) {
    it(`${t.cel} gives the verdicts of ${t.classic}`, async () => {
      const classic = await load(`policies/${t.classic}/policy.yaml`);
      const cel = await load(`policies/cel/${t.cel}/policy-cel.yaml`);
      expect(cel.policy.kind).toBe('ValidatingPolicy');
      const objects = [
        ...(await resources('policies/require-neuroscale-labels/resources.yaml')),
        ...(await resources('policies/require-requests-limits/resources.yaml')),
        ...VARIATIONS,
      ];
      const rows = objects.map((o) => `${o.kind}/${o.metadata?.name}: ${classicVerdict(classic, o)}`);
      const celRows = objects.map((o) => `${o.kind}/${o.metadata?.name}: ${celVerdict(cel, o)}`);
      expect(celRows).toEqual(rows);
      // the comparison is not vacuous: both verdicts occur
      expect(rows.some((r) => r.endsWith(': fail'))).toBe(true);
      expect(rows.some((r) => r.endsWith(': pass'))).toBe(true);
    });
  }
});

describe('policy pack CEL twin suites', () => {
  it('every kyverno-test.yaml under policies/cel passes with the runner, nothing unsupported', async () => {
    const { runTestSuites } = await import('../../src/index.js');
    const result = await runTestSuites([path.join(REPO, 'policies/cel')], { root: REPO });
    expect(result.suites.map((s) => s.path)).toEqual([
      'policies/cel/require-neuroscale-labels-cel/kyverno-test.yaml',
      'policies/cel/require-requests-limits-cel/kyverno-test.yaml',
    ]);
    expect(result.summary).toEqual({ pass: 19, fail: 0, unsupported: 0, errors: 0 });
    const actual = result.suites.flatMap((s) => s.results.map((r) => r.actual));
    expect(new Set(actual)).toEqual(new Set(['pass', 'fail', 'skip']));
  });
});
