/**
 * Chart.yaml dependencies, built as Argo CD builds them (`helm repo add` + `helm dependency build` after helm
 * template reports them missing) by the real helm, from a Helm repository this test serves on 127.0.0.1;
 * `file://` dependencies offline; a warm run builds nothing and makes no request.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderResult, render } from '../../src/index.js';
import { type CountingServer, packageChart, startHelmRepository } from '../helpers/chart-servers.js';

const helmTool = resolveTool('helm');
const HELM = helmTool.ok ? helmTool.path : '';
if (!HELM) console.warn('SKIP chart dependency tests: helm not found');

const REPO_URL = 'https://example.com/platform.git';
let base: string;
let server: CountingServer;

function write(root: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}

const app = (name: string, path: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  destination:
    server: https://kubernetes.default.svc
    namespace: ${name}
  source:
    repoURL: ${REPO_URL}
    targetRevision: HEAD
    path: ${path}
`;

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function makeTree(): string {
  const root = mkdtempSync(join(base, 'tree-'));
  write(root, {
    'gitops/bootstrap/root.yaml': [app('with-deps', 'charts/app'), app('local-only', 'charts/local')].join(
      '---\n',
    ),
    'charts/app/Chart.yaml': `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: demo\n    version: "1.0.0"\n    repository: "${server.url}"\n  - name: common\n    version: "0.1.0"\n    repository: "file://../common"\n`,
    'charts/app/templates/own.yaml': cm('app-own'),
    'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 0.1.0\n',
    'charts/common/templates/common.yaml': cm('{{ .Release.Name }}-common'),
    'charts/local/Chart.yaml':
      'apiVersion: v2\nname: local\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: "0.1.0"\n    repository: "file://../common"\n',
    'charts/local/templates/own.yaml': cm('local-own'),
  });
  return root;
}

const names = (r: RenderResult, appName: string) =>
  r.manifests
    .filter((m) => m.source.apps.at(-1) === appName)
    .map((m) => m.object.metadata?.name)
    .sort();

beforeAll(async () => {
  if (!HELM) return;
  base = mkdtempSync(join(tmpdir(), 'ns-chart-deps-'));
  packageChart(HELM, join(base, 'src'), join(base, 'charts'), { name: 'demo', version: '1.0.0' });
  server = await startHelmRepository(HELM, join(base, 'charts'));
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe.skipIf(!HELM)('chart dependencies', () => {
  it('builds remote and file:// dependencies online, then a warm run makes no request', async () => {
    const tree = makeTree();
    const cacheDir = join(base, 'cache');
    const cold = await render({ repoRoot: tree, cacheDir, repoURLs: [REPO_URL], offline: false });
    expect(cold.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(names(cold, 'with-deps')).toEqual(['app-own', 'demo-1.0.0', 'with-deps-common']);
    const requests = server.requests.length;
    expect(requests).toBeGreaterThan(0);
    const warm = await render({ repoRoot: tree, cacheDir, repoURLs: [REPO_URL], offline: true });
    expect(server.requests.length).toBe(requests);
    expect(names(warm, 'with-deps')).toEqual(['app-own', 'demo-1.0.0', 'with-deps-common']);
  }, 90_000);

  it('offline: file:// dependencies build; remote ones not in the cache are a finding with the cause', async () => {
    const tree = makeTree();
    const requests = server.requests.length;
    const r = await render({ repoRoot: tree, cacheDir: join(base, 'cache-offline'), repoURLs: [REPO_URL] });
    expect(server.requests.length).toBe(requests);
    expect(names(r, 'local-only')).toEqual(['local-only-common', 'local-own']);
    const missing = r.findings.filter(
      (f) => f.app === 'with-deps' && f.ruleId === 'coverage/app-not-rendered',
    );
    expect(missing).toHaveLength(1);
    expect(missing[0]!.severity).toBe('warning');
    expect(missing[0]!.message).toContain('the network is off');
  }, 90_000);
});
