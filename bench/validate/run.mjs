// Benchmark: ≥20,000 generated Kubernetes documents (core kinds, CRDs and CRs including KServe
// InferenceServices, Kyverno ClusterPolicies and Argo CD Applications from the bundled catalog, ~2% broken)
// through the BUILT @neuroscale/validate: read files (core readYamlFile) + validate() with strict schemas
// and every check. Then the schema-compile cost alone, cold and from a warm cacheDir, in fresh processes.
// Usage: node bench/validate/run.mjs [documents]   (build first: cd packages/validate && pnpm run build)
// Reference (design notes, same machine class): kubeconform v0.6.7 -strict, 21,000 documents: 3.86 s wall, 48 MB.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The public entries only: the compile and cache figures come from ValidateResult.stats, and a
// "fresh engine" is a fresh process.
const { validate } = await import(path.join(ROOT, 'packages/validate/dist/index.js'));
const { manifestsFromDocuments, readYamlFile } = await import(path.join(ROOT, 'packages/core/dist/index.js'));
const ALL_CHECKS = [
  'duplicates',
  'cluster-scoped-namespace',
  'names',
  'pod-duplicates',
  'deprecated-apis',
  'apply-size',
  'helm-values',
];

async function readCorpus(dir) {
  const manifests = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const r = await readYamlFile(path.join(dir, file), { file, limits: { maxDocuments: 100_000 } });
    manifests.push(...manifestsFromDocuments(file, r.documents));
  }
  return manifests;
}

// child mode: compile the schemas of 12 kinds with a cacheDir (checks off), report the compile figures
if (process.argv[2] === '--compile-only') {
  const t = performance.now();
  const kinds = [
    ['apps/v1', 'Deployment'],
    ['v1', 'Service'],
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['batch/v1', 'CronJob'],
    ['v1', 'ServiceAccount'],
    ['rbac.authorization.k8s.io/v1', 'Role'],
    ['serving.kserve.io/v1beta1', 'InferenceService'],
    ['kyverno.io/v1', 'ClusterPolicy'],
    ['argoproj.io/v1alpha1', 'Application'],
  ];
  const manifests = kinds.map(([apiVersion, kind], documentIndex) => ({
    object: { apiVersion, kind, metadata: { name: 'x' } },
    source: { apps: [], file: 'kinds.yaml', documentIndex, line: 1, column: 1 },
  }));
  const { stats } = await validate(manifests, {
    kubeVersion: '1.33',
    cacheDir: process.argv[3],
    skipChecks: ALL_CHECKS,
  });
  const { compiled, cacheHits, compileMs } = stats;
  console.log(JSON.stringify({ wallMs: Math.round(performance.now() - t), compiled, cacheHits, compileMs }));
  process.exit(0);
}

// child mode: read the corpus and validate it against a warm cacheDir in a fresh process (a later CI run)
if (process.argv[2] === '--validate-cached') {
  const manifests = await readCorpus(process.argv[3]);
  const c = process.cpuUsage();
  const t = performance.now();
  const { stats } = await validate(manifests, { kubeVersion: '1.33', cacheDir: process.argv[4] });
  const u = process.cpuUsage(c);
  console.log(
    JSON.stringify({
      wallMs: performance.now() - t,
      cpuS: (u.user + u.system) / 1e6,
      cacheHits: stats.cacheHits,
      compileMs: stats.compileMs,
    }),
  );
  process.exit(0);
}

const COUNT = Number(process.argv[2] ?? 20_000);
const PER_FILE = 200;
let seed = 11;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const TEAMS = ['search', 'ranking', 'ml', 'web', 'data', 'platform'];

const container = (name) => ({
  name,
  image: `ghcr.io/neuroscale/${name}:1.${Math.floor(rnd() * 9)}`,
  ports: [{ name: 'http', containerPort: 8080 }],
  env: [
    { name: 'MODE', value: 'prod' },
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  ],
  resources: {
    requests: { cpu: pick(['100m', '250m', 1]), memory: pick(['128Mi', '1Gi']) },
    limits: { memory: '2Gi' },
  },
  readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
});

