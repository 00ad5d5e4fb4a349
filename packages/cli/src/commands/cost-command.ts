import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasFindingsAtOrAbove, sortFindings } from '@neuroscale/core';
import { renderCostMarkdown } from '@neuroscale/cost-proxy';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { neutralizeJson, neutralizeText } from '../output/neutralize-workflow-commands.js';
import { renderBaseRevision } from '../pipeline/render-base-revision.js';
import { type CommonFlags, resolvePipelineOptions } from '../pipeline/resolve-pipeline-options.js';
import { runStage } from '../pipeline/run-stage.js';
import { runCostStage } from '../pipeline/stage-cost.js';
import { renderStage } from '../pipeline/stage-render.js';
import { withoutStage } from '../report/build-report.js';

/** `cost [path] --base <ref>`: requested resources of head vs base, per workload and cost center. */
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
  const base = await renderBaseRevision(options);
  const cost = await runStage('cost', () => runCostStage(head.result.manifests, options, base)).finally(() =>
    base?.dispose(),
  );
  // the render's own findings are the pipeline's business; this command reports the cost stage
  const findings = sortFindings([...(options.configFindings ?? []), ...cost.findings].map(withoutStage));
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
