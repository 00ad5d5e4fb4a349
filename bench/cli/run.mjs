#!/usr/bin/env node
/**
 * Whole-CLI benchmark, the kubeconform comparison: `neuroscale-validate validate <dir> --format json` on 20,000
 * documents (core kinds and InferenceServices) as a fresh process of the real entry point (dist/bin.cjs), cold
 * (empty schema cache) and warm; wall time, CPU and peak RSS (worker threads included: one process), and a
 * small single file (the start-up cost: median wall of SMALL_RUNS runs, default 10, interleaved with as many
 * runs of `node -e 0` for Node's own start-up under the same load, and the share of module loading in one run's
 * CPU profile).
 *
 * With a kubeconform binary (`KUBECONFORM=/path/to/kubeconform`), paired runs side by side on the same files:
 * each pair runs both tools back to back (alternating which goes first), and the figure is the median of the
 * pairs' wall-time ratios, ours / kubeconform's — the machine's load affects both runs of a pair alike.
 * kubeconform runs `-strict` offline: the Kubernetes schemas from the shared data's standalone-strict folder
 * (NEUROSCALE_SHARED, default ../shared next to the repository; KUBECONFORM_SCHEMAS overrides), the
 * InferenceService schema from our bundled catalog. Install it with the Go toolchain:
 *   GOPATH=$(mktemp -d) go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0
 *
 * Usage: [KUBECONFORM=…] [PAIRS=5] [SMALL_RUNS=10] node bench/cli/run.mjs [documents=20000]   (build first: pnpm run build)
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bin = join(root, 'packages/cli/dist/bin.cjs');
const N = Number(process.argv[2] ?? 20000);
const PAIRS = Math.max(1, Number(process.env.PAIRS ?? 5));
const SMALL_RUNS = Math.max(1, Number(process.env.SMALL_RUNS ?? 10));
const dir = mkdtempSync(join(tmpdir(), 'ns-cli-bench-'));
const cache = join(dir, '.cache');

const docs = [
  (i) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  namespace: team-${i % 20}\n  labels: {app: web-${i}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web-${i}}}\n  template:\n    metadata: {labels: {app: web-${i}}}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.${i % 9}.0\n          ports: [{containerPort: 8080}]\n          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}\n`,
  (i) =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web-${i}, namespace: team-${i % 20}}\nspec:\n  selector: {app: web-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`,
  (i) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg-${i}, namespace: team-${i % 20}}\ndata: {mode: fast, retries: "3"}\n`,
  (i) =>
    `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: model-${i}, namespace: team-${i % 20}}\nspec:\n  predictor:\n    minReplicas: 1\n    maxReplicas: 3\n    model:\n      modelFormat: {name: sklearn}\n      storageUri: gs://bucket/model-${i}\n      resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {cpu: 500m, memory: 512Mi}}\n`,
  (i) =>
    `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: job-${i}, namespace: team-${i % 20}}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: job, image: "busybox:1.36", args: [echo, hi]}]\n`,
];
mkdirSync(join(dir, 'manifests'));
const perFile = 200;
for (let f = 0; f * perFile < N; f++) {
  const out = [];
  for (let i = f * perFile; i < Math.min(N, (f + 1) * perFile); i++) out.push(docs[i % docs.length](i));
  writeFileSync(join(dir, 'manifests', `f${String(f).padStart(4, '0')}.yaml`), out.join('---\n'));
}
mkdirSync(join(dir, 'small'));
writeFileSync(join(dir, 'small', 'app.yaml'), [0, 1, 2, 3, 4].map((i) => docs[i](i)).join('---\n'));

// The real entry point in a fresh process; a preloaded CommonJS file reports CPU and peak RSS at exit (stderr).
// CommonJS, not an --import of an ES module: that would start Node's ESM loader, which the CLI never needs.
const probe = join(dir, 'probe.cjs');
writeFileSync(
  probe,
  "process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('maxrss='+process.resourceUsage().maxRSS+' cpu='+(u.user+u.system)+'\\n')})\n",
);
function ours(target = 'manifests') {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', probe, bin, 'validate', target, '--format', 'json'], {
    cwd: dir,
    env: { ...process.env, NEUROSCALE_CACHE_DIR: cache, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  const cpu = Number(/cpu=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1e6;
  const findings = (r.stdout.match(/"ruleId"/g) ?? []).length;
  // a failing exit without a finding is a crash (a missing module, an uncaught error), never a figure
  if (r.status === 2 || !rss || (r.status !== 0 && findings === 0))
    throw new Error(`the CLI failed (exit ${r.status}):\n${r.stderr}`);
  return { ms, rss, cpu, status: r.status, findings };
}
/**
 * One run under the CPU profiler (100 µs samples) and a require hook: the profiled time whose innermost
 * JavaScript frame is Node's module loader (resolve, read, compile: node:internal/modules/*) or node:vm (the
 * bin compiling the CLI's bundle, or reading its code cache), and the number of files required (the bundle,
 * the bin's own and third-party CommonJS files, Node built-ins not counted).
 */
