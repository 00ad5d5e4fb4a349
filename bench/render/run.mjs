#!/usr/bin/env node
/**
 * @neuroscale/render benchmark: a generated 200-app GitOps tree (root app-of-apps; directory, kustomize and
 * helm apps mixed), rendered cold (empty tool cache) then warm (same tree, cache filled).
 * Usage: node bench/render/run.mjs [apps=200]   (build first: cd packages/render && npx tsup)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateTree, REPO } from './generate-tree.mjs';

const { render } = await import('../../packages/render/dist/index.js');
const N = Number(process.argv[2] ?? 200);
const root = mkdtempSync(join(tmpdir(), 'ns-render-bench-'));
const kinds = generateTree(root, N);
execFileSync('git', ['init', '-q'], { cwd: root });
execFileSync('git', ['remote', 'add', 'origin', REPO], { cwd: root });

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
if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
