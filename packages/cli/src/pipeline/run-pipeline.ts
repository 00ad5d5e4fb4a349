/**
 * render → validate → policy → cost → diff → one Report. Each stage is a package with one job; this
 * module only wires them through runStage (which times each and stamps its findings) and turns the
 * result into the Report model.
 */
import { finding } from '@neuroscale/core';
import { patternBase } from '../input/expand-policy-paths.js';
import { buildReport } from '../report/build-report.js';
import type { Report, StagedFinding } from '../report/report-model.js';
import type { PipelineOptions } from './pipeline-options.js';
import { renderBaseRevision } from './render-base-revision.js';
import { runStage } from './run-stage.js';
import { runCostStage } from './stage-cost.js';
import { runDiffStage } from './stage-diff.js';
import { loadTreeFiles } from './stage-load-files.js';
import { runPolicyStage } from './stage-policy.js';
import { renderStage } from './stage-render.js';
import { runValidateStage } from './stage-validate.js';

export async function runPipeline(options: PipelineOptions): Promise<Report> {
  const { repoRoot } = options;
  const progress = options.onProgress ?? (() => {});

  progress('load: parsing YAML files');
  const folders = [
    'gitops',
    ...(options.policies ?? []).map(patternBase).filter((f) => !f.startsWith('/') && !f.startsWith('..')),
  ];
  const loaded = await runStage('load', async () => {
    const result = await loadTreeFiles(repoRoot, folders);
    return { objects: result.documents, findings: result.findings, result };
  });

  progress('render: rendering Applications');
  const rendered = await runStage('render', () => renderStage(options));
  const { apps, manifests } = rendered.result;
  progress(`render: ${apps.length} apps, ${manifests.length} objects`);

  progress('validate: schemas and checks');
  const validated = await runStage('validate', () => runValidateStage(manifests, options, { apps }));
  const policy = await runStage('policy', () => runPolicyStage(manifests, options));
  // cost prices what the cluster would admit (mutated and generated objects), unless --no-mutate;
  // the base revision is rendered once, for cost and diff both
  const admitted = policy.result.admitted ?? manifests;
  const base = await renderBaseRevision(options);
  const { cost, diffed } = await (async () => ({
    cost: await runStage('cost', () => runCostStage(admitted, options, base, policy.result.admit)),
    diffed: await runStage('diff', () => runDiffStage(rendered.result, options, base)),
  }))().finally(() => base?.dispose());

  const stages = [loaded, rendered, validated, policy, cost, diffed];
  const findings: StagedFinding[] = [...(options.configFindings ?? [])];
  for (const stage of stages) findings.push(...stage.findings);
  const empty = nothingCheckedFinding({ apps: apps.length, objects: manifests.length, options });
  if (empty) findings.push(empty);
  return buildReport({
    options,
    stages: stages.map((s) => s.summary),
    findings,
    manifests,
    apps,
    coverage: rendered.result.coverage,
    ...(cost.result.diff ? { cost: cost.result.diff } : {}),
    ...(cost.result.head ? { costHead: cost.result.head } : {}),
    ...(policy.result.admission ? { admission: policy.result.admission } : {}),
    ...(diffed.result.diff ? { diff: diffed.result.diff } : {}),
  });
}

/**
 * A tree that holds Applications and yet produced no object to check: say so (an error, so every format
 * shows it; an info with --allow-empty) rather than print "passed" over nothing.
 */
function nothingCheckedFinding(input: {
  apps: number;
  objects: number;
  options: PipelineOptions;
}): StagedFinding | undefined {
  if (input.apps === 0 || input.objects > 0) return undefined;
  const allowed = input.options.allowEmpty === true;
  return {
    ...finding({
      ruleId: 'coverage/nothing-checked',
      severity: allowed ? 'info' : 'error',
      message: `the tree holds ${input.apps} Argo CD application${input.apps === 1 ? '' : 's'} but no object was rendered, so nothing was checked${allowed ? ' (--allow-empty)' : '; pass --allow-empty if that is intended'}`,
    }),
    stage: 'render',
  };
}
