/**
 * render → validate → policy → cost → diff → one Report. Each stage is a package with one job; this
 * module only wires them through runStage (which times each and stamps its findings) and turns the
 * result into the Report model. With `options.changedOnly` the later stages see the apps the change affects
 * (pipeline/select-changed-apps.ts), with `options.shard` one shard of those (pipeline/select-shard.ts says
 * which part and which findings it reports).
 */
import { compareStrings, finding } from '@neuroscale/core';
import { patternBase } from '../input/expand-policy-paths.js';
import { buildReport } from '../report/build-report.js';
import type { Report, StagedFinding } from '../report/report-model.js';
import type { PipelineOptions } from './pipeline-options.js';
import { renderBaseRevision } from './render-base-revision.js';
import { runStage, type StageWork } from './run-stage.js';
import { type ChangedPart, selectChangedPart, skippedUnchangedFinding } from './select-changed-apps.js';
import { type ShardPart, selectShard } from './select-shard.js';
import { type CostStageResult, runCostStage } from './stage-cost.js';
import { type DiffStageResult, runDiffStage } from './stage-diff.js';
import { loadTreeFiles } from './stage-load-files.js';
import { runPolicyStage } from './stage-policy.js';
import { renderStage } from './stage-render.js';
import { runValidateStage } from './stage-validate.js';

// long: the stages in order, each one line of wiring plus the shard's share of it; split, the order would hide
export async function runPipeline(options: PipelineOptions): Promise<Report> {
  const { repoRoot } = options;
  const progress = options.onProgress ?? (() => {});
  let part: ShardPart | undefined;
  let changed: ChangedPart | undefined;
  const owns = (f: StagedFinding | Pick<StagedFinding, 'app'>) =>
    (changed?.owns(f) ?? true) && (part?.owns(f) ?? true);
  const mine = <T>(work: StageWork<T>): StageWork<T> =>
    part || changed ? { ...work, findings: work.findings.filter(owns) } : work;
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
    // the one place the run narrows the tree: the apps the change affects, then this shard of them
    if (options.changedOnly) changed = selectChangedPart(work.result, options.changedOnly);
    if (options.shard) part = selectShard(changed ?? work.result, options.shard);
    const view = part ?? changed;
    return view ? mine({ ...work, objects: view.manifests.length }) : work;
  });
  const tree = rendered.result;
  const narrowed = part ?? changed;
  const { apps, manifests } = narrowed ?? tree;
  progress(`render: ${apps.length} apps, ${manifests.length} objects`);

  // admission (the policy stage's mutate/generate rules) comes first: the schema stage validates the objects
  // it mutated or generated as well as the rendered ones
  const policy = await runStage('policy', async () =>
    mine(await runPolicyStage(manifests, options, narrowed ? { treeManifests: tree.manifests } : {})),
  );
  progress('validate: schemas and checks');
  const validated = await runStage('validate', async () =>
    mine(
      await runValidateStage(manifests, options, {
        apps: tree.apps,
        ...(narrowed ? { treeManifests: tree.manifests } : {}),
        ...(policy.result.admitted ? { admitted: policy.result.admitted } : {}),
      }),
    ),
  );
  // cost prices what the cluster would admit (mutated and generated objects), unless --no-mutate; cost and
  // diff are tree-wide (shard 1 only), and the base revision is rendered once for both
  const admit = policy.result.admit;
  const checkedTree = changed?.manifests ?? tree.manifests;
  const admittedTree = part
    ? admit
      ? admit(checkedTree)
      : checkedTree
    : (policy.result.admitted ?? manifests);
  const base = treeWide ? await renderBaseRevision(options) : undefined;
  const { cost, diffed } = await (async () => ({
    cost: await runStage(
      'cost',
      async (): Promise<StageWork<CostStageResult>> =>
        treeWide
          ? runCostStage(admittedTree, options, base, admit)
          : { objects: 0, findings: [], result: {} },
    ),
    diffed: await runStage(
      'diff',
      async (): Promise<StageWork<DiffStageResult>> =>
        treeWide ? runDiffStage(tree, options, base) : { objects: 0, findings: [], result: {} },
    ),
  }))().finally(() => base?.dispose());

  const stages = [loaded, rendered, validated, policy, cost, diffed];
  const findings: StagedFinding[] = [...(options.configFindings ?? [])].filter(owns);
  for (const stage of stages) findings.push(...stage.findings);
  const checked = changed ?? tree;
  const empty = treeWide
    ? nothingCheckedFinding({ apps: checked.apps.length, objects: checked.manifests.length, options })
    : undefined;
  if (empty) findings.push(empty);
  if (options.changedOnly && changed && treeWide) {
    findings.push(...options.changedOnly.findings.map((f): StagedFinding => ({ ...f, stage: 'render' })));
    const skipped = skippedUnchangedFinding(options.changedOnly, changed);
    if (skipped) findings.push({ ...skipped, stage: 'render' });
  }
  const report = buildReport({
    options,
    stages: stages.map((s) => s.summary),
    findings,
    manifests,
    apps,
    coverage: tree.coverage,
    ...(part ? { treeNothingChecked: checked.apps.length > 0 && checked.manifests.length === 0 } : {}),
    ...(cost.result.diff ? { cost: cost.result.diff } : {}),
    ...(cost.result.head ? { costHead: cost.result.head } : {}),
    ...(policy.result.admission ? { admission: policy.result.admission } : {}),
    ...(diffed.result.diff ? { diff: diffed.result.diff } : {}),
  });
  if (part) report.shard = { index: part.index, count: part.count };
  if (options.changedOnly && changed) report.changedOnly = changedOnlySection(options.changedOnly, changed);
  return report;
}

/** The report's `changedOnly` section: the base, the change's size, what was checked and what was not. */
function changedOnlySection(
  selection: NonNullable<PipelineOptions['changedOnly']>,
  part: ChangedPart,
): NonNullable<Report['changedOnly']> {
  return {
    base: selection.base,
    changedFiles: selection.files.length,
    affected: part.apps.length,
    unchanged: [...new Set(part.unchanged.map((a) => a.name))].sort(compareStrings),
    ...(selection.everything ? { everything: selection.everything } : {}),
  };
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