function moduleLoading(target) {
  const profDir = mkdtempSync(join(tmpdir(), 'ns-cli-prof-'));
  const hook = join(dir, 'count-requires.cjs');
  writeFileSync(
    hook,
    "const M=require('node:module');const load=M._load;M._load=function(r){if(!M.isBuiltin(r))process.stderr.write('LOADED '+r+'\\n');return load.apply(this,arguments)};\n",
  );
  const r = spawnSync(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-interval',
      '100',
      '--cpu-prof-dir',
      profDir,
      '--require',
      hook,
      bin,
      'validate',
      target,
      '--format',
      'json',
    ],
    { cwd: dir, env: { ...process.env, NEUROSCALE_CACHE_DIR: cache, NO_COLOR: '1' }, encoding: 'utf8' },
  );
  if (r.status === 2) throw new Error(`the CLI failed:\n${r.stderr}`);
  // the entry point itself is loaded by Node, not required: + 1
  const modules = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).length + 1;
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
  rmSync(profDir, { recursive: true, force: true });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // innermost frame that has a script URL (native frames like compileSourceTextModule have none)
  const inLoader = new Map();
  const isLoading = (id) => {
    if (inLoader.has(id)) return inLoader.get(id);
    let n = byId.get(id);
    while (n && !n.callFrame.url) n = byId.get(parent.get(n.id));
    const v = !!n && /^node:(internal\/(modules|deps\/cjs-module-lexer)\/|vm$)/.test(n.callFrame.url);
    inLoader.set(id, v);
    return v;
  };
  let us = 0;
  for (let i = 0; i < profile.samples.length; i++)
    if (isLoading(profile.samples[i])) us += profile.timeDeltas[i] ?? 0;
  return { ms: us / 1000, totalMs: (profile.endTime - profile.startTime) / 1000, modules };
}
const line = (label, r) =>
  `  ${label.padEnd(30)} ${(r.ms / 1000).toFixed(2)} s  ${Math.round(N / (r.ms / 1000))} docs/s  CPU ${r.cpu.toFixed(2)} s  peak RSS ${r.rss.toFixed(0)} MiB  exit ${r.status} (${r.findings} findings)`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`cli: neuroscale-validate validate on ${N} documents (${Math.ceil(N / perFile)} files)`);