function doc(i) {
  const team = TEAMS[i % TEAMS.length];
  const name = `${team}-svc-${i}`;
  const metadata = { name, namespace: team, labels: { 'app.kubernetes.io/name': name, team } };
  const sel = { matchLabels: { 'app.kubernetes.io/name': name } };
  const r = rnd();
  let d;
  if (r < 0.3)
    d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 2,
        selector: sel,
        strategy: { rollingUpdate: { maxSurge: '25%' } },
        template: { metadata: { labels: sel.matchLabels }, spec: { containers: [container(name)] } },
      },
    };
  else if (r < 0.5)
    d = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { selector: sel.matchLabels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    };
  else if (r < 0.62)
    d = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata,
      data: { 'app.yaml': `team: ${team}\nreplicas: 2\n` },
    };
  else if (r < 0.67)
    d = { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data: { token: 'c2VjcmV0' } };
  else if (r < 0.72)
    d = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata,
      spec: {
        rules: [
          {
            host: `${name}.example.com`,
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } },
              ],
            },
          },
        ],
      },
    };
  else if (r < 0.77)
    d = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    };
  else if (r < 0.8)
    d = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata,
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'Never', containers: [container(name)] } } },
        },
      },
    };
  else if (r < 0.84) d = { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
  else if (r < 0.87)
    d = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    };
  else if (r < 0.95)
    d = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata,
      spec: {
        predictor: {
          minReplicas: 1,
          maxReplicas: 3,
          model: {
            modelFormat: { name: 'sklearn' },
            storageUri: `gs://models/${name}`,
            resources: { requests: { cpu: '1', memory: '2Gi' } },
          },
        },
      },
    };
  else if (r < 0.98)
    d = {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: `require-labels-${i}` },
      spec: {
        validationFailureAction: 'Audit',
        rules: [
          {
            name: 'labels',
            match: { any: [{ resources: { kinds: ['Pod'] } }] },
            validate: { message: 'label team required', pattern: { metadata: { labels: { team: '?*' } } } },
          },
        ],
      },
    };
  else
    d = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: team },
        source: { repoURL: 'https://github.com/x/y.git', path: `apps/${team}`, targetRevision: 'HEAD' },
      },
    };
  // ~2% broken: a misspelt field or a wrong type
  if (rnd() < 0.02) {
    if (d.spec) d.spec.replica = 2;
    else d.metadata.labelz = { a: 'b' };
  }
  return d;
}

