#!/usr/bin/env node
/**
 * @neuroscale/render benchmark: a generated 200-app GitOps tree (root app-of-apps; directory, kustomize and
 * helm apps mixed), rendered cold (empty tool cache) then warm (same tree, cache filled).
 * Then the same tree with its helm apps pointing at the same chart served from a Helm repository on 127.0.0.1
 * (helm package + helm repo index, a server started here): cold (pulled into an empty cache) and warm (no
 * request), against the all-local warm figure.
 * Usage: node bench/render/run.mjs [apps=200]   (build first: cd packages/render && npx tsup)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  benchApplication as app,
  REPO as BENCH_REPO,
  generateTree,
  writeBenchFile,
} from './generate-tree.mjs';

const { render } = await import('../../packages/render/dist/index.js');
const N = Number(process.argv[2] ?? 200);
const root = mkdtempSync(join(tmpdir(), 'ns-render-bench-'));
const kinds = generateTree(root, N);
execFileSync('git', ['init', '-q'], { cwd: root });
execFileSync('git', ['remote', 'add', 'origin', BENCH_REPO], { cwd: root });

const cacheDir = join(root, '.cache');
const options = { repoRoot: root, roots: ['bootstrap/*.yaml'], cacheDir };
const run = async (label) => {
  const t0 = performance.now();
  const r = await render(options);
  const ms = performance.now() - t0;
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  console.log(
    `${label.padEnd(5)} ${(ms / 1000).toFixed(2)} s  apps=${r.apps.length} objects=${r.manifests.length} ` +
      `(${Math.round(r.manifests.length / (ms / 1000))} objects/s)  subprocesses=${r.stats.subprocesses} cacheHits=${r.stats.cacheHits} passes=${r.stats.passes} errors=${errors}`,
  );
  return { ms, r };
};
console.log(
  `@neuroscale/render bench: ${N} apps (${kinds.directory} directory, ${kinds.kustomize} kustomize, ${kinds.helm} helm) in ${root}`,
);
const cold = await run('cold');
const warm = await run('warm');
const warmAgain = await run('warm');
const localWarmMs = Math.min(warm.ms, warmAgain.ms);
// Locating fields of kustomize output (overlay patch / images override / base document), as findings do.
{
  const pointers = [
    '/spec/template/spec/containers/0/resources/limits/memory',
    '/spec/template/spec/containers/0/image',
    '/metadata/labels/team',
    '/spec/selector',
    '/spec/template/spec/containers/0/name',
  ];
  const located = warm.r.manifests.filter((m) => m.source.sourceType === 'kustomize' && m.locate);
  const t0 = performance.now();
  let answered = 0;
  for (let round = 0; round < 20; round++)
    for (const m of located) for (const p of pointers) if (m.locate(p)) answered++;
  const ms = performance.now() - t0;
  const calls = 20 * located.length * pointers.length;
  console.log(
    `locate ${calls} pointer look-ups on ${located.length} kustomize objects: ${ms.toFixed(0)} ms ` +
      `(${Math.round(calls / (ms / 1000))}/s, ${answered} answered)`,
  );
}
console.log(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; warm target < 1.5 s: ${warm.ms < 1500 ? 'met' : 'MISSED'}`,
);
if (cold.r.manifests.length !== warm.r.manifests.length) console.log('WARNING: cold and warm outputs differ');

// Remote charts: the helm apps' chart served from a Helm repository on 127.0.0.1.
{
  const { resolveTool } = await import('../../packages/core/dist/index.js');
  const helm = resolveTool('helm');
  if (!helm.ok) console.log(`remote: skipped (${helm.message})`);
  else {
    const served = join(root, '.served');
    mkdirSync(served);
    const toolEnv = { PATH: process.env.PATH ?? '', HOME: served };
    execFileSync(helm.path, ['package', join(root, 'charts/service'), '--destination', served], {
      env: toolEnv,
    });
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      try {
        res.end(readFileSync(join(served, String(req.url).replace(/[^A-Za-z0-9._-]/g, ''))));
      } catch {
        res.writeHead(404).end();
      }
    });
    const port = await new Promise((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve(server.address().port)),
    );
    const repoUrl = `http://127.0.0.1:${port}`;
    execFileSync(helm.path, ['repo', 'index', served, '--url', repoUrl], { env: toolEnv });
    for (let i = 0; i < N; i++) {
      if (i % 3 !== 2) continue;
      const name = `svc-${String(i).padStart(3, '0')}`;
      writeBenchFile(
        root,
        `apps/${name}/application.yaml`,
        app(
          name,
          `    chart: service\n    targetRevision: 1.0.0\n    helm:\n      values: |\n        image: ghcr.io/bench/${name}:2.0.${i}\n        replicas: ${1 + (i % 3)}`,
          name,
        ).replace(`repoURL: ${BENCH_REPO}`, `repoURL: ${repoUrl}`),
      );
    }
    const remoteOptions = { ...options, cacheDir: join(root, '.cache-remote'), offline: false };
    const timed = async (label) => {
      const before = requests;
      const t0 = performance.now();
      const r = await render(remoteOptions);
      const ms = performance.now() - t0;
      const missing = r.findings.filter((f) => f.ruleId === 'coverage/app-not-rendered').length;
      console.log(
        `${label.padEnd(12)} ${(ms / 1000).toFixed(2)} s  objects=${r.manifests.length} chartPulls=${r.stats.chartPulls} requests=${requests - before} subprocesses=${r.stats.subprocesses} not-rendered=${missing}`,
      );
      return ms;
    };
    await timed('remote cold');
    // best of two warm runs (the machine is shared; the local warm figure above is one run)
    const remoteWarm = Math.min(await timed('remote warm'), await timed('remote warm'));
    const extra = ((remoteWarm - localWarmMs) / localWarmMs) * 100;
    console.log(
      `remote warm vs all-local warm (best of two each): ${extra >= 0 ? '+' : ''}${extra.toFixed(1)}% (target < +10%)`,
    );
    server.close();
  }
}
if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
