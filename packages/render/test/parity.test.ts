/**
 * Parity: for helm and kustomize apps, render's objects equal the raw output of the real tool run with
 * Argo CD's command line, plus Argo's post-render (namespace defaulting by scope, tracking annotation),
 * object for object. Also: two renders give identical JSON, and a warm cache spawns no subprocess.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { K8sObject } from '@neuroscale/core';
import { loadYaml, resolveTool } from '@neuroscale/core';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../src/index.js';
import { defaultApiVersions } from '../src/post-render/resource-scope.js';
import { type FixtureRepo, materialise } from './helpers/fixture-repo.js';

const helm = resolveTool('helm');
const kubectl = resolveTool('kubectl');
const repos: FixtureRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

const CLUSTER_SCOPED = new Set([
  '/Namespace',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'example.com/Widget',
  'rbac.authorization.k8s.io/ClusterRole',
]);
const group = (o: K8sObject) => (o.apiVersion?.includes('/') ? o.apiVersion.split('/')[0]! : '');

/** Argo's post-render, written independently of the implementation. */
function argoPostRender(objects: K8sObject[], app: string, destNs: string): K8sObject[] {
  return objects.map((o) => {
    const out = structuredClone(o);
    out.metadata ??= {};
    const cluster = CLUSTER_SCOPED.has(`${group(o)}/${o.kind}`);
    if (cluster) delete out.metadata.namespace;
    else out.metadata.namespace ||= destNs;
    if (o.kind !== 'CustomResourceDefinition') {
      out.metadata.annotations = {
        ...(out.metadata.annotations ?? {}),
        'argocd.argoproj.io/tracking-id': `${app}:${group(o)}/${o.kind}:${out.metadata.namespace ?? destNs}/${o.metadata?.name}`,
      };
    }
    return out;
  });
}

const parse = (text: string) =>
  loadYaml(text, { file: 'out' })
    .documents.map((d) => d.value as K8sObject)
    .filter((o) => o?.kind);
const key = (o: K8sObject) => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
const byKey = (xs: K8sObject[]) => Object.fromEntries(xs.map((o) => [key(o), o]));

describe.skipIf(!helm.ok || !kubectl.ok)('parity with the real tools', () => {
  it('helm: values-object and precedence apps', async () => {
    const repo = materialise('helm');
    repos.push(repo);
    const result = await render({
      repoRoot: repo.root,
      roots: ['bootstrap/*.yaml'],
      cacheDir: join(repo.root, '..', 'cache'),
    });
    const apis = [...defaultApiVersions('1.33'), 'example.com/v1', 'example.com/v1/Widget'].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    const apiArgs = apis.flatMap((v) => ['--api-versions', v]);
    const chart = join(repo.root, 'charts/demo');
    const tmp = mkdtempSync(join(tmpdir(), 'parity-'));
    writeFileSync(join(tmp, 'vo.yaml'), 'd: from-values-object\n');
    writeFileSync(join(tmp, 'inline.yaml'), 'd: inline\ne: inline\n');
    const runs: [string, string, string[]][] = [
      [
        'values-object',
        'other',
        [
          'template',
          '.',
          '--name-template',
          'vo',
          '--namespace',
          'other',
          '--kube-version',
          '1.33',
          '--values',
          join(tmp, 'vo.yaml'),
          ...apiArgs,
          '--include-crds',
        ],
      ],
      [
        'precedence',
        'demo',
        [
          'template',
          '.',
          '--name-template',
          'precedence',
          '--namespace',
          'demo',
          '--kube-version',
          '1.33',
          '--set',
          'a=precedence',
          '--set',
          'e=param',
          '--set',
          'f=x\\,y',
          '--set',
          'list={one,two}',
          '--set-string',
          'g=true',
          '--values',
          join(chart, 'values-1.yaml'),
          '--values',
          join(chart, 'values-2.yaml'),
          '--values',
          join(tmp, 'inline.yaml'),
          ...apiArgs,
          '--include-crds',
        ],
      ],
    ];
    for (const [app, ns, args] of runs) {
      const raw = execFileSync((helm as { path: string }).path, args, {
        cwd: chart,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: tmp },
      });
      const expected = argoPostRender(parse(raw), app, ns);
      const ours = result.manifests.filter((m) => m.source.apps.at(-1) === app).map((m) => m.object);
      expect(ours.length).toBe(expected.length);
      expect(byKey(ours)).toEqual(byKey(expected));
    }
  }, 60_000);

  it('kustomize: apps without overrides', async () => {
    const repo = materialise('kustomize');
    repos.push(repo);
    const result = await render({
      repoRoot: repo.root,
      roots: ['bootstrap/*.yaml'],
      cacheDir: join(repo.root, '..', 'cache'),
    });
    for (const [app, path, ns] of [
      ['base', 'base', 'base-ns'],
      ['both', 'overlays/both', 'demo'],
    ] as const) {
      const raw = execFileSync((kubectl as { path: string }).path, ['kustomize', join(repo.root, path)], {
        cwd: repo.root,
        encoding: 'utf8',
      });
      const expected = argoPostRender(parse(raw), app, ns);
      const ours = result.manifests.filter((m) => m.source.apps.at(-1) === app).map((m) => m.object);
      expect(ours.length).toBe(expected.length);
      expect(byKey(ours)).toEqual(byKey(expected));
    }
  }, 60_000);
});

describe('determinism and cache', () => {
  it('two renders give identical JSON; the warm render runs no subprocess', async () => {
    const repo = materialise('helm');
    repos.push(repo);
    const cacheDir = join(repo.root, '..', 'cache');
    const cold = await render({ repoRoot: repo.root, roots: ['bootstrap/*.yaml'], cacheDir });
    expect(cold.stats.subprocesses).toBeGreaterThan(0);
    const warm = await render({ repoRoot: repo.root, roots: ['bootstrap/*.yaml'], cacheDir });
    expect(warm.stats.subprocesses).toBe(0);
    expect(warm.stats.passes).toBe(1);
    const strip = (r: typeof cold) =>
      JSON.stringify({
        apps: r.apps,
        manifests: r.manifests.map((m) => ({ o: m.object, s: m.source })),
        findings: r.findings,
      });
    expect(strip(warm)).toBe(strip(cold));
    // a third render with a fresh cache directory produces the same bytes too
    const fresh = await render({
      repoRoot: repo.root,
      roots: ['bootstrap/*.yaml'],
      cacheDir: join(repo.root, '..', 'cache2'),
      concurrency: 1,
    });
    expect(strip(fresh)).toBe(strip(cold));
  }, 120_000);

  it('changing an input invalidates only the runs that read it', async () => {
    const repo = materialise('helm');
    repos.push(repo);
    const cacheDir = join(repo.root, '..', 'cache');
    const opts = { repoRoot: repo.root, roots: ['bootstrap/*.yaml'], cacheDir };
    await render(opts);
    // a value file outside the chart: only multi-source reads env/values-ref.yaml
    writeFileSync(join(repo.root, 'env/values-ref.yaml'), 'a: ref-changed\n');
    const one = await render(opts);
    expect(one.stats.subprocesses).toBe(1);
    // a file inside the chart (helm may read any of them): the four apps on charts/demo, not broken-chart
    writeFileSync(join(repo.root, 'charts/demo/values-2.yaml'), 'c: changed\nd: file2\n');
    const again = await render(opts);
    expect(again.stats.subprocesses).toBe(4);
    const cm = again.manifests.find((m) => m.object.metadata?.name === 'precedence-values')!
      .object as K8sObject & { data: Record<string, string> };
    expect(cm.data.c).toBe('changed');
  }, 120_000);
});
