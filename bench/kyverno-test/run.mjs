// Benchmark: the NeuroScale policy pack (policies/*/policy.yaml) applied to 10,000 generated
// resources with the BUILT @neuroscale/kyverno-test (packages/kyverno-test/dist).
// Usage: node bench/kyverno-test-test/run.mjs [count]   (build first: cd packages/kyverno-test && npx tsup)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// NEUROSCALE_BENCH_MODULE=<file.mjs> (exporting loadPolicies, applyPolicies and loadYaml) runs the same
// corpus against another build, for A/B comparisons on the same machine.
const override = process.env.NEUROSCALE_BENCH_MODULE
  ? await import(path.resolve(process.env.NEUROSCALE_BENCH_MODULE))
  : undefined;
const { loadPolicies, applyPolicies, admitManifests } =
  override ?? (await import(path.join(ROOT, 'packages/kyverno-test/dist/index.js')));
const { loadYaml } = override ?? (await import(path.join(ROOT, 'packages/core/dist/index.js')));

const COUNT = Number(process.argv[2] ?? 10_000);
// NEUROSCALE_BENCH_FORMAT=yaml writes block-style YAML (as helm/kustomize render it) instead of JSON lines
const FORMAT = process.env.NEUROSCALE_BENCH_FORMAT === 'yaml' ? 'yaml' : 'json';
const jsyaml =
  FORMAT === 'yaml' ? createRequire(path.join(ROOT, 'packages/core/package.json'))('js-yaml') : undefined;
const serialise = (o) =>
  jsyaml ? jsyaml.dump(o, { lineWidth: -1, noRefs: true }).trimEnd() : JSON.stringify(o);
const NAMESPACES = ['search', 'ranking', 'ml-serving', 'ml-training', 'web', 'data', 'kube-system', 'argocd'];

// deterministic pseudo-random
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

function container(i) {
  const c = {
    name: `c${i}`,
    image:
      rnd() < 0.05
        ? 'ghcr.io/neuroscale/app:latest'
        : `ghcr.io/neuroscale/app:1.${i}.${Math.floor(rnd() * 9)}`,
    resources: {
      requests: { cpu: '250m', memory: '512Mi' },
      ...(rnd() < 0.9 ? { limits: { cpu: '1', memory: '1Gi' } } : {}),
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      ...(rnd() < 0.03 ? { privileged: true } : {}),
    },
    ports: [{ containerPort: 8080 }],
  };
  if (rnd() < 0.8) {
    c.readinessProbe = { httpGet: { path: '/ready', port: 8080 } };
    c.livenessProbe = { httpGet: { path: '/healthz', port: 8080 } };
  }
  if (rnd() < 0.05) c.resources.limits = { ...(c.resources.limits ?? {}), 'nvidia.com/gpu': 1 };
  return c;
}

function podSpec() {
  const n = 1 + Math.floor(rnd() * 3);
  return {
    securityContext: { runAsNonRoot: rnd() < 0.95 },
    containers: Array.from({ length: n }, (_, i) => container(i)),
    ...(rnd() < 0.02 ? { hostNetwork: true } : {}),
    volumes: [
      { name: 'cache', emptyDir: {} },
      ...(rnd() < 0.02 ? [{ name: 'host', hostPath: { path: '/data' } }] : []),
    ],
  };
}

function labels(i) {
  const l = {
    app: `app-${i}`,
    'neuroscale.io/team': pick(['search', 'ranking', 'data']),
    'neuroscale.io/cost-center': `cc-${1000 + (i % 50)}`,
    'neuroscale.io/env': pick(['dev', 'staging', 'prod']),
  };
  if (rnd() < 0.9) l['neuroscale.io/owner'] = `owner-${i % 97}`;
  return l;
}

function resource(i) {
  const namespace = pick(NAMESPACES);
  const name = `obj-${i}`;
  const kind = pick([
    'Deployment',
    'Deployment',
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'Job',
    'CronJob',
    'Pod',
    'InferenceService',
    'InferenceService',
    'Service',
    'ConfigMap',
  ]);
  const template = { metadata: { labels: labels(i) }, spec: podSpec() };
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata: { name, namespace },
        spec: { selector: { matchLabels: { app: `app-${i}` } }, template },
      };
    case 'Job':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata: { name, namespace },
        spec: { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } },
      };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata: { name, namespace },
        spec: {
          schedule: '0 * * * *',
          jobTemplate: {
            spec: { template: { ...template, spec: { ...template.spec, restartPolicy: 'OnFailure' } } },
          },
        },
      };
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata: { name, namespace, labels: labels(i) }, spec: podSpec() };
    case 'InferenceService':
      return {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind,
        metadata: { name, namespace, labels: labels(i) },
        spec: {
          predictor: {
            minReplicas: 1,
            maxReplicas: rnd() < 0.1 ? 20 : 4,
            model: {
              modelFormat: { name: 'sklearn' },
              storageUri: rnd() < 0.05 ? 'https://example.com/model.joblib' : `s3://models/m-${i}`,
              resources: {
                requests: { cpu: '1', memory: '2Gi' },
                limits: { cpu: '2', memory: '4Gi', ...(rnd() < 0.1 ? { 'nvidia.com/gpu': 1 } : {}) },
              },
            },
          },
        },
      };
    case 'Service':
      return {
        apiVersion: 'v1',
        kind,
        metadata: { name, namespace },
        spec: { selector: { app: `app-${i}` }, ports: [{ port: 80, targetPort: 8080 }] },
      };
    default:
      return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace },
        data: { key: `value-${i}` },
      };
  }
}

