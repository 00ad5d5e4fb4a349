/**
 * Remote kustomize resources: with the network on, the real kustomize (`kubectl kustomize`) fetches an
 * `https://…`/`http://…` resource itself, as Argo CD lets it (here from a server this test starts on
 * 127.0.0.1); offline, the app is not rendered and the finding names the URL. A warm run makes no request.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderResult, render } from '../../src/index.js';

const kubectl = resolveTool('kubectl');
if (!kubectl.ok) console.warn('SKIP remote kustomize resource tests: kubectl not found');

const REPO_URL = 'https://example.com/platform.git';
let base: string;
let server: Server;
let url = '';
const requests: string[] = [];

function write(root: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'ns-kustomize-remote-'));
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/remote-cm.yaml') {
      res.writeHead(200, { 'content-type': 'text/yaml' });
      res.end('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-the-network\n');
    } else res.writeHead(404).end();
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  url = `http://127.0.0.1:${port}/remote-cm.yaml`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (base) rmSync(base, { recursive: true, force: true });
});

function tree(): string {
  const root = mkdtempSync(join(base, 'tree-'));
  write(root, {
    'gitops/bootstrap/root.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: kust
  namespace: argocd
spec:
  project: default
  destination:
    server: https://kubernetes.default.svc
    namespace: kust
  source:
    repoURL: ${REPO_URL}
    targetRevision: HEAD
    path: app
`,
    'app/kustomization.yaml': `resources:\n  - local.yaml\n  - ${url}\n`,
    'app/local.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n',
  });
  return root;
}

const names = (r: RenderResult) => r.manifests.map((m) => m.object.metadata?.name).sort();

describe.skipIf(!kubectl.ok)('remote kustomize resources', () => {
  it('online: kustomize fetches the resource; a warm run makes no request', async () => {
    const root = tree();
    const cacheDir = join(base, 'cache');
    const cold = await render({ repoRoot: root, cacheDir, repoURLs: [REPO_URL], offline: false });
    expect(names(cold)).toEqual(['from-the-network', 'local']);
    const seen = requests.length;
    expect(seen).toBeGreaterThan(0);
    const warm = await render({ repoRoot: root, cacheDir, repoURLs: [REPO_URL], offline: false });
    expect(names(warm)).toEqual(['from-the-network', 'local']);
    expect(requests.length).toBe(seen);
  }, 60_000);

  it('offline: not fetched, not rendered, the finding names the URL', async () => {
    const seen = requests.length;
    const r = await render({ repoRoot: tree(), cacheDir: join(base, 'cache-offline'), repoURLs: [REPO_URL] });
    expect(requests.length).toBe(seen);
    const w = r.findings.filter(
      (f) =>
        f.ruleId === 'coverage/app-not-rendered' &&
        f.details?.cause === 'render/remote-kustomize-base-unavailable',
    );
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain(url);
    expect(names(r)).toEqual([]);
  }, 60_000);
});
