#!/usr/bin/env node
/**
 * @neuroscale/core benchmark: loading a realistic multi-document corpus (20,000 documents: Deployments,
 * Services, ConfigMaps, InferenceServices) with Kubernetes YAML 1.1 semantics, then placing 2,000 findings
 * on their lines (the lazy locate path).
 * Usage: node bench/core/run.mjs [documents=20000]   (build first: cd packages/core && npx tsup)
 */
import { performance } from 'node:perf_hooks';

const { loadYaml } = await import('../../packages/core/dist/index.js');
const N = Number(process.argv[2] ?? 20000);

const deployment = (i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: team-${i % 20}
  labels: {app: web-${i}, neuroscale.io/owner: team-${i % 20}, neuroscale.io/cost-center: CC-${1000 + (i % 50)}}
spec:
  replicas: ${1 + (i % 5)}
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.${i % 30}.0
          ports: [{containerPort: 8080, name: http}]
          env:
            - {name: MODE, value: "fast"}
            - {name: FEATURE_X, value: "on"}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
`;
const service = (i) => `apiVersion: v1
kind: Service
metadata: {name: web-${i}, namespace: team-${i % 20}}
spec:
  selector: {app: web-${i}}
  ports: [{port: 80, targetPort: http}]
`;
const configMap = (i) => `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg-${i}, namespace: team-${i % 20}}
data:
  enabled: "yes"
  retries: "3"
  payload: |
    line one ${i}
    line two
`;
const isvc = (i) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: model-${i}
  labels: {neuroscale.io/owner: ml, neuroscale.io/team: ml, neuroscale.io/cost-center: CC-1001, neuroscale.io/env: dev}
spec:
  predictor:
    minReplicas: 1
    maxReplicas: 3
    model:
      modelFormat: {name: sklearn}
      storageUri: gs://bucket/model-${i}
      resources:
        requests: {cpu: 100m, memory: 256Mi}
        limits: {cpu: 500m, memory: 512Mi}
`;
const makers = [deployment, service, configMap, isvc];
const docs = [];
for (let i = 0; i < N; i++) docs.push(makers[i % makers.length](i));
// 100 files of N/100 documents each, as a rendered tree would be
const files = [];
const per = Math.ceil(N / 100);
for (let f = 0; f * per < N; f++) files.push(docs.slice(f * per, (f + 1) * per).join('---\n'));
const bytes = files.reduce((n, t) => n + Buffer.byteLength(t), 0);

globalThis.gc?.();
let t0 = performance.now();
const loaded = files.map((text, i) => loadYaml(text, { file: `f${i}.yaml` }));
const loadMs = performance.now() - t0;
const count = loaded.reduce((n, r) => n + r.documents.length, 0);
const findings = loaded.reduce((n, r) => n + r.findings.length, 0);

t0 = performance.now();
let located = 0;
const all = loaded.flatMap((r) => r.documents);
for (let i = 0; i < all.length && located < 2000; i += Math.max(1, Math.floor(all.length / 2000))) {
  const d = all[i];
  const kind = d.value.kind;
  const p =
    kind === 'Deployment' ? '/spec/template/spec/containers/0/resources/limits/cpu' : '/metadata/name';
  if (d.locate(p)) located++;
}
const locateMs = performance.now() - t0;

const rss = process.resourceUsage().maxRSS / 1024;
console.log(
  `core: load ${count} documents (${(bytes / 1e6).toFixed(1)} MB, ${files.length} files, ${findings} findings)`,
);
console.log(
  `  load      ${loadMs.toFixed(0)} ms  ${(count / (loadMs / 1000)).toFixed(0)} docs/s  ${(bytes / 1e6 / (loadMs / 1000)).toFixed(1)} MB/s`,
);
console.log(
  `  locate    ${located} pointers in ${locateMs.toFixed(0)} ms  (${(locateMs / located).toFixed(3)} ms each, first-time parse per document)`,
);
console.log(`  peak RSS  ${rss.toFixed(0)} MiB`);
