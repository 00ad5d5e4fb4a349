/**
 * The admitted objects on request: `policy test --output-dir` (the suites' mutated and generated
 * resources) and `policy apply --output -` (what admission changed, as YAML on stdout), and
 * `--no-mutate` turning admission off.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CLI_BIN, cli, REPO_ROOT, tempRepo } from './helpers.js';

const built = existsSync(CLI_BIN);
const POLICY = readFileSync(join(REPO_ROOT, 'policies/add-neuroscale-defaults/policy.yaml'), 'utf8');
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
spec:
  containers:
    - name: web
      image: ghcr.io/neuroscale/web:1.0.0
`;

describe.skipIf(!built)('admitted objects on request', () => {
  it('policy test --output-dir writes each patched resource of the suite', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ns-admitted-')), 'out');
    const r = await cli(['policy', 'test', 'policies/add-neuroscale-defaults', '--output-dir', out], {
      cwd: REPO_ROOT,
    });
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'deployment-shop-prod-prod-deployment.yaml',
      'pod-default-no-requests-pod.yaml',
      'pod-shop-dev-dev-pod.yaml',
      'pod-shop-staging-staging-pod.yaml',
    ]);
    expect(readFileSync(join(out, 'pod-shop-dev-dev-pod.yaml'), 'utf8')).toContain('neuroscale.io/env: dev');
  });

  it('policy apply --output - prints what admission changed; --no-mutate finds the rendered object as written', async () => {
    const dir = tempRepo({ 'policies/add-neuroscale-defaults/policy.yaml': POLICY, 'pod.yaml': POD });
    const r = await cli(
      ['policy', 'apply', 'pod.yaml', '--policies', 'policies', '--output', '-', '--format', 'json'],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout.slice(0, r.stdout.indexOf('{\n'))).map((d) => d.toJS());
    expect(docs).toHaveLength(1);
    expect(docs[0].spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{\n')));
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'policy/add-neuroscale-defaults/default-container-requests',
    ]);
    expect(report.admission).toEqual({
      mutatedObjects: 1,
      generatedObjects: 0,
      unchangedObjects: 0,
      failedObjects: 0,
    });
    const off = await cli(
      ['policy', 'apply', 'pod.yaml', '--policies', 'policies', '--no-mutate', '--format', 'json'],
      {
        cwd: dir,
      },
    );
    expect(JSON.parse(off.stdout).findings).toEqual([]);
    expect(JSON.parse(off.stdout).admission).toBeUndefined();
  });
});

describe.skipIf(!built)('--policy-report', () => {
  it('writes plain YAML: rows about the same object repeat it, no anchors or aliases', async () => {
    const policy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: two-rules
spec:
  rules:
    - name: has-app-label
      match: { any: [{ resources: { kinds: [Pod] } }] }
      validate: { message: needs app, pattern: { metadata: { labels: { app: '?*' } } } }
    - name: has-team-label
      match: { any: [{ resources: { kinds: [Pod] } }] }
      validate: { message: needs team, pattern: { metadata: { labels: { team: '?*' } } } }
`;
    const dir = tempRepo({ 'policies/two-rules.yaml': policy, 'pod.yaml': POD });
    const out = join(mkdtempSync(join(tmpdir(), 'ns-policy-report-')), 'report.yaml');
    const r = await cli(['policy', 'apply', 'pod.yaml', '--policies', 'policies', '--policy-report', out], {
      cwd: dir,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/[&*]a\d+\b/);
    const report = parseAllDocuments(text)[0]!.toJS();
    const rows = JSON.stringify(report).match(/"name":"web"/g) ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });
});
