/**
 * `repos:` in neuroscale.config.yaml maps another repository's URL to a folder inside this one (offline, no
 * clone); a folder outside the repository is refused with a finding and never read.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempRepo } from './helpers.js';

const OTHER = 'https://git.example.com/team/other.git';
const root = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: other
  namespace: argocd
spec:
  project: default
  destination:
    server: https://kubernetes.default.svc
    namespace: other
  source:
    repoURL: ${OTHER}
    targetRevision: main
    path: manifests
`;
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-other-repo\n';
const repos: string[] = [];
afterAll(() => {
  for (const r of repos) rmSync(r, { recursive: true, force: true });
});

interface Out {
  manifests: { object: { metadata: { name: string } } }[];
  findings: { ruleId: string; message: string }[];
}

describe('repos: config key', () => {
  it('renders a source of another repository from the mapped folder', async () => {
    const repo = tempRepo({
      'gitops/bootstrap/root.yaml': root,
      'vendor/other/manifests/cm.yaml': cm,
      'neuroscale.config.yaml': `repos:\n  ${OTHER}: vendor/other\n`,
    });
    repos.push(repo);
    const out = await cli(['render', '.', '--format', 'json', '--offline'], { cwd: repo });
    const json = JSON.parse(out.stdout) as Out;
    expect(json.manifests.map((m) => m.object.metadata.name)).toContain('from-other-repo');
    expect(json.findings.filter((f) => f.ruleId === 'coverage/app-not-rendered')).toEqual([]);
  }, 60_000);

  it('a folder outside the repository is refused and not used', async () => {
    const repo = tempRepo({
      'gitops/bootstrap/root.yaml': root,
      'neuroscale.config.yaml': `repos:\n  ${OTHER}: ../elsewhere\n`,
    });
    repos.push(repo);
    const out = await cli(['render', '.', '--format', 'json', '--offline'], { cwd: repo });
    const json = JSON.parse(out.stdout) as Out;
    const refused = json.findings.filter((f) => f.ruleId === 'config/path-outside-repository');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toContain('repos[');
    expect(json.manifests.map((m) => m.object.metadata.name)).not.toContain('from-other-repo');
  }, 60_000);

  it('repos must map URLs to folders', async () => {
    const repo = tempRepo({
      'gitops/bootstrap/root.yaml': root,
      'neuroscale.config.yaml': 'repos: [a, b]\n',
    });
    repos.push(repo);
    const out = await cli(['render', '.'], { cwd: repo });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('"repos" must map repository URLs to folders');
  });
});