// corpus: Namespace objects + COUNT resources, written as YAML files of 500 documents
const dir = mkdtempSync(path.join(tmpdir(), 'neuroscale-kyverno-bench-'));
try {
  const namespaces = NAMESPACES.map((n) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    // env labels let the pack's mutate rules (add-neuroscale-defaults) match: admission is measured too
    metadata: {
      name: n,
      labels: {
        ...(n.startsWith('ml-') ? { 'neuroscale.io/gpu': 'true' } : {}),
        'neuroscale.io/env': n === 'web' ? 'prod' : 'dev',
      },
    },
  }));
  const objects = [...namespaces, ...Array.from({ length: COUNT }, (_, i) => resource(i))];
  const files = [];
  for (let f = 0; f * 500 < objects.length; f++) {
    const file = path.join(dir, `manifests-${f}.yaml`);
    writeFileSync(
      file,
      objects
        .slice(f * 500, (f + 1) * 500)
        .map(serialise)
        .join('\n---\n'),
    );
    files.push(file);
  }

  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const loaded = await loadPolicies([path.join(ROOT, 'policies')], { root: ROOT });
  const tPolicies = performance.now();
  const manifests = [];
  for (const file of files) {
    const rel = path.relative(dir, file);
    for (const d of loadYaml(readFileSync(file, 'utf8'), { file: rel }).documents) {
      manifests.push({
        object: d.value,
        source: { apps: [], file: rel, documentIndex: d.index, line: d.line, column: d.column },
        locate: d.locate,
      });
    }
  }
  const tLoad = performance.now();
  const cLoad = process.cpuUsage();
  const { findings, report } = applyPolicies(manifests, loaded.policies);
  const tApply = performance.now();
  const cApply = process.cpuUsage();
  const cpuMs = (a, b) => Math.round((b.user + b.system - a.user - a.system) / 1000);
  // admission order (the pipeline default): mutate/generate rules first, then the validate rules on the
  // admitted objects; the policy stage with mutation = admit + apply
  const admission = admitManifests ? admitManifests(manifests, loaded.policies) : undefined;
  const tAdmit = performance.now();
  const cAdmit = process.cpuUsage();
  if (admission) applyPolicies(admission.manifests, loaded.policies);
  const tAdmitted = performance.now();
  const cAdmitted = process.cpuUsage();

  // NEUROSCALE_BENCH_DUMP=<file>: findings and report as JSON, to diff two builds' outputs
  if (process.env.NEUROSCALE_BENCH_DUMP)
    writeFileSync(process.env.NEUROSCALE_BENCH_DUMP, JSON.stringify({ findings, report }));
  const ruleCount = loaded.policies.reduce((n, p) => n + p.policy.rules.length, 0);
  const applySec = (tApply - tLoad) / 1000;
  const out = {
    format: FORMAT,
    resources: manifests.length,
    policies: loaded.policies.length,
    compiledRules: ruleCount,
    ruleResponses: report.results.length,
    findings: findings.length,
    summary: report.summary,
    policyLoadMs: Math.round(tPolicies - t0),
    yamlLoadMs: Math.round(tLoad - tPolicies),
    applyMs: Math.round(tApply - tLoad),
    wallMs: Math.round(tApply - t0),
    // CPU time (user + system, all threads incl. GC) — steadier than wall time on a shared machine
    applyCpuMs: cpuMs(cLoad, cApply),
    cpuMs: cpuMs(c0, cApply),
    ruleResponsesPerSec: Math.round(report.results.length / applySec),
    candidateRuleEvaluationsPerSec: Math.round((manifests.length * ruleCount) / applySec),
    resourcesPerSec: Math.round(manifests.length / applySec),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(admission
      ? {
          mutatedObjects: admission.mutatedObjects,
          admitMs: Math.round(tAdmit - tApply),
          admitCpuMs: cpuMs(cApply, cAdmit),
          policyStageWithMutationMs: Math.round(tAdmitted - tApply),
          policyStageWithMutationCpuMs: cpuMs(cApply, cAdmitted),
        }
      : {}),
  };
  console.log(JSON.stringify(out, null, 2));
  if (admission)
    console.log(
      `mutation: admission ${out.admitMs} ms wall / ${out.admitCpuMs} ms CPU (${out.mutatedObjects} objects changed) adds ${Math.round((100 * out.admitCpuMs) / out.applyCpuMs)}% CPU to the policy stage (${out.applyCpuMs} ms without mutation, ${out.policyStageWithMutationCpuMs} ms with; target < 50%)`,
    );
  console.log(
    `apply ${out.resources} resources x ${out.policies} policies: ${out.applyMs} ms wall / ${out.applyCpuMs} ms CPU (${out.ruleResponsesPerSec} rule responses/s), wall ${out.wallMs} ms / ${out.cpuMs} ms CPU, peak RSS ${out.peakRssMB} MB (target < 1000 ms)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
