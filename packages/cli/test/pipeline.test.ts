import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from './helpers.js';

const ROOT_APP = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: root
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/platform.git
    targetRevision: HEAD
    path: gitops/apps
    directory:
      recurse: true
  destination:
    server: https://kubernetes.default.svc
    namespace: demo
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`;

describe('pipeline on a small tree', () => {
  it('reports a YAML error anywhere under gitops/ with file:line, and still renders the rest', async () => {
    const dir = tempRepo({
      'gitops/bootstrap/root.yaml': ROOT_APP,
      'gitops/apps/settings.yaml': CONFIGMAP,
      'gitops/orphans/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [oops\n',
    });
    const r = await cli(['.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const syntax = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'yaml/syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0].location).toMatchObject({ file: 'gitops/orphans/broken.yaml', line: 5 });
    expect(report.summary.objects).toBeGreaterThanOrEqual(1);
  });

  it('exit code follows --fail-on', async () => {
    const dir = tempRepo({
      'gitops/bootstrap/root.yaml': ROOT_APP,
      'gitops/apps/broken.yaml': 'a: [\n',
    });
    expect((await cli(['.', '--format', 'json'], { cwd: dir })).code).toBe(1);
    // the only app fails, so nothing is checked: that fails whatever --fail-on says, unless --allow-empty
    expect((await cli(['.', '--format', 'json', '--fail-on', 'never'], { cwd: dir })).code).toBe(1);
    const args = ['.', '--format', 'json', '--fail-on', 'never', '--allow-empty'];
    expect((await cli(args, { cwd: dir })).code).toBe(0);
  });

  it('validate reads plain manifests from stdin like kubeconform', async () => {
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
    const r = await cli(['validate', '-', '--format', 'json'], { stdin: deploy });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ objects: 1, invalid: 1 });
    const f = out.findings.find((x: { ruleId: string }) => x.ruleId.startsWith('schema/'));
    expect(f).toMatchObject({
      object: { kind: 'Deployment', name: 'web' },
      location: { file: '<stdin>', line: 6 },
    });
    expect(f.message).toMatch(/replica/);
  });
});

describe('rules: severity overrides from neuroscale.config.yaml', () => {
  const tree = {
    'gitops/bootstrap/root.yaml': ROOT_APP,
    'gitops/apps/settings.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    bad label: x\n',
  };

  it('changes the severity of a rule family and keeps the default severity in details', async () => {
    const dir = tempRepo({ ...tree, 'neuroscale.config.yaml': 'rules:\n  "metadata/*": info\n' });
    const base = JSON.parse(
      (await cli(['.', '--format', 'json', '--fail-on', 'never'], { cwd: tempRepo(tree) })).stdout,
    );
    const label = base.findings.find((f: { ruleId: string }) => f.ruleId.startsWith('metadata/'));
    expect(label.severity).toBe('error');
    const r = await cli(['.', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    const same = out.findings.find((f: { ruleId: string }) => f.ruleId === label.ruleId);
    expect(same.severity).toBe('info');
    expect(same.details.defaultSeverity).toBe('error');
    expect(r.code).toBe(0);
  });

  it('rejects an unknown level', async () => {
    const dir = tempRepo({ ...tree, 'neuroscale.config.yaml': 'rules:\n  helm/unused-value: fatal\n' });
    const r = await cli(['.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/must be error, warning or info/);
  });
});
