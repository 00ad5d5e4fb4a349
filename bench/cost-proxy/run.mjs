// Benchmark: 5,000 generated workloads, base vs head, through the BUILT @neuroscale/cost-proxy:
// computeCost ×2 + diffCost + renderCostMarkdown. YAML loading (core) is timed separately.
// Usage: node bench/cost-proxy-proxy/run.mjs [workloads]   (build first: cd packages/cost-proxy && npx tsup)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { computeCost, diffCost, renderCostMarkdown } = await import(
  path.join(ROOT, 'packages/cost-proxy/dist/index.js')
);
const { loadYaml } = await import(path.join(ROOT, 'packages/core/dist/index.js'));

const COUNT = Number(process.argv[2] ?? 5_000);
const PER_APP = 50;
const TEAMS = ['search', 'ranking', 'ml', 'web', 'data', 'platform'];
const CPUS = ['100m', '250m', '500m', '1', '2', 0.5, '1500m'];
const MEMS = ['128Mi', '256Mi', '512Mi', '1Gi', '2Gi', '4Gi', '1.5Gi'];

let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

const labels = (team, i) =>
  rnd() < 0.08
    ? {}
    : {
        'neuroscale.io/owner': `${team}-owner-${i % 7}`,
        'neuroscale.io/team': team,
        'neuroscale.io/cost-center': `cc-${team}`,
        'neuroscale.io/env': pick(['prod', 'staging']),
      };

const podSpec = (name, bump) => {
  const spec = {
    containers: [
      {
        name,
        image: `ghcr.io/neuroscale/${name}:1.0`,
        resources: { requests: { cpu: pick(CPUS), memory: pick(MEMS) }, limits: { memory: '4Gi' } },
      },
    ],
  };
  if (rnd() < 0.2)
    spec.initContainers = [
      { name: 'migrate', image: 'x', resources: { requests: { cpu: '1', memory: '512Mi' } } },
    ];
  if (rnd() < 0.15) {
    spec.initContainers = spec.initContainers ?? [];
    spec.initContainers.unshift({
      name: 'proxy',
      image: 'x',
      restartPolicy: 'Always',
      resources: { requests: { cpu: '50m', memory: '64Mi' } },
    });
  }
  if (bump) spec.containers[0].resources.requests.cpu = '3';
  return spec;
};

/** One workload (plus maybe an HPA) for index i; `variant` changes ~10% of them in head. */
function workload(i, variant) {
  seed = i * 7919 + 1; // per-workload randomness, identical in base and head
  const team = TEAMS[i % TEAMS.length];
  const name = `${team}-svc-${i}`;
  const namespace = team;
  const changed = variant && i % 10 === 3;
  const r = rnd();
  const meta = { name, namespace, labels: labels(team, i) };
  if (r < 0.55) {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: {
        replicas: 1 + (i % 5) + (changed ? 2 : 0),
        template: { spec: podSpec(name, changed && i % 20 === 3) },
      },
    };
    if (i % 4 === 0) {
      return [
        d,
        {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name, namespace },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
            minReplicas: 2,
            maxReplicas: changed ? 20 : 10,
          },
        },
      ];
    }
    return [d];
  }
  if (r < 0.65)
    return [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta,
        spec: { replicas: 3, serviceName: name, template: { spec: podSpec(name, changed) } },
      },
    ];
  if (r < 0.7)
    return [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: meta,
        spec: { template: { spec: podSpec(name, changed) } },
      },
    ];
  if (r < 0.77)
    return [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: meta,
        spec: {
          schedule: '0 * * * *',
          jobTemplate: { spec: { parallelism: changed ? 4 : 2, template: { spec: podSpec(name, false) } } },
        },
      },
    ];
  if (r < 0.95) {
    const gpu = rnd() < 0.3 || (changed && i % 30 === 3);
    return [
      {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: meta,
        spec: {
          predictor: {
            minReplicas: i % 3 === 0 ? 0 : 1,
            maxReplicas: changed ? 8 : 4,
            model: {
              modelFormat: { name: 'sklearn' },
              ...(gpu
                ? { resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { 'nvidia.com/gpu': '1' } } }
                : {}),
            },
          },
          ...(i % 5 === 0
            ? {
                transformer: {
                  containers: [
                    { name: 't', image: 'x', resources: { requests: { cpu: '500m', memory: '1Gi' } } },
                  ],
                },
              }
            : {}),
        },
      },
    ];
  }
  return [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta,
      spec: { endpoints: [] },
    },
  ];
}

