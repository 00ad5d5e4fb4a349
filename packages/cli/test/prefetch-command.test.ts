/**
 * `prefetch` fills the cache from a Helm repository this test serves on 127.0.0.1; a later `--offline` render
 * (and `network: off` in the config) uses the cache alone and makes no request; `network: off` without a
 * cache entry is a coverage/app-not-rendered warning.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CountingServer,
  packageChart,
  startHelmRepository,
} from '../../render/test/helpers/chart-servers.js';
import { cli, tempRepo } from './helpers.js';

const helmTool = resolveTool('helm');
const HELM = helmTool.ok ? helmTool.path : '';
if (!HELM) console.warn('SKIP prefetch tests: helm not found');

let base: string;
let server: CountingServer;
let repo: string;

const application = (url: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: demo
  namespace: argocd
spec:
  project: default
  destination:
    server: https://kubernetes.default.svc
    namespace: demo
  source:
    repoURL: ${url}
    chart: demo
    targetRevision: ^1.0.0
`;

beforeAll(async () => {
  if (!HELM) return;
  base = mkdtempSync(join(tmpdir(), 'ns-cli-prefetch-'));
  for (const version of ['1.0.0', '1.1.0']) {
    packageChart(HELM, join(base, 'src'), join(base, 'charts'), { name: 'demo', version });
  }
  server = await startHelmRepository(HELM, join(base, 'charts'));
  repo = tempRepo({ 'gitops/bootstrap/root.yaml': application(server.url) });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (base) rmSync(base, { recursive: true, force: true });
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe.skipIf(!HELM)('prefetch and the network setting', () => {
  it('prefetch pulls the chart, then an --offline render uses the cache with no request', async () => {
    const cache = join(base, 'cache');
    const pre = await cli(['prefetch', '.', '--cache-dir', cache], { cwd: repo });
    expect(pre.stderr).toBe('');
    expect(pre.code).toBe(0);
    expect(pre.stdout).toMatch(new RegExp(`^cached ${server.url} demo 1\\.1\\.0 sha256:[0-9a-f]{64}$`, 'm'));
    const requests = server.requests.length;
    expect(requests).toBeGreaterThan(0);
    const out = await cli(['render', '.', '--format', 'json', '--offline', '--cache-dir', cache], {
      cwd: repo,
    });
    expect(server.requests.length).toBe(requests);
    const json = JSON.parse(out.stdout) as {
      apps: { name: string; sources: { chart?: { version: string; digest: string } }[] }[];
      manifests: { object: { kind: string; metadata: { name: string } } }[];
      findings: { ruleId: string; message: string }[];
    };
    const app = json.apps.find((a) => a.name === 'demo')!;
    expect(app.sources[0]!.chart?.version).toBe('1.1.0');
    expect(json.manifests.map((m) => m.object.metadata.name)).toContain('demo-1.1.0');
    const info = json.findings.find((f) => f.ruleId === 'render/chart-version-resolved');
    expect(info?.message).toContain('resolved to version 1.1.0');
  }, 90_000);

  it('with no flag and no network key the network is on, as in Argo CD: render pulls the chart', async () => {
    const requests = server.requests.length;
    const out = await cli(['render', '.', '--format', 'json', '--cache-dir', join(base, 'default-cache')], {
      cwd: repo,
    });
    expect(out.stderr).toBe('');
    expect(server.requests.length).toBeGreaterThan(requests);
    const json = JSON.parse(out.stdout) as {
      manifests: { object: { metadata: { name: string } } }[];
      findings: { ruleId: string }[];
    };
    expect(json.manifests.map((m) => m.object.metadata.name)).toContain('demo-1.1.0');
    expect(json.findings.map((f) => f.ruleId)).not.toContain('coverage/app-not-rendered');
  }, 90_000);

  it('network: off in the config forbids the fetch; the uncached chart is a coverage warning', async () => {
    writeFileSync(join(repo, 'neuroscale.config.yaml'), 'network: off\n');
    try {
      const requests = server.requests.length;
      const out = await cli(['render', '.', '--format', 'json', '--cache-dir', join(base, 'empty-cache')], {
        cwd: repo,
      });
      expect(server.requests.length).toBe(requests);
      expect(out.stderr).toBe('');
      const json = JSON.parse(out.stdout) as {
        findings: { ruleId: string; severity: string; message: string }[];
      };
      const w = json.findings.filter((f) => f.ruleId === 'coverage/app-not-rendered');
      expect(w).toHaveLength(1);
      expect(w[0]!.message).toContain(server.url);
      expect(w[0]!.message).toContain('the network is off');
    } finally {
      rmSync(join(repo, 'neuroscale.config.yaml'));
    }
  }, 60_000);

  it('network must be on or off', async () => {
    writeFileSync(join(repo, 'neuroscale.config.yaml'), 'network: sometimes\n');
    try {
      const out = await cli(['render', '.'], { cwd: repo });
      expect(out.code).toBe(2);
      expect(out.stderr).toContain('"network" must be on or off');
    } finally {
      rmSync(join(repo, 'neuroscale.config.yaml'));
    }
  });

  it('prefetch refuses --offline', async () => {
    const out = await cli(['prefetch', '.', '--offline'], { cwd: repo });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('prefetch needs the network');
    expect(readFileSync(join(repo, 'gitops/bootstrap/root.yaml'), 'utf8')).toContain('chart: demo');
  });
});
