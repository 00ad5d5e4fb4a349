#!/usr/bin/env node
/**
 * `neuroscale-validate diff --base` benchmark: the generated 200-app tree of bench/render committed as the base,
 * one app changed in the working tree (a Helm values file: replicas and image of one app), then the built CLI run
 * as a user runs it. Reports the warm wall time of `diff --base HEAD` beyond a warm `render` of the head (both whole
 * processes, same cache), the in-process diffRenders time, and checks that the comment section lists exactly the
 * changed app. Usage: node bench/diff/run.mjs [apps=200]   (build first: pnpm build)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO as BENCH_REPO, generateTree } from '../render/generate-tree.mjs';

const { render } = await import('../../packages/render/dist/index.js');
const { diffRenders } = await import('../../packages/diff/dist/index.js');
const CLI = new URL('../../packages/cli/dist/bin.cjs', import.meta.url).pathname;
const N = Number(process.argv[2] ?? 200);
const root = mkdtempSync(join(tmpdir(), 'ns-diff-bench-'));
const cacheDir = mkdtempSync(join(tmpdir(), 'ns-diff-bench-cache-'));
generateTree(root, N);
const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git('remote', 'add', 'origin', BENCH_REPO);
git('add', '-A');
git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'base');

// one helm app changed (svc-002 is the first helm app: i % 3 === 2)
const CHANGED = 'svc-002';
const values = join(root, 'apps', CHANGED, 'values.yaml');
writeFileSync(
  values,
  readFileSync(values, 'utf8')
    .replace(/replicas: \d+/, 'replicas: 5')
    .replace(/:2\.0\.2$/m, ':2.1.0'),
);

const cli = (args) => {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [CLI, ...args, '--root', 'bootstrap/*.yaml', '--cache-dir', cacheDir],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return { ms: performance.now() - t0, ...r };
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log(`diff bench: ${N} apps, one changed (${CHANGED}), in ${root}`);
const cold = cli(['diff', '--base', 'HEAD', '--format', 'markdown']);
console.log(`diff --base HEAD, cold cache: ${seconds(cold.ms)} (exit ${cold.status})`);
const renderWarm = cli(['render', '--format', 'json']);
const diffWarm = cli(['diff', '--base', 'HEAD', '--format', 'markdown']);
if (diffWarm.status !== 0) console.log(diffWarm.stderr);
const beyond = diffWarm.ms - renderWarm.ms;
console.log(`render (head), warm:        ${seconds(renderWarm.ms)}`);
console.log(`diff --base HEAD, warm:     ${seconds(diffWarm.ms)}`);
console.log(
  `beyond rendering head:      ${seconds(beyond)}  target < 2 s: ${beyond < 2000 ? 'met' : 'MISSED'}`,
);

const listed = [...diffWarm.stdout.matchAll(/<details><summary>\S+ <code>([^<]+)<\/code>/g)].map((m) => m[1]);
console.log(
  `comment lists: ${JSON.stringify(listed)}  exactly the changed app: ${JSON.stringify(listed) === JSON.stringify([CHANGED]) ? 'yes' : 'NO'}`,
);

// the diff alone, in process, on two warm renders (the base from a plain copy of the committed tree)
const baseRoot = mkdtempSync(join(tmpdir(), 'ns-diff-bench-base-'));
execFileSync('git', ['clone', '-q', root, baseRoot]);
execFileSync('git', ['remote', 'set-url', 'origin', BENCH_REPO], { cwd: baseRoot });
const opts = (repoRoot) => ({ repoRoot, roots: ['bootstrap/*.yaml'], cacheDir });
const [base, head] = [await render(opts(baseRoot)), await render(opts(root))];
const t0 = performance.now();
const { diff } = await diffRenders(base, head);
console.log(
  `diffRenders in process: ${(performance.now() - t0).toFixed(0)} ms for ${head.manifests.length} head objects ` +
    `(${diff.summary.apps.changed} app changed, ${diff.summary.objects.changed} objects changed)`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (this process)`);
if (!process.env.KEEP)
  for (const d of [root, baseRoot, cacheDir]) rmSync(d, { recursive: true, force: true });