function writeCorpus(dir, variant) {
  seed = 7;
  let objects = 0;
  for (let app = 0; app * PER_APP < COUNT; app++) {
    const docs = [];
    for (let i = app * PER_APP; i < Math.min(COUNT, (app + 1) * PER_APP); i++) {
      if (variant && i % 97 === 5) continue; // removed in head
      for (const o of workload(i, variant)) docs.push(JSON.stringify(o));
    }
    if (variant && app % 5 === 0) docs.push(JSON.stringify(workload(COUNT + app, true)[0])); // added in head
    objects += docs.length;
    writeFileSync(path.join(dir, `app-${String(app).padStart(4, '0')}.yaml`), `${docs.join('\n---\n')}\n`);
  }
  return objects;
}

function load(dir) {
  const manifests = [];
  for (const f of readdirSync(dir).sort()) {
    const app = f.replace(/\.yaml$/, '');
    const { documents } = loadYaml(readFileSync(path.join(dir, f), 'utf8'), { file: f });
    for (const d of documents) {
      manifests.push({
        object: d.value,
        source: { apps: [app], file: f, documentIndex: d.index, line: d.line, column: d.column },
        locate: d.locate,
      });
    }
  }
  return manifests;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'neuroscale-cost-bench-'));
try {
  const baseDir = path.join(tmp, 'base');
  const headDir = path.join(tmp, 'head');
  (await import('node:fs')).mkdirSync(baseDir);
  (await import('node:fs')).mkdirSync(headDir);
  const baseObjects = writeCorpus(baseDir, false);
  const headObjects = writeCorpus(headDir, true);

  let t = performance.now();
  const base = load(baseDir);
  const head = load(headDir);
  const loadMs = performance.now() - t;

  const cpu0 = process.cpuUsage();
  t = performance.now();
  const b = computeCost(base, { daemonSetNodes: 10 });
  const cpuBase = process.cpuUsage(cpu0);
  const h = computeCost(head, { daemonSetNodes: 10 });
  const computeMs = performance.now() - t;
  const cpuCompute = process.cpuUsage(cpu0);
  t = performance.now();
  const diff = diffCost(b, h, { thresholds: { maxMonthlyDelta: '15%' } });
  const diffMs = performance.now() - t;
  t = performance.now();
  const md = renderCostMarkdown(diff, { pricing: h.pricing, notCosted: h.notCosted });
  const mdMs = performance.now() - t;
  const total = computeMs + diffMs + mdMs;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const changed = diff.workloads.filter((w) => w.status !== 'unchanged').length;
  console.log(
    `cost-proxy bench: ${baseObjects} base objects / ${headObjects} head objects (${b.workloads.length} / ${h.workloads.length} costed workloads, ${h.notCosted.length} not costed)`,
  );
  console.log(`  YAML load (core, both sides):   ${loadMs.toFixed(0)} ms`);
  console.log(`  computeCost ×2:                 ${computeMs.toFixed(0)} ms`);
  console.log(
    `  diffCost:                       ${diffMs.toFixed(0)} ms  (${changed} changed/added/removed, ${diff.flags.length} flags, ${diff.findings.length} findings)`,
  );
  console.log(`  renderCostMarkdown:             ${mdMs.toFixed(0)} ms  (${md.length} chars)`);
  console.log(
    `  cost stage total:               ${total.toFixed(0)} ms  (${Math.round((b.workloads.length + h.workloads.length) / (total / 1000))} workloads/s; target < 1000 ms)`,
  );
  const ms = (u) => ((u.user + u.system) / 1000).toFixed(0);
  console.log(
    `  cost stage CPU time:            ${cpuMs.toFixed(0)} ms  (first computeCost ${ms(cpuBase)} ms incl. JIT warm-up, both ${ms(cpuCompute)} ms; user+system, all threads)`,
  );
  const os = await import('node:os');
  console.log(
    `  load average (1 min):           ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs (wall times include waiting for a busy CPU)`,
  );
  console.log(
    `  monthly: base $${b.totals.monthly.min.totalUsd.toFixed(2)}–$${b.totals.monthly.max.totalUsd.toFixed(2)}, head $${h.totals.monthly.min.totalUsd.toFixed(2)}–$${h.totals.monthly.max.totalUsd.toFixed(2)}`,
  );
  console.log(`  peak RSS:                       ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
