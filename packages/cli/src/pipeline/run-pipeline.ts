/**
 * render → validate → policy → cost → one Report. Each stage is a package with one job; this
 * module only wires them, collects timings and turns the result into the Report model.
 */
import type { Finding } from '@neuroscale/core';
import { expandPolicyPaths, patternBase } from '../input/expand-policy-paths.js';
import { buildReport } from '../report/build-report.js';
import type { Report, StageSummary } from '../report/report-model.js';
import type { PipelineOptions } from './pipeline-options.js';
import { runCostStage } from './stage-cost.js';
import { loadTreeFiles } from './stage-load-files.js';
import { runPolicyStage } from './stage-policy.js';
import { runRenderStage } from './stage-render.js';
import { runValidateStage } from './stage-validate.js';

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, Math.round(performance.now() - start)];
}

export async function runPipeline(options: PipelineOptions): Promise<Report> {
  const { repoRoot } = options;
  const progress = options.onProgress ?? (() => {});
  const stages: StageSummary[] = [];
  const findings: Finding[] = [...(options.configFindings ?? [])];

  progress('load: parsing YAML files');
  const folders = [
    'gitops',
    ...(options.policies ?? []).map(patternBase).filter((f) => !f.startsWith('/') && !f.startsWith('..')),
  ];
  const [loaded, loadMs] = await timed(() => loadTreeFiles(repoRoot, folders));
  stages.push({
    name: 'load',
    objects: loaded.documents,
    findings: loaded.findings.length,
    durationMs: loadMs,
  });
  findings.push(...loaded.findings);

  progress('render: rendering Applications');
  const [rendered, renderMs] = await timed(() => runRenderStage(options));
  stages.push({
    name: 'render',
    objects: rendered.manifests.length,
    findings: rendered.findings.length,
    durationMs: renderMs,
  });
  findings.push(...rendered.findings);
  progress(`render: ${rendered.apps.length} apps, ${rendered.manifests.length} objects`);

  progress('validate: schemas and checks');
  const [validated, validateMs] = await timed(() =>
    runValidateStage(rendered.manifests, rendered.apps, options),
  );
  stages.push({
    name: 'validate',
    objects: validated.summary.objects,
    findings: validated.findings.length,
    durationMs: validateMs,
  });
  findings.push(...validated.findings);

  const policyPaths = options.policies ? expandPolicyPaths(repoRoot, options.policies) : undefined;
  for (const entry of policyPaths?.outside ?? []) {
    findings.push({
      ruleId: 'policy/path-escape',
      severity: 'error',
      message: `policy path ${entry} resolves outside the repository; it was not read`,
    });
  }
  for (const entry of policyPaths?.missing ?? []) {
    findings.push({
      ruleId: 'policy/folder-not-found',
      severity: 'error',
      message: `policy path ${entry} matches nothing`,
    });
  }
  if (policyPaths && policyPaths.paths.length > 0) {
    progress('policy: applying the policy pack');
    const [policy, policyMs] = await timed(() =>
      runPolicyStage(rendered.manifests, policyPaths.paths, repoRoot),
    );
    stages.push({
      name: 'policy',
      objects: rendered.manifests.length,
      findings: policy.findings.length,
      durationMs: policyMs,
    });
    findings.push(...policy.findings);
  } else {
    stages.push({
      name: 'policy',
      objects: 0,
      findings: 0,
      skipped: options.policies ? `no policy found at ${options.policies.join(', ')}` : 'no policy folder',
    });
  }

  let cost: Report['cost'];
  let costMarkdown: string | undefined;
  if (options.base) {
    progress(`cost: rendering base revision ${options.base}`);
    const [costResult, costMs] = await timed(() => runCostStage(rendered.manifests, options));
    stages.push({
      name: 'cost',
      objects: costResult.workloads,
      findings: costResult.findings.length,
      durationMs: costMs,
    });
    findings.push(...costResult.findings);
    cost = costResult.diff;
    costMarkdown = costResult.markdown;
  } else {
    stages.push({ name: 'cost', objects: 0, findings: 0, skipped: 'no --base revision' });
  }

  return buildReport({
    options,
    stages,
    findings,
    manifests: rendered.manifests,
    apps: rendered.apps,
    cost,
    costMarkdown,
  });
}