const toYaml = (v, ind = '') => {
  if (Array.isArray(v))
    return v.length ? v.map((x) => `${ind}- ${toYaml(x, `${ind}  `).trimStart()}`).join('\n') : `${ind}[]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (!keys.length) return `${ind}{}`;
    return keys
      .map((k) => {
        const x = v[k];
        if (x && typeof x === 'object' && (Array.isArray(x) ? x.length : Object.keys(x).length))
          return `${ind}${JSON.stringify(k)}:\n${toYaml(x, `${ind}  `)}`;
        return `${ind}${JSON.stringify(k)}: ${x && typeof x === 'object' ? (Array.isArray(x) ? '[]' : '{}') : JSON.stringify(x)}`;
      })
      .join('\n');
  }
  return `${ind}${JSON.stringify(v)}`;
};

const dir = mkdtempSync(path.join(tmpdir(), 'ns-bench-validate-'));
let written = 0;
for (let f = 0; written < COUNT; f++) {
  const docs = [];
  for (let j = 0; j < PER_FILE && written < COUNT; j++, written++) docs.push(toYaml(doc(written)));
  writeFileSync(path.join(dir, `manifests-${String(f).padStart(4, '0')}.yaml`), `${docs.join('\n---\n')}\n`);
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const c0 = cpu();
const t0 = performance.now();
const manifests = await readCorpus(dir);
const t1 = performance.now();
const c1 = cpu();
const cacheDir = path.join(dir, '.cache');
mkdirSync(cacheDir);
// 1. cold: nothing compiled, empty cacheDir (a first CI run)
const result = await validate(manifests, { kubeVersion: '1.33', cacheDir });
const t2 = performance.now();
const c2 = cpu();
// 2. warm cacheDir, fresh engine (a later CI run with the cache restored): a fresh process
const self = fileURLToPath(import.meta.url);
const fromDisk = JSON.parse(
  execFileSync(process.execPath, [self, '--validate-cached', dir, cacheDir], { encoding: 'utf8' }),
);
// 3. same process again (watch mode, or the CLI validating base and head)
const t4a = performance.now();
const c4a = cpu();
await validate(manifests, { kubeVersion: '1.33', cacheDir });
const t4 = performance.now();
const c4 = cpu();

const byRule = {};
for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
const wall = (t2 - t0) / 1000;
const wallWarm = (t1 - t0 + fromDisk.wallMs) / 1000;
console.log(
  `documents           ${manifests.length} in ${readdirSync(dir).filter((f) => f.endsWith('.yaml')).length} files`,
);
const load = (await import('node:os')).loadavg()[0].toFixed(1);
console.log(
  `machine load (1m)   ${load} on ${(await import('node:os')).cpus().length} CPUs (wall times stretch with load; CPU times less so)`,
);
console.log(`read+parse (core)   ${((t1 - t0) / 1000).toFixed(2)} s wall, ${(c1 - c0).toFixed(2)} s CPU`);
console.log(
  `validate() cold     ${((t2 - t1) / 1000).toFixed(2)} s wall, ${(c2 - c1).toFixed(2)} s CPU ` +
    `(empty cacheDir: ${result.stats.compiled} validators compiled in ${(result.stats.compileMs / 1000).toFixed(2)} s)`,
);
console.log(
  `validate() cached   ${(fromDisk.wallMs / 1000).toFixed(2)} s wall, ${fromDisk.cpuS.toFixed(2)} s CPU ` +
    `(fresh process, ${fromDisk.cacheHits} validators loaded from cacheDir in ${(fromDisk.compileMs / 1000).toFixed(2)} s)`,
);
console.log(
  `validate() in-proc  ${((t4 - t4a) / 1000).toFixed(2)} s wall, ${(c4 - c4a).toFixed(2)} s CPU (same process, validators reused)`,
);
console.log(
  `total, cold         ${wall.toFixed(2)} s wall → ${Math.round(manifests.length / wall)} docs/s (read+parse + validate)`,
);
console.log(
  `total, cached       ${wallWarm.toFixed(2)} s wall → ${Math.round(manifests.length / wallWarm)} docs/s, ${(c1 - c0 + fromDisk.cpuS).toFixed(2)} s CPU`,
);
console.log(`time per stage      ${JSON.stringify(result.stats.durationsMs)}`);
console.log(`summary             ${JSON.stringify(result.summary)}`);
console.log(`findings            ${JSON.stringify(byRule)}`);
console.log(`peak RSS            ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
console.log(
  `kubeconform -strict (design notes): 21,000 docs in 3.86 s wall, 6.8 s user CPU, 48 MB; not installed here`,
);

const compileCache = path.join(dir, '.compile-cache');
mkdirSync(compileCache);
const coldCompile = JSON.parse(
  execFileSync(process.execPath, [self, '--compile-only', compileCache], { encoding: 'utf8' }),
);
const warmCompile = JSON.parse(
  execFileSync(process.execPath, [self, '--compile-only', compileCache], { encoding: 'utf8' }),
);
console.log(`schema compile, 12 kinds incl. InferenceService/ClusterPolicy/Application, fresh process:`);
console.log(`  cold (writes cacheDir) ${coldCompile.wallMs} ms (${coldCompile.compiled} compiled)`);
console.log(
  `  warm (reads cacheDir)  ${warmCompile.wallMs} ms (${warmCompile.cacheHits} loaded from cache, ${warmCompile.compiled} compiled)`,
);
rmSync(dir, { recursive: true, force: true });
