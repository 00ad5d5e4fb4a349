/**
 * Remote Helm charts, pulled by the real pinned helm from servers this test starts on 127.0.0.1: a Helm HTTP
 * repository and a read-only OCI registry. Covers exact versions, ranges, OCI with and without `oci://`,
 * AppProject sourceRepos refusal, offline with and without the cache, a corrupt cache entry, two concurrent
 * cold runs on one cache, a warm run with zero requests, and a server that never answers.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderOptions, type RenderResult, render } from '../../src/index.js';
import {
  type CountingServer,
  packageChart,
  startBlackHole,
  startHelmRepository,
  startOciRegistry,
} from '../helpers/chart-servers.js';

const helmTool = resolveTool('helm');
const HELM = helmTool.ok ? helmTool.path : '';
if (!HELM) console.warn(`SKIP remote chart tests: helm not found (${helmTool.ok ? '' : helmTool.message})`);

const REPO_URL = 'https://example.com/platform.git';
let base: string;
let httpRepo: CountingServer;
let oci: CountingServer;
let forbidden: CountingServer;
const tgz: Record<string, Buffer> = {};

function app(name: string, source: Record<string, string>, project = 'default'): string {
  const lines = Object.entries(source).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: ${project}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${name}
  source:
${lines.join('\n')}
`;
}

/** A repository whose root file holds the given Applications (plus an AppProject app when restricted). */
function makeTree(apps: string[]): string {
  const root = mkdtempSync(join(base, 'tree-'));
  mkdirSync(join(root, 'gitops/bootstrap'), { recursive: true });
  mkdirSync(join(root, 'gitops/projects'), { recursive: true });
  writeFileSync(
    join(root, 'gitops/projects/restricted.yaml'),
    `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: restricted
  namespace: argocd
spec:
  sourceRepos:
    - ${REPO_URL}
    - '${httpRepo.url}'
  destinations:
    - server: '*'
      namespace: '*'
`,
  );
  const projects = app('projects', { repoURL: REPO_URL, targetRevision: 'HEAD', path: 'gitops/projects' });
  writeFileSync(join(root, 'gitops/bootstrap/root.yaml'), [projects, ...apps].join('---\n'));
  return root;
}

const run = (repoRoot: string, cacheDir: string, extra: Partial<RenderOptions> = {}): Promise<RenderResult> =>
  render({ repoRoot, cacheDir, repoURLs: [REPO_URL], offline: false, ...extra });

const configMaps = (r: RenderResult, appName: string) =>
  r.manifests
    .filter((m) => m.source.apps.at(-1) === appName && m.object.kind === 'ConfigMap')
    .map((m) => m.object.metadata?.name);
const appNode = (r: RenderResult, name: string) => r.apps.find((a) => a.name === name)!;
const findingsOf = (r: RenderResult, appName: string, ruleId: string) =>
  r.findings.filter((f) => f.app === appName && f.ruleId === ruleId);
const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

beforeAll(async () => {
  if (!HELM) return;
  base = mkdtempSync(join(tmpdir(), 'ns-remote-charts-'));
  const charts = join(base, 'charts');
  for (const version of ['1.0.0', '1.2.0', '2.0.0']) {
    const file = packageChart(HELM, join(base, 'src'), charts, { name: 'demo', version });
    tgz[version] = readFileSync(file);
  }
  httpRepo = await startHelmRepository(HELM, charts);
  oci = await startOciRegistry(charts, 'charts');
  const otherCharts = join(base, 'other');
  packageChart(HELM, join(base, 'src-other'), otherCharts, { name: 'other', version: '0.1.0' });
  forbidden = await startHelmRepository(HELM, otherCharts);
}, 60_000);

afterAll(async () => {
  await Promise.all([httpRepo?.close(), oci?.close(), forbidden?.close()]);
  if (base) rmSync(base, { recursive: true, force: true });
});

