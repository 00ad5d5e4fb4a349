/**
 * render → validate → policy → cost → one Report. Each stage is a package with one job; this
 * module only wires them through runStage (which times each and stamps its findings) and turns the
 * result into the Report model. With `options.shard` the later stages see one shard of the rendered
 * tree (pipeline/select-shard.ts says which part and which findings it reports).
 */
import { patternBase } from '../input/expand-policy-paths.js';
import { buildReport } from '../report/build-report.js';
import type { Report, StagedFinding } from '../report/report-model.js';
import type { PipelineOptions } from './pipeline-options.js';
import { runStage, type StageWork } from './run-stage.js';
import { type ShardPart, selectShard } from './select-shard.js';
import { type CostStageResult, runCostStage } from './stage-cost.js';
import { loadTreeFiles } from './stage-load-files.js';
import { runPolicyStage } from './stage-policy.js';
import { renderStage } from './stage-render.js';
import { runValidateStage } from './stage-validate.js';

export async function runPipeline(options: PipelineOptions): Promise<Report> {
  const { repoRoot } = options;
  const progress = options.onProgress ?? (() => {});
  let part: ShardPart | undefined;
  const mine = <T>(work: StageWork<T>): StageWork<T> =>
    part ? { ...work, findings: work.findings.filter(part.owns) } : work;
  const treeWide = !options.shard || options.shard.index === 1;

  progress('load: parsing YAML files');
  const folders = [
    'gitops',
    ...(options.policies ?? []).map(patternBase).filter((f) => !f.startsWith('/') && !f.startsWith('..')),
  ];
  const loaded = await runStage('load', async () => {
    if (!treeWide) return { objects: 0, findings: [], result: undefined };
    const result = await loadTreeFiles(repoRoot, folders);
    return { objects: result.documents, findings: result.findings, result };
  });

  progress('render: rendering Applications');
  const rendered = await runStage('render', async () => {
    const work = await renderStage(options);
    if (!options.shard) return work;
    part = selectShard(work.result, options.shard);
    return mine({ ...work, objects: part.manifests.length });
  });
  const tree = rendered.result;
  const { apps, manifests } = part ?? tree;
  progress(`render: ${apps.length} apps, ${manifests.length} objects`);

  progress('validate: schemas and checks');
  const validated = await runStage('validate', async () =>
    mine(
      await runValidateStage(manifests, options, {
        apps: tree.apps,
        ...(part ? { treeManifests: tree.manifests } : {}),
      }),
    ),
  );
  const policy = await runStage('policy', async () => mine(await runPolicyStage(manifests, options)));
  const cost = await runStage(
    'cost',
    async (): Promise<StageWork<CostStageResult>> =>
      treeWide ? runCostStage(tree.manifests, options) : { objects: 0, findings: [], result: {} },
  );

  const stages = [loaded, rendered, validated, policy, cost];
  const findings: StagedFinding[] = [...(options.configFindings ?? [])].filter((f) => part?.owns(f) ?? true);
  for (const stage of stages) findings.push(...stage.findings);
  const report = buildReport({
    options,
    stages: stages.map((s) => s.summary),
    findings,
    manifests,
    apps,
    ...(cost.result.diff ? { cost: cost.result.diff } : {}),
    ...(cost.result.head ? { costHead: cost.result.head } : {}),
  });
  if (part) report.shard = { index: part.index, count: part.count };
  return report;
}