console.log(
  `  load average ${loadavg()[0].toFixed(2)} at the start (the figures are only comparable on a quiet machine)`,
);
console.log(line('cold (empty schema cache)', ours()));
console.log(line('warm (schema cache filled)', ours()));
// One small file: the start-up cost (median of SMALL_RUNS fresh processes), and how much of one run's CPU
// profile is module loading (the loader resolving, reading and compiling modules; not their code running).
// Interleaved with `node -e 0` (the same probe): Node's own start-up, which no change of ours can remove, measured
// under the same load, so the difference is what the CLI adds.
function nodeAlone() {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', probe, '-e', '0'], { encoding: 'utf8' });
  return { ms: performance.now() - t0, cpu: Number(/cpu=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1e6 };
}
const smalls = [];
const bare = [];
for (let i = 0; i < SMALL_RUNS; i++) {
  smalls.push(ours('small'));
  bare.push(nodeAlone());
}
console.log(
  `  one small file (5 documents)   median of ${SMALL_RUNS}: ${median(smalls.map((r) => r.ms)).toFixed(0)} ms wall  CPU ${median(smalls.map((r) => r.cpu)).toFixed(2)} s  peak RSS ${Math.max(...smalls.map((r) => r.rss)).toFixed(0)} MiB`,
);
console.log(
  `  node -e 0 alone, interleaved   median of ${SMALL_RUNS}: ${median(bare.map((r) => r.ms)).toFixed(0)} ms wall  CPU ${median(bare.map((r) => r.cpu)).toFixed(2)} s (the CLI adds ${(median(smalls.map((r) => r.cpu)) * 1000 - median(bare.map((r) => r.cpu)) * 1000).toFixed(0)} ms CPU)`,
);
const loading = moduleLoading('small');
console.log(
  `  module loading (one small file, CPU profile): ${loading.ms.toFixed(0)} ms of ${loading.totalMs.toFixed(0)} ms profiled; ${loading.modules} modules loaded`,
);

const kubeconform = process.env.KUBECONFORM;
if (!kubeconform) {
  console.log(
    '  kubeconform: set KUBECONFORM=/path/to/kubeconform for the side-by-side ratio (see the header)',
  );
} else {
  const shared = resolve(process.env.NEUROSCALE_SHARED ?? join(root, '..', 'shared'));
  const k8s = process.env.KUBECONFORM_SCHEMAS ?? join(shared, 'schemas/kubernetes/v1.33.0/standalone-strict');
  if (!existsSync(k8s)) {
    console.log(
      `  kubeconform: no offline schemas at ${k8s} (set NEUROSCALE_SHARED or KUBECONFORM_SCHEMAS); skipped`,
    );
  } else {
    // One schema folder in kubeconform's layout (`<kind>-<first group label>-<version>.json`): links to the
    // Kubernetes schemas, plus InferenceService v1beta1, the raw structural schema of our bundled catalog.
    // (A second -schema-location for the CR makes kubeconform miss the first for every InferenceService.)
    const schemas = join(dir, 'kc-schemas');
    mkdirSync(schemas);
    for (const f of readdirSync(k8s)) if (f.endsWith('.json')) symlinkSync(join(k8s, f), join(schemas, f));
    const catalog = JSON.parse(
      readFileSync(
        join(root, 'packages/validate/generated/crd-catalog/serving.kserve.io_inferenceservices.json'),
        'utf8',
      ),
    );
    const isvc = catalog.versions.find((v) => v.name === 'v1beta1').schema;
    writeFileSync(join(schemas, 'inferenceservice-serving-v1beta1.json'), JSON.stringify(isvc));
    const args = [
      '-strict',
      '-summary',
      '-schema-location',
      `${schemas}/{{.ResourceKind}}{{.KindSuffix}}.json`,
      'manifests',
    ];
    const kc = () => {
      const t0 = performance.now();
      const r = spawnSync(kubeconform, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
      const ms = performance.now() - t0;
      if (r.error) throw r.error;
      return { ms, status: r.status, summary: (r.stdout.trim().split('\n').at(-1) ?? '').trim() };
    };
    const pairs = [];
    for (let i = 0; i < PAIRS; i++) {
      let a;
      let b;
      if (i % 2 === 0) {
        a = ours();
        b = kc();
      } else {
        b = kc();
        a = ours();
      }
      pairs.push({ ours: a, kc: b, ratio: a.ms / b.ms });
      console.log(
        `  pair ${i + 1}: ours ${(a.ms / 1000).toFixed(2)} s (CPU ${a.cpu.toFixed(2)} s, ${a.rss.toFixed(0)} MiB)  kubeconform -strict ${(b.ms / 1000).toFixed(2)} s (exit ${b.status}: ${b.summary})  ratio ${(a.ms / b.ms).toFixed(2)}`,
      );
    }
    console.log(
      `  median of ${PAIRS} pairs: ours ${(median(pairs.map((p) => p.ours.ms)) / 1000).toFixed(2)} s, kubeconform ${(median(pairs.map((p) => p.kc.ms)) / 1000).toFixed(2)} s, wall ratio ${median(pairs.map((p) => p.ratio)).toFixed(2)} (peak RSS ${Math.max(...pairs.map((p) => p.ours.rss)).toFixed(0)} MiB; load average now ${loadavg()[0].toFixed(2)})`,
    );
  }
}
rmSync(dir, { recursive: true, force: true });
