// Benchmark (CEL case): 10 ValidatingPolicies (the pack's two CEL twins + 8 written here) compiled
// once and applied to 10,000 generated resources with the BUILT @neuroscale/kyverno-test.
// Usage: node bench/kyverno-test-test/run-cel.mjs [count]   (build first: cd packages/kyverno-test && npx tsup)
// Target: < 1 s for policy load + compile + apply of 10,000 resources (was < 2 s).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// NEUROSCALE_BENCH_MODULE=<file.mjs> (exporting loadPolicies, applyPolicies and loadYaml) runs the same
// corpus against another build, for A/B comparisons on the same machine (as run.mjs).
const override = process.env.NEUROSCALE_BENCH_MODULE
  ? await import(path.resolve(process.env.NEUROSCALE_BENCH_MODULE))
  : undefined;
const { loadPolicies, applyPolicies } =
  override ?? (await import(path.join(ROOT, 'packages/kyverno-test/dist/index.js')));
const { loadYaml } = override ?? (await import(path.join(ROOT, 'packages/core/dist/index.js')));

const COUNT = Number(process.argv[2] ?? 10_000);
const NAMESPACES = ['search', 'ranking', 'ml-serving', 'web', 'data', 'kube-system'];

let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

function container(i) {
  return {
    name: `c${i}`,
    image:
      rnd() < 0.05
        ? 'ghcr.io/neuroscale/app:latest'
        : `${pick(['ghcr.io/neuroscale', 'docker.io/library'])}/app:1.${i}`,
    resources: {
      requests: { cpu: '250m', memory: '512Mi' },
      ...(rnd() < 0.9 ? { limits: { cpu: 1, memory: '1Gi' } } : {}),
    },
    securityContext: {
      runAsNonRoot: rnd() < 0.95,
      allowPrivilegeEscalation: false,
      capabilities: { drop: rnd() < 0.9 ? ['ALL'] : [] },
      ...(rnd() < 0.03 ? { privileged: true } : {}),
    },
    ...(rnd() < 0.8 ? { readinessProbe: { httpGet: { path: '/ready', port: 8080 } } } : {}),
  };
}

const podSpec = () => ({
  containers: Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, i) => container(i)),
  ...(rnd() < 0.02 ? { hostNetwork: true } : {}),
});

function labels(i) {
  const l = {
    app: `app-${i}`,
    'neuroscale.io/team': 'search',
    'neuroscale.io/cost-center': `cc-${i % 50}`,
    'neuroscale.io/env': pick(['dev', 'prod']),
  };
  if (rnd() < 0.9) l['neuroscale.io/owner'] = `owner-${i % 97}`;
  return l;
}

function resource(i) {
  const metadata = { name: `obj-${i}`, namespace: pick(NAMESPACES) };
  const template = { metadata: { labels: labels(i) }, spec: podSpec() };
  switch (
    pick([
      'Pod',
      'Pod',
      'Deployment',
      'Deployment',
      'StatefulSet',
      'CronJob',
      'InferenceService',
      'ConfigMap',
    ])
  ) {
    case 'Pod':
      return { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, labels: labels(i) }, spec: podSpec() };
    case 'Deployment':
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 3, template } };
    case 'StatefulSet':
      return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec: { replicas: 1, template } };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata,
        spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } },
      };
    case 'InferenceService':
      return {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { ...metadata, labels: labels(i) },
        spec: {
          predictor: {
            minReplicas: 1,
            maxReplicas: rnd() < 0.1 ? 20 : 4,
            model: {
              modelFormat: { name: 'sklearn' },
              resources: { requests: { cpu: 1, memory: '2Gi' }, limits: { cpu: 2, memory: '4Gi' } },
            },
          },
        },
      };
    default:
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { k: `v${i}` } };
  }
}

const podPolicy = (name, validations, extra = '') => `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: ${name}
spec:
  validationActions: [Deny]
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [pods]
${extra}  validations:
${validations}`;

