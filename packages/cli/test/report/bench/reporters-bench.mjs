// Benchmark of the reporters on a synthetic report: 20,000 objects, 50,000 findings.
// Usage: node test/report/bench/reporters-bench.mjs [path to the built module exporting writeReport] (default: dist/index.js)
import { pathToFileURL } from 'node:url';

const target = process.argv[2] ?? new URL('../../../dist/index.js', import.meta.url).pathname;
const mod = await import(pathToFileURL(target).href);
if (typeof mod.writeReport !== 'function')
  throw new Error(
    `${target} does not export writeReport (re-export ./report/index.js from src/index.ts and build)`,
  );
const { REPORT_FORMATS, writeReport, writeStepSummary } = mod;
const OBJECTS = 20_000,
  FINDINGS = 50_000;
const kinds = ['Deployment', 'Service', 'ConfigMap', 'StatefulSet', 'Ingress'];
const sev = ['error', 'warning', 'info'];
const rules = [
  'schema/unknown-field',
  'schema/type',
  'policy/require-limits/check-cpu',
  'duplicate/object',
  'yaml/duplicate-key',
  'helm/unused-value',
];
/** The stage runStage stamps on each rule's findings (StagedFinding.stage). */
const stageOf = {
  'schema/unknown-field': 'validate',
  'schema/type': 'validate',
  'policy/require-limits/check-cpu': 'policy',
  'duplicate/object': 'validate',
  'yaml/duplicate-key': 'load',
  'helm/unused-value': 'validate',
};
const objects = Array.from({ length: OBJECTS }, (_, i) => ({
  apiVersion: 'apps/v1',
  kind: kinds[i % 5],
  namespace: `team-${i % 40}`,
  name: `svc-${i}`,
  file: `apps/team-${i % 40}/svc-${i}.yaml`,
  line: 1 + (i % 3) * 30,
  app: `team-${i % 40}`,
}));
const findings = Array.from({ length: FINDINGS }, (_, i) => {
  const o = objects[(i * 7919) % OBJECTS];
  return {
    ruleId: rules[i % rules.length],
    severity: sev[i % 3],
    message: `problem ${i}: expected <integer>, got "string" at 100% & more`,
    object: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name },
    location: { file: o.file, line: o.line + 5 + (i % 20), column: 3 + (i % 9) },
    app: o.app,
    path: `/spec/template/spec/containers/${i % 3}/image`,
    stage: stageOf[rules[i % rules.length]],
  };
});
const report = {
  schemaVersion: '1',
  tool: { name: 'neuroscale-validate', version: '0.0.0' },
  root: '.',
  stages: ['load', 'render', 'validate', 'policy', 'cost'].map((name) => ({
    name,
    objects: OBJECTS,
    findings: FINDINGS / 5,
    durationMs: 10,
  })),
  findings,
  objects,
  summary: { errors: 16667, warnings: 16667, infos: 16666, objects: OBJECTS, failOn: 'error', failed: true },
};
console.log(`report: ${OBJECTS} objects, ${FINDINGS} findings`);
for (const f of [...REPORT_FORMATS, 'step-summary']) {
  const t0 = performance.now();
  const out = f === 'step-summary' ? writeStepSummary(report) : writeReport(f, report, {});
  const ms = performance.now() - t0;
  console.log(
    `${f.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms  ${(out.length / 1e6).toFixed(2).padStart(7)} MB  ${Math.round(
      FINDINGS / (ms / 1000),
    )
      .toLocaleString('en-US')
      .padStart(10)} findings/s`,
  );
}
const wall = performance.now();
console.log(
  `wall ${(wall / 1000).toFixed(2)} s (incl. generating the report)  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
