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
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const { render } = await import('../../packages/render/dist/index.js');
const N = Number(process.argv[2] ?? 200);
const REPO = 'https://github.com/bench/gitops.git';
const root = mkdtempSync(join(tmpdir(), 'ns-render-bench-'));
const w = (p, s) => {
  mkdirSync(dirname(join(root, p)), { recursive: true });
  writeFileSync(join(root, p), s);
};
const app = (name, source, ns) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${REPO}
${source}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${ns}
  syncPolicy:
    syncOptions: [CreateNamespace=true]
`;
const deployment = (name, image) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: ${image}
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}
`;
const service = (name) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`;

// shared helm chart
w('charts/service/Chart.yaml', 'apiVersion: v2\nname: service\nversion: 1.0.0\n');
w('charts/service/values.yaml', 'image: ghcr.io/bench/app:1.0.0\nreplicas: 2\nport: 8080\n');
w(
  'charts/service/templates/deployment.yaml',
  deployment('{{ .Release.Name }}', '{{ .Values.image }}').replace(
    'replicas: 2',
    'replicas: {{ .Values.replicas }}',
  ),
);
w('charts/service/templates/service.yaml', service('{{ .Release.Name }}'));
w(
  'charts/service/templates/configmap.yaml',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  port: {{ .Values.port | quote }}\n',
);
// shared kustomize base
w('kustomize/base/kustomization.yaml', 'resources: [deployment.yaml, service.yaml]\n');
w('kustomize/base/deployment.yaml', deployment('web', 'ghcr.io/bench/web:1.0.0'));
w('kustomize/base/service.yaml', service('web'));

const kinds = { directory: 0, kustomize: 0, helm: 0 };
for (let i = 0; i < N; i++) {
  const name = `svc-${String(i).padStart(3, '0')}`;
  const kind = ['directory', 'kustomize', 'helm'][i % 3];
  kinds[kind]++;
  if (kind === 'directory') {
    w(
      `apps/${name}/manifests/deployment.yaml`,
      `${deployment(name, `ghcr.io/bench/${name}:1.0.${i}`)}---\n${service(name)}`,
    );
    w(
      `apps/${name}/manifests/config.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata: {i: "${i}"}\n`,
    );
    w(`apps/${name}/application.yaml`, app(name, `    path: apps/${name}/manifests`, name));
  } else if (kind === 'kustomize') {
    w(
      `apps/${name}/overlay/kustomization.yaml`,
      `resources: [../../../kustomize/base]\nnamePrefix: ${name}-\ncommonLabels: {team: t${i % 7}}\npatches: [{path: limits.yaml}]\n`,
    );
    w(
      `apps/${name}/overlay/limits.yaml`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          resources:\n            limits: {memory: 256Mi}\n',
    );
    w(
      `apps/${name}/application.yaml`,
      app(
        name,
        `    path: apps/${name}/overlay\n    kustomize:\n      images: [ghcr.io/bench/web:1.${i}.0]`,
        name,
      ),
    );
  } else {
    w(`apps/${name}/values.yaml`, `image: ghcr.io/bench/${name}:2.0.${i}\nreplicas: ${1 + (i % 3)}\n`);
    w(
      `apps/${name}/application.yaml`,
      app(name, `    path: charts/service\n    helm:\n      valueFiles: [/apps/${name}/values.yaml]`, name),
    );
  }
}
w(
  'bootstrap/root.yaml',
  app(
    'root',
    `    path: apps\n    directory:\n      recurse: true\n      include: '*/application.yaml'`,
    'argocd',
  ),
);
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
      w(
        `apps/${name}/application.yaml`,
        app(
          name,
          `    chart: service\n    targetRevision: 1.0.0\n    helm:\n      values: |\n        image: ghcr.io/bench/${name}:2.0.${i}\n        replicas: ${1 + (i % 3)}`,
          name,
        ).replace(`repoURL: ${REPO}`, `repoURL: ${repoUrl}`),
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
