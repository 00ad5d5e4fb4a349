/**
 * `prefetch [path]`: fill the cache with every remote chart the tree needs (for `actions/cache` and for
 * air-gapped runners that then run with `--offline`). The tree is rendered with the network on and version
 * ranges resolved again; the result is one line per chart and one per chart that could not be had.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings, sortFindings } from '@neuroscale/core';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { neutralizeText } from '../output/neutralize-workflow-commands.js';
import { type CommonFlags, resolvePipelineOptions } from '../pipeline/resolve-pipeline-options.js';
import { runRenderStage } from '../pipeline/stage-render.js';

/** Findings that mean a chart was not fetched. */
const NOT_FETCHED = new Set(['coverage/app-not-rendered', 'render/source-not-permitted']);

export async function prefetchCommand(path: string, flags: CommonFlags, io: CliIO): Promise<number> {
  if (flags.offline === true) throw new UsageError('prefetch needs the network: drop --offline');
  const options = await resolvePipelineOptions(path, flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  options.offline = false;
  const result = await runRenderStage(options, options.repoRoot, { fetch: { refreshRanges: true } });
  const charts = new Set<string>();
  for (const app of result.apps) {
    for (const s of app.sources) {
      if (s.chart)
        charts.add(`cached ${s.chart.repoURL} ${s.chart.name} ${s.chart.version} ${s.chart.digest}`);
    }
  }
  const failed = sortFindings(result.findings.filter((f) => NOT_FETCHED.has(f.ruleId)));
  const lines = [
    ...[...charts].sort(compareStrings),
    ...failed.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`),
    `${charts.size} chart(s) in the cache, ${failed.length} not fetched; ${result.stats.chartPulls} pulled now`,
  ];
  io.stdout(`${lines.map((l) => neutralizeText(l)).join('\n')}\n`);
  return failed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
