#!/usr/bin/env node
/**
 * Scale benchmark of the whole CLI (issue: large platforms): a generated tree of APPS apps — helm, kustomize
 * and directory apps under a root app-of-apps, plus one ApplicationSet of APPS/5 elements — checked by the
 * built CLI as fresh processes: a cold full run (fills the tool cache), a warm full run, the 4 shards of
 * `--shard i/4` in turn (the slowest is what a 4-runner matrix waits for), and `merge` of the 4 reports,
 * whose JSON must equal the full run's. Prints wall time and each process's peak RSS.
 * Usage: node bench/scale/run.mjs [apps=5000]   (build first: pnpm run build; ONLY=directory for directory apps only)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTree, REPO } from '../render/generate-tree.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '../../packages/cli/dist/bin.cjs');
const total = Number(process.argv[2] ?? 5000);
const appSet = Math.round(total / 5);
const root = mkdtempSync(join(tmpdir(), 'ns-scale-bench-'));
const out = mkdtempSync(join(tmpdir(), 'ns-scale-out-'));
// ONLY=directory: no helm/kustomize process at all (the in-process costs alone, and no cold tool cache to fill)
const only = process.env.ONLY;
const kinds = generateTree(root, total - appSet, { appSetElements: appSet, ...(only ? { only } : {}) });
execFileSync('git', ['init', '-q'], { cwd: root });
execFileSync('git', ['remote', 'add', 'origin', REPO], { cwd: root });
const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
git('add', '-A');
git('-c', 'user.name=b', '-c', 'user.email=b@example.com', 'commit', '-qm', 'tree');

// peak RSS of the CLI process itself, printed on exit to stderr
const rssHook = join(out, 'rss.cjs');
writeFileSync(
  rssHook,
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nmaxrss=${u.maxRSS} cpu=${u.userCPUTime + u.systemCPUTime}\\n`); });\n",
);
const cache = join(out, 'cache');

function cli(label, args, { profile } = {}) {
  const t0 = performance.now();
  const prof = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const r = spawnSync(process.execPath, [...prof, '--require', rssHook, bin, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NEUROSCALE_CACHE_DIR: cache },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status === 2 || r.status === null) throw new Error(`${label}: exit ${r.status}\n${r.stderr}`);
  const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  const cpu = Number(/cpu=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1e6;
  console.log(
    `${label.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(7)} s wall ${cpu.toFixed(2).padStart(7)} s CPU  peak RSS ${rss.toFixed(0).padStart(5)} MiB`,
  );
  return { ms, cpu, rss, stdout: r.stdout };
}

console.log(
  `neuroscale-validate scale bench: ${total} apps (${kinds.directory} directory, ${kinds.kustomize} kustomize, ${kinds.helm} helm, ${kinds.appset} from one ApplicationSet) in ${root}`,
);
const roots = ['--root', 'bootstrap/*.yaml', '--repo-url', REPO, '--fail-on', 'never'];
cli('full, cold', ['.', ...roots, '--format', 'json']);
const full = cli('full, warm', ['.', ...roots, '--format', 'json'], { profile: process.env.PROFILE });
const report = JSON.parse(full.stdout);
console.log(
  `  ${report.apps.length} apps, ${report.summary.objects} objects, ${report.findings.length} findings; ${((full.cpu * 1000) / report.apps.length).toFixed(2)} ms CPU per app`,
);
if (process.env.FULL_ONLY) {
  if (!process.env.KEEP) {
    rmSync(root, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
  process.exit(0);
}
const n = 4;
const shards = [];
for (let i = 1; i <= n; i++) {
  const r = cli(`shard ${i}/${n}, warm`, ['.', ...roots, '--shard', `${i}/${n}`, '--format', 'json']);
  const file = join(out, `shard-${i}.json`);
  writeFileSync(file, r.stdout);
  shards.push({ ...r, file, objects: JSON.parse(r.stdout).summary.objects });
}
const slowest = shards.reduce((a, b) => (b.ms > a.ms ? b : a));
const slowestCpu = Math.max(...shards.map((s) => s.cpu));
console.log(
  `  slowest shard ${(slowest.ms / 1000).toFixed(2)} s wall, ${slowestCpu.toFixed(2)} s CPU; objects per shard ${shards.map((s) => s.objects).join(' / ')}`,
);
const merged = cli(`merge of ${n}`, ['merge', ...shards.map((s) => s.file), '--format', 'json']);
console.log(
  `  merged JSON ${merged.stdout === full.stdout ? 'identical to' : 'DIFFERS FROM'} the full run's`,
);
// one app changed, checked with --changed-only --base: only the apps whose inputs changed are rendered and checked
const changed = 'apps/svc-000/manifests/config.yaml';
writeFileSync(join(root, changed), `${readFileSync(join(root, changed), 'utf8')}  changed: "1"\n`);
git('add', '-A');
git('-c', 'user.name=b', '-c', 'user.email=b@example.com', 'commit', '-qm', 'one app changed');
const changedArgs = ['.', ...roots, '--changed-only', '--base', 'HEAD~1', '--format', 'json'];
cli('changed-only, 1st', changedArgs);
const one = cli('changed-only, warm', changedArgs);
const oneReport = JSON.parse(one.stdout);
console.log(
  `  ${oneReport.changedOnly.affected} apps checked, ${oneReport.changedOnly.unchanged.length} skipped-unchanged, ${oneReport.summary.objects} objects; goal < 2 s warm: ${one.ms < 2000 ? 'met' : 'MISSED'}`,
);
console.log(
  `  peak RSS goal < 1024 MiB: ${Math.max(full.rss, ...shards.map((s) => s.rss)) < 1024 ? 'met' : 'MISSED'}`,
);
if (!process.env.KEEP) {
  rmSync(root, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