describe.skipIf(!HELM)('remote charts over HTTP and OCI', () => {
  let tree: string;
  let cache: string;
  let cold: RenderResult;
  beforeAll(async () => {
    tree = makeTree([
      app('http-exact', { repoURL: httpRepo.url, chart: 'demo', targetRevision: '1.0.0' }),
      app(
        'http-range',
        { repoURL: httpRepo.url, chart: 'demo', targetRevision: '>=1.0.0 <2.0.0' },
        'restricted',
      ),
      app('oci-plain', { repoURL: `${oci.url}/charts`, chart: 'demo', targetRevision: '1.0.0' }),
      app('oci-scheme', { repoURL: `oci://${oci.url}/charts`, chart: 'demo', targetRevision: '~1.2.0' }),
      app('refused', { repoURL: forbidden.url, chart: 'other', targetRevision: '0.1.0' }, 'restricted'),
    ]);
    cache = join(base, 'cache-main');
    httpRepo.requests.length = 0;
    oci.requests.length = 0;
    cold = await run(tree, cache);
  }, 120_000);

  it('renders an exact version from an HTTP repository and records version and digest', () => {
    expect(configMaps(cold, 'http-exact')).toEqual(['demo-1.0.0']);
    expect(appNode(cold, 'http-exact').sources[0]!.chart).toEqual({
      repoURL: httpRepo.url,
      name: 'demo',
      version: '1.0.0',
      digest: digestOf(tgz['1.0.0']!),
    });
  });

  it('resolves a range as helm does (highest match) and says which version it picked', () => {
    expect(configMaps(cold, 'http-range')).toEqual(['demo-1.2.0']);
    const info = findingsOf(cold, 'http-range', 'render/chart-version-resolved');
    expect(info).toHaveLength(1);
    expect(info[0]!.severity).toBe('info');
    expect(info[0]!.message).toContain('resolved to version 1.2.0');
  });

  it('pulls from an OCI registry with a scheme-less repoURL and with oci://', () => {
    expect(configMaps(cold, 'oci-plain')).toEqual(['demo-1.0.0']);
    expect(configMaps(cold, 'oci-scheme')).toEqual(['demo-1.2.0']);
    expect(appNode(cold, 'oci-scheme').sources[0]!.chart?.digest).toBe(digestOf(tgz['1.2.0']!));
    expect(oci.requests.some((r) => r.includes('/v2/charts/demo/tags/list'))).toBe(true);
  });

  it('refuses a repoURL the AppProject does not allow, with no request made', () => {
    const refused = findingsOf(cold, 'refused', 'render/source-not-permitted');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.severity).toBe('error');
    expect(refused[0]!.message).toContain("not permitted in project 'restricted'");
    expect(forbidden.requests).toEqual([]);
    expect(appNode(cold, 'refused').status).toBe('failed');
  });

  it('a warm run makes no request at all', async () => {
    const before = httpRepo.requests.length + oci.requests.length;
    expect(before).toBeGreaterThan(0);
    const warm = await run(tree, cache);
    expect(httpRepo.requests.length + oci.requests.length).toBe(before);
    expect(warm.stats.chartPulls).toBe(0);
    expect(configMaps(warm, 'http-range')).toEqual(['demo-1.2.0']);
    expect(configMaps(warm, 'oci-scheme')).toEqual(['demo-1.2.0']);
  }, 60_000);

  it('offline uses the cache only: a cached chart renders, with no request', async () => {
    const before = httpRepo.requests.length + oci.requests.length;
    const offline = await run(tree, cache, { offline: true });
    expect(httpRepo.requests.length + oci.requests.length).toBe(before);
    expect(configMaps(offline, 'http-exact')).toEqual(['demo-1.0.0']);
    expect(configMaps(offline, 'oci-plain')).toEqual(['demo-1.0.0']);
  }, 60_000);

  it('offline without a cache entry: coverage/app-not-rendered naming the URL and the cause', async () => {
    const before = httpRepo.requests.length + oci.requests.length;
    const offline = await run(tree, join(base, 'cache-empty'), { offline: true });
    expect(httpRepo.requests.length + oci.requests.length).toBe(before);
    const w = findingsOf(offline, 'http-exact', 'coverage/app-not-rendered');
    expect(w).toHaveLength(1);
    expect(w[0]!.severity).toBe('warning');
    expect(w[0]!.message).toContain(httpRepo.url);
    expect(w[0]!.message).toContain('the network is off');
    expect(configMaps(offline, 'http-exact')).toEqual([]);
  }, 60_000);

  it('a corrupt cache entry is reported and fetched again', async () => {
    const copy = join(base, 'cache-corrupt');
    await run(tree, copy);
    const charts = join(copy, 'remote', 'charts');
    let tampered = 0;
    for (const shard of readdirSync(charts)) {
      for (const key of readdirSync(join(charts, shard))) {
        const file = join(charts, shard, key, 'files', 'demo', 'templates', 'configmap.yaml');
        if (statSync(file, { throwIfNoEntry: false })) {
          writeFileSync(file, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: planted\n');
          tampered++;
        }
      }
    }
    expect(tampered).toBeGreaterThan(0);
    const before = httpRepo.requests.length + oci.requests.length;
    const again = await run(tree, copy);
    expect(httpRepo.requests.length + oci.requests.length).toBeGreaterThan(before);
    expect(findingsOf(again, 'http-exact', 'render/cache-entry-corrupt')[0]?.message).toContain('corrupt');
    expect(configMaps(again, 'http-exact')).toEqual(['demo-1.0.0']);
    expect(again.manifests.some((m) => m.object.metadata?.name === 'planted')).toBe(false);
  }, 90_000);
});

