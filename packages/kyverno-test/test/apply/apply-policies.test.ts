import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type K8sObject, loadYaml, type Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { namespaceLabelsOf } from '../../src/apply/apply-policies.js';
import { applyPolicies, loadPolicies } from '../../src/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, '../fixtures/apply');
const REPO = path.resolve(HERE, '../../../..');

function manifestsFrom(file: string, shown: string): Manifest[] {
  const loaded = loadYaml(readFileSync(file, 'utf8'), { file: shown });
  expect(loaded.findings).toEqual([]);
  return loaded.documents.map((d) => ({
    object: d.value as K8sObject,
    source: {
      apps: ['search'],
      file: shown,
      documentIndex: d.index,
      line: d.line,
      column: d.column,
      sourceType: 'file' as const,
    },
    locate: d.locate,
  }));
}

describe('applyPolicies with the NeuroScale pack', () => {
  it('a Deployment with :latest, no owner label and no limits gives exactly those three findings', async () => {
    const dir = path.join(FIXTURES, 'three-findings');
    // the set the root Application syncs (policies/*/policy.yaml): the CEL twins in policies/cel/
    // would report the same violations a second time
    const synced = readdirSync(path.join(REPO, 'policies'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(path.join(REPO, 'policies', e.name, 'policy.yaml')))
      .map((e) => path.join(REPO, 'policies', e.name, 'policy.yaml'));
    const loaded = await loadPolicies(synced, { root: REPO });
    expect(loaded.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(loaded.policies.length).toBeGreaterThanOrEqual(9);
    const manifests = manifestsFrom(path.join(dir, 'manifests.yaml'), 'manifests.yaml');
    const { findings, report } = applyPolicies(manifests, loaded.policies);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected-findings.json'), 'utf8'));
    const got = findings
      .map(({ message: _m, details: _d, app: _a, ...f }) => f)
      .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    expect(got).toEqual(expected);
    for (const f of findings) {
      expect(f.app).toBe('search');
      expect(f.message).not.toBe('');
    }
    expect(report.summary.fail).toBe(3);
    expect(report.summary.error).toBe(0);
  });
});

describe('loadPolicies', () => {
  it('reports a policy that does not parse or compile at file:line and still loads the others', async () => {
    const dir = path.join(FIXTURES, 'broken-policies');
    const loaded = await loadPolicies([dir], { root: dir });
    expect(loaded.policies.map((p) => p.policy.name)).toEqual(['good-policy']);
    expect(loaded.policies[0]!.annotations).toEqual({ severity: 'low', category: 'Demo' });
    expect(loaded.exceptions.map((e) => e.name)).toEqual(['allow-legacy']);
    const errors = loaded.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.location?.file, f.location?.line])).toEqual([
      ['syntax-error.yaml', 9],
      ['no-name.yaml', 1],
    ]);
  });
});

describe('applyPolicies report and severities (engine-independent parts)', () => {
  it('derives namespace labels from Namespace objects', () => {
    const manifests = manifestsFrom(path.join(FIXTURES, 'three-findings/manifests.yaml'), 'manifests.yaml');
    expect(namespaceLabelsOf(manifests)).toEqual({
      search: { 'neuroscale.io/team': 'search', 'kubernetes.io/metadata.name': 'search' },
    });
  });

  it('returns an empty, well-formed report when no policy is given', () => {
    const manifests = manifestsFrom(path.join(FIXTURES, 'three-findings/manifests.yaml'), 'manifests.yaml');
    expect(applyPolicies(manifests, [])).toEqual({
      findings: [],
      report: {
        apiVersion: 'wgpolicyk8s.io/v1alpha2',
        kind: 'ClusterPolicyReport',
        metadata: { name: 'neuroscale-policy-report' },
        summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
        results: [],
      },
    });
  });
});

describe('applyPolicies severities', () => {
  it('an Audit policy failure is a warning; the report carries severity and category from annotations', async () => {
    const dir = path.join(FIXTURES, 'broken-policies');
    const loaded = await loadPolicies([path.join(dir, 'good.yaml')], { root: dir });
    const manifests: Manifest[] = [
      {
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'cfg', namespace: 'web' },
          data: {},
        },
        source: { apps: [], file: 'cfg.yaml', documentIndex: 0, line: 3, column: 1 },
      },
    ];
    const { findings, report } = applyPolicies(manifests, loaded.policies);
    expect(findings.map((f) => [f.ruleId, f.severity, f.location?.line])).toEqual([
      ['policy/good-policy/need-app-label', 'warning', 3],
    ]);
    expect(report.results).toEqual([
      expect.objectContaining({
        policy: 'good-policy',
        rule: 'need-app-label',
        result: 'fail',
        scored: true,
        severity: 'low',
        category: 'Demo',
      }),
    ]);
  });
});

describe('applyPolicies: the time budget of one apply', () => {
  it('objects not reached in time are one error finding, never silently passed', async () => {
    const dir = path.join(FIXTURES, 'three-findings');
    const loaded = await loadPolicies([path.join(REPO, 'policies/require-neuroscale-labels/policy.yaml')], {
      root: REPO,
    });
    const manifests = manifestsFrom(path.join(dir, 'manifests.yaml'), 'manifests.yaml');
    const spent = applyPolicies(manifests, loaded.policies, { timeBudgetMs: 0 });
    expect(spent.findings).toEqual([
      expect.objectContaining({
        ruleId: 'kyverno/policy-time-budget',
        severity: 'error',
        message: `policy evaluation stopped after 0 s (the time budget of one apply): ${manifests.length} of ${manifests.length} objects were not checked`,
        location: expect.objectContaining({ file: 'manifests.yaml' }),
      }),
    ]);
    expect(spent.report.results).toEqual([]);
    const whole = applyPolicies(manifests, loaded.policies);
    expect(whole.findings.some((f) => f.ruleId === 'kyverno/policy-time-budget')).toBe(false);
  });
});
