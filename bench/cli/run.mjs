#!/usr/bin/env node
/**
 * Whole-CLI benchmark, the kubeconform comparison: `neuroscale-validate validate <dir>` on 20,000 documents
 * (core kinds and CRs, InferenceServices among them), as a fresh process, cold (empty schema cache) and warm.
 * Prints wall time, documents/s and the CLI process's peak RSS; runs `kubeconform -strict` on the same
 * files when it is on PATH.
 * Usage: node bench/cli/run.mjs [documents=20000]   (build first: pnpm run build)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '../../packages/cli/dist/index.js');
const N = Number(process.argv[2] ?? 20000);
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

// The CLI in a fresh process; the wrapper only adds the peak-RSS readout at exit.
const wrapper = `import { runCli } from ${JSON.stringify(main)};
const code = await runCli(process.argv.slice(1), { stdout: () => {}, stderr: (t) => process.stderr.write(t), readStdin: async () => '', cwd: process.cwd(), env: process.env, isTTY: false });
const u = process.cpuUsage(); process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + ' cpu=' + (u.user + u.system) + '\\n');
process.exitCode = code;`;
function run(label) {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', wrapper, 'validate', 'manifests', '--format', 'json'],
    {
      cwd: dir,
      env: { ...process.env, NEUROSCALE_CACHE_DIR: cache, NO_COLOR: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  const ms = performance.now() - t0;
  const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  const cpu = Number(/cpu=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1e6;
  if (r.status === 2 || !rss) throw new Error(`the CLI failed:\n${r.stderr}`);
  console.log(
    `  ${label.padEnd(28)} ${(ms / 1000).toFixed(2)} s  ${Math.round(N / (ms / 1000))} docs/s  CPU ${cpu.toFixed(2)} s  peak RSS ${rss.toFixed(0)} MiB  exit ${r.status} (${(r.stdout.match(/"ruleId"/g) ?? []).length} findings)`,
  );
}

console.log(`cli: neuroscale-validate validate on ${N} documents (${Math.ceil(N / perFile)} files)`);
run('cold (empty schema cache)');
run('warm (schema cache filled)');
run('warm, again');
const kc = spawnSync('kubeconform', ['-v'], { encoding: 'utf8' });
if (kc.status === 0) {
  const t0 = performance.now();
  spawnSync('kubeconform', ['-strict', '-summary', 'manifests'], { cwd: dir, encoding: 'utf8' });
  console.log(`  kubeconform -strict          ${((performance.now() - t0) / 1000).toFixed(2)} s`);
} else {
  console.log(
    '  kubeconform not on PATH; reference (design notes, same machine class): 21,000 docs, -strict, 3.86 s wall, 48 MB',
  );
}
rmSync(dir, { recursive: true, force: true });
