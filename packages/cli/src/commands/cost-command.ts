import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasFindingsAtOrAbove, type Manifest, sortFindings } from '@neuroscale/core';
import { renderCostMarkdown } from '@neuroscale/cost-proxy';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { neutralizeJson, neutralizeText } from '../output/neutralize-workflow-commands.js';
import { admitWithPack, loadPolicyPack } from '../pipeline/load-policy-pack.js';
import { renderBaseRevision } from '../pipeline/render-base-revision.js';
import { type CommonFlags, resolvePipelineOptions } from '../pipeline/resolve-pipeline-options.js';
import { runStage } from '../pipeline/run-stage.js';
import { runCostStage } from '../pipeline/stage-cost.js';
import { renderStage } from '../pipeline/stage-render.js';
import { withoutStage } from '../report/build-report.js';

/**
 * `cost [path] --base <ref>`: requested resources of head vs base, per workload and cost center. Both
 * sides are priced as the cluster would admit them (the policy pack's mutate and generate rules, as in
 * the pipeline's cost section; `--no-mutate`: as rendered).
 */
export async function costCommand(
  path: string,
  flags: CommonFlags & { format?: string },
  io: CliIO,
): Promise<number> {
  const format = flags.format ?? 'markdown';
  if (format !== 'json' && format !== 'markdown')
    throw new UsageError(`cost --format must be json or markdown (got "${format}")`);
  const options = await resolvePipelineOptions(path, flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  options.base ??= 'HEAD';
  const head = await runStage('render', () => renderStage(options));
  const pack = options.mutate === false ? undefined : await loadPolicyPack(options);
  const loaded = pack?.loaded;
  const admitted = loaded ? admitWithPack(head.result.manifests, loaded) : undefined;
  const admit = loaded ? (manifests: Manifest[]) => admitWithPack(manifests, loaded).manifests : undefined;
  const base = await renderBaseRevision(options);
  const cost = await runStage('cost', () =>
    runCostStage(admitted?.manifests ?? head.result.manifests, options, base, admit),
  ).finally(() => base?.dispose());
  // the render's and the policies' own findings are the pipeline's business; this command reports the cost
  // stage, and what made its prices uncertain: a pack it could not read, a mutation that failed
  const admissionProblems = [
    ...(pack?.findings ?? []),
    ...(admitted?.findings ?? []).filter((f) => f.severity !== 'info'),
  ];
  const findings = sortFindings([
    ...[...(options.configFindings ?? []), ...cost.findings].map(withoutStage),
    ...admissionProblems,
  ]);
  const { diff, head: costHead } = cost.result;
  if (format === 'json') {
    io.stdout(`${neutralizeJson(JSON.stringify(diff ?? { findings }, null, 2))}\n`);
  } else if (diff) {
    io.stdout(neutralizeText(renderCostMarkdown(diff, { ...costHead })));
  }
  for (const f of findings) io.stderr(`${f.severity} ${f.ruleId}: ${f.message}\n`);
  return options.failOn !== 'never' && hasFindingsAtOrAbove(findings, options.failOn)
    ? EXIT_FINDINGS
    : EXIT_OK;
}