describe.skipIf(!HELM)('concurrency and unreachable servers', () => {
  it('two concurrent cold runs on one cache both render, and the cache stays valid', async () => {
    const tree = makeTree([
      app('a', { repoURL: httpRepo.url, chart: 'demo', targetRevision: '1.0.0' }),
      app('b', { repoURL: `${oci.url}/charts`, chart: 'demo', targetRevision: '1.2.0' }),
    ]);
    const cache = join(base, 'cache-concurrent');
    const [one, two] = await Promise.all([run(tree, cache), run(tree, cache)]);
    for (const r of [one, two]) {
      expect(configMaps(r, 'a')).toEqual(['demo-1.0.0']);
      expect(configMaps(r, 'b')).toEqual(['demo-1.2.0']);
    }
    const offline = await run(tree, cache, { offline: true });
    expect(configMaps(offline, 'a')).toEqual(['demo-1.0.0']);
    expect(offline.findings.filter((f) => f.ruleId === 'render/cache-entry-corrupt')).toEqual([]);
  }, 120_000);

  it('a server that never answers is bounded by the fetch time limit', async () => {
    const hole = await startBlackHole();
    try {
      const tree = makeTree([
        app('hangs', { repoURL: `http://127.0.0.1:${hole.port}`, chart: 'demo', targetRevision: '1.0.0' }),
      ]);
      const r = await run(tree, join(base, 'cache-hole'), { fetch: { timeoutMs: 3000 } });
      const w = findingsOf(r, 'hangs', 'coverage/app-not-rendered');
      expect(w).toHaveLength(1);
      expect(w[0]!.message).toContain('no answer within 3000 ms');
    } finally {
      await hole.close();
    }
  }, 60_000);

  it('a refused connection is a warning naming the cause, and the run goes on', async () => {
    const hole = await startBlackHole();
    const port = hole.port;
    await hole.close();
    const tree = makeTree([
      app('down', { repoURL: `http://127.0.0.1:${port}`, chart: 'demo', targetRevision: '1.0.0' }),
      app('up', { repoURL: httpRepo.url, chart: 'demo', targetRevision: '1.0.0' }),
    ]);
    const r = await run(tree, join(base, 'cache-down'));
    expect(findingsOf(r, 'down', 'coverage/app-not-rendered')[0]?.message).toContain('ECONNREFUSED');
    expect(configMaps(r, 'up')).toEqual(['demo-1.0.0']);
  }, 60_000);
});
