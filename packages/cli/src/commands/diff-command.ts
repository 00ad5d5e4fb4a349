/**
 * `diff [path] --base <ref>`: what the change does to the cluster, per Argo CD Application, offline. The head
 * (working tree) and the base revision (a temporary worktree) are rendered with the same options and render
 * cache, then diffed by @neuroscale/diff. Text (coloured on a TTY), JSON (the contract in
 * packages/diff/README.md) or the Markdown section; `--diff-file` also writes the full diff to a file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasFindingsAtOrAbove, sortFindings } from '@neuroscale/core';
import { renderDiffMarkdown, renderDiffText } from '@neuroscale/diff';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { diffFileText, diffJson } from '../output/diff-file.js';
import { neutralizeJson, neutralizeText } from '../output/neutralize-workflow-commands.js';
import { writeOutputFile } from '../output/write-output-file.js';
import { renderBaseRevision } from '../pipeline/render-base-revision.js';
import { type CommonFlags, resolvePipelineOptions } from '../pipeline/resolve-pipeline-options.js';
import { runStage } from '../pipeline/run-stage.js';
import { runDiffStage } from '../pipeline/stage-diff.js';
import { renderStage } from '../pipeline/stage-render.js';
import { withoutStage } from '../report/build-report.js';

const FORMATS = ['text', 'json', 'markdown'];

export interface DiffCommandFlags extends CommonFlags {
  format?: string;
  diffFile?: string;
  /** false with --no-color. */
  color?: boolean;
}

export async function diffCommand(path: string, flags: DiffCommandFlags, io: CliIO): Promise<number> {
  const format = flags.format ?? 'text';
  if (!FORMATS.includes(format))
    throw new UsageError(`diff --format must be ${FORMATS.join(', ')} (got "${format}")`);
  const options = await resolvePipelineOptions(path, flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  options.base ??= 'HEAD';
  if (io.isTTY) options.onProgress = (line) => io.stderr(`… ${line}\n`);
  const head = await runStage('render', () => renderStage(options));
  const base = await renderBaseRevision(options);
  const diffed = await runStage('diff', () => runDiffStage(head.result, options, base)).finally(() =>
    base?.dispose(),
  );
  // the render's own findings are the pipeline's business; this command reports the diff stage
  const findings = sortFindings([...(options.configFindings ?? []), ...diffed.findings].map(withoutStage));
  const { diff } = diffed.result;
  if (!diff) {
    if (format === 'json') io.stdout(`${neutralizeJson(JSON.stringify({ findings }, null, 2))}\n`);
  } else {
    if (format === 'json') io.stdout(diffJson(diff));
    else if (format === 'markdown') io.stdout(neutralizeText(renderDiffMarkdown(diff)));
    else {
      const color = flags.color !== false && io.isTTY && !io.env.NO_COLOR;
      io.stdout(neutralizeText(renderDiffText(diff, { color })));
    }
    if (flags.diffFile) {
      writeOutputFile(flags.diffFile, diffFileText(diff, flags.diffFile), {
        cwd: io.cwd,
        what: '--diff-file',
      });
    }
  }
  for (const f of findings) io.stderr(`${f.severity} ${f.ruleId}: ${f.message}\n`);
  return options.failOn !== 'never' && hasFindingsAtOrAbove(findings, options.failOn)
    ? EXIT_FINDINGS
    : EXIT_OK;
}
