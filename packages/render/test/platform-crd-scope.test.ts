import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../src/index.js';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ns-scope-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/example/p.git'], { cwd: dir });
  return dir;
}

describe("scope of the platform's well-known custom kinds", () => {
  it('does not put the destination namespace on a ClusterPolicy or ClusterServingRuntime whose CRD is not in the tree', async () => {
    const dir = repo({
      'gitops/bootstrap/root.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: policies, namespace: argocd}
spec:
  project: default
  source: {repoURL: https://github.com/example/p.git, targetRevision: HEAD, path: manifests}
  destination: {server: https://kubernetes.default.svc, namespace: kyverno}
`,
      'manifests/policy.yaml': `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: p}
spec: {rules: []}
---
apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata: {name: rt}
spec: {containers: []}
---
apiVersion: kyverno.io/v1
kind: Policy
metadata: {name: namespaced}
spec: {rules: []}
`,
    });
    const { manifests } = await render({ repoRoot: dir });
    const ns = Object.fromEntries(manifests.map((m) => [m.object.kind, m.object.metadata?.namespace]));
    expect(ns.ClusterPolicy).toBeUndefined();
    expect(ns.ClusterServingRuntime).toBeUndefined();
    expect(ns.Policy).toBe('kyverno');
  });
});

describe('a duplicate key does not fail a directory app', () => {
  it('keeps the object with the last value, as go-yaml v2 does, and reports the key', async () => {
    const dir = repo({
      'gitops/bootstrap/root.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: app, namespace: argocd}
spec:
  project: default
  source: {repoURL: https://github.com/example/p.git, targetRevision: HEAD, path: manifests}
  destination: {server: https://kubernetes.default.svc, namespace: demo}
`,
      'manifests/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  mode: fast\n  mode: slow\n',
    });
    const { manifests, findings, apps } = await render({ repoRoot: dir });
    expect(apps.find((a) => a.name === 'app')?.status).toBe('rendered');
    expect(manifests.find((m) => m.object.kind === 'ConfigMap')?.object.data).toEqual({ mode: 'slow' });
    expect(findings).toMatchObject([
      { ruleId: 'yaml/duplicate-key', location: { file: 'manifests/cm.yaml', line: 7 } },
    ]);
  });
});