const POLICIES = [
  podPolicy(
    'cel-disallow-privileged',
    `    - expression: "object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))"\n      message: privileged containers are not allowed\n`,
  ),
  podPolicy(
    'cel-no-host-network',
    `    - expression: "!object.spec.?hostNetwork.orValue(false)"\n      message: hostNetwork is not allowed\n`,
  ),
  podPolicy(
    'cel-disallow-latest',
    `    - expression: "object.spec.containers.all(c, c.image.contains(':') && !c.image.endsWith(':latest'))"\n      message: images need a tag other than latest\n`,
  ),
  podPolicy(
    'cel-run-as-non-root',
    `    - expression: "object.spec.containers.all(c, c.?securityContext.?runAsNonRoot.orValue(false))"\n      message: runAsNonRoot is required\n`,
  ),
  podPolicy(
    'cel-drop-all',
    `    - expression: "object.spec.containers.all(c, c.?securityContext.?capabilities.?drop.orValue([]).exists(d, d.upperAscii() == 'ALL'))"\n      message: drop ALL capabilities\n`,
  ),
  podPolicy(
    'cel-allowed-registries',
    `    - expression: "variables.images.all(i, i.matches('^(ghcr\\\\\\\\.io/neuroscale|registry\\\\\\\\.k8s\\\\\\\\.io)/'))"\n      messageExpression: "'images must come from an approved registry: ' + variables.images.join(', ')"\n`,
    `  variables:\n    - name: images\n      expression: "object.spec.containers.map(c, c.image)"\n`,
  ),
  podPolicy(
    'cel-readiness-probes',
    `    - expression: "object.spec.containers.all(c, has(c.readinessProbe))"\n      message: readiness probes are required\n`,
  ),
  `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: cel-isvc-replica-bounds
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: [serving.kserve.io]
        apiVersions: [v1beta1]
        operations: [CREATE, UPDATE]
        resources: [inferenceservices]
  validations:
    - expression: "object.spec.predictor.?maxReplicas.orValue(1) <= 10 && object.spec.predictor.?minReplicas.orValue(1) <= object.spec.predictor.?maxReplicas.orValue(1)"
      message: predictor replicas must stay within 1-10
`,
];

const dir = mkdtempSync(path.join(tmpdir(), 'neuroscale-kyverno-cel-bench-'));
try {
  const objects = Array.from({ length: COUNT }, (_, i) => resource(i));
  const files = [];
  for (let f = 0; f * 500 < objects.length; f++) {
    const file = path.join(dir, `manifests-${f}.yaml`);
    writeFileSync(
      file,
      objects
        .slice(f * 500, (f + 1) * 500)
        .map((o) => JSON.stringify(o))
        .join('\n---\n'),
    );
    files.push(file);
  }
  const policyFile = path.join(dir, 'policies.yaml');
  writeFileSync(policyFile, POLICIES.join('---\n'));

  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // each file confined to where it lives: the generated policies to the scratch folder, the pack's to the repo
  const generated = await loadPolicies([policyFile], { root: dir });
  const pack = await loadPolicies(
    [
      path.join(ROOT, 'policies/cel/require-neuroscale-labels-cel/policy-cel.yaml'),
      path.join(ROOT, 'policies/cel/require-requests-limits-cel/policy-cel.yaml'),
    ],
    { root: ROOT },
  );
  const loaded = {
    ...pack,
    policies: [...generated.policies, ...pack.policies],
    findings: [...generated.findings, ...pack.findings],
  };
  const tCompile = performance.now();
  const cCompiled = process.cpuUsage();
  if (loaded.policies.length !== 10 || loaded.findings.some((f) => f.severity !== 'info')) {
    throw new Error(
      `expected 10 clean policies, got ${loaded.policies.length}: ${JSON.stringify(loaded.findings)}`,
    );
  }
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
  const cApply = process.cpuUsage(cLoad);
  const cCompile = process.cpuUsage(c0);
  // NEUROSCALE_BENCH_DUMP=<file>: findings and report as JSON, to diff two builds' outputs (as run.mjs)
  if (process.env.NEUROSCALE_BENCH_DUMP)
    writeFileSync(process.env.NEUROSCALE_BENCH_DUMP, JSON.stringify({ findings, report }));
  const wall = tApply - t0 - (tLoad - tCompile);
  const responses = report.results.length;
  console.log(`kyverno CEL bench: ${COUNT} resources x ${loaded.policies.length} ValidatingPolicies`);
  console.log(`  policy load + compile: ${(tCompile - t0).toFixed(1)} ms`);
  console.log(`  manifest YAML load:    ${(tLoad - tCompile).toFixed(1)} ms (not counted)`);
  console.log(
    `  apply:                 ${(tApply - tLoad).toFixed(1)} ms, ${responses} responses (${Math.round(responses / ((tApply - tLoad) / 1000))}/s)`,
  );
  console.log(`  summary:               ${JSON.stringify(report.summary)}, ${findings.length} findings`);
  console.log(
    `  wall (compile + apply): ${wall.toFixed(1)} ms (target < 1000 ms) ${wall < 1000 ? 'OK' : 'OVER TARGET'}`,
  );
  console.log(
    `  CPU (apply):           ${((cApply.user + cApply.system) / 1000).toFixed(1)} ms (wall is inflated when other processes compete for the 2 cores)`,
  );
  // CPU of compile + apply (user + system, GC included): the YAML load between them is not counted
  const cCompileApply =
    (cCompile.user + cCompile.system - (cLoad.user + cLoad.system - cCompiled.user - cCompiled.system)) /
    1000;
  console.log(`  CPU (compile + apply): ${cCompileApply.toFixed(1)} ms (target < 1000 ms)`);
  console.log(`  throughput:            ${Math.round(COUNT / (wall / 1000))} resources/s`);
  console.log(`  peak RSS:              ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
