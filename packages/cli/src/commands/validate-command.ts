import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sortFindings } from '@neuroscale/core';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { type EmitOptions, emitReport } from '../output/emit-report.js';
import { neutralizeJson } from '../output/neutralize-workflow-commands.js';
import { type CommonFlags, resolvePipelineOptions } from '../pipeline/resolve-pipeline-options.js';
import { runStage } from '../pipeline/run-stage.js';
import { readInputsStage } from '../pipeline/stage-read-inputs.js';
import { runValidateStage } from '../pipeline/stage-validate.js';
import { loadAndValidateFilesStages } from '../pipeline/stage-validate-files.js';
import { buildReport, withoutStage } from '../report/build-report.js';

/**
 * `validate [files|dirs|-]`: strict schemas and checks. With inputs it validates plain manifests
 * (a drop-in for kubeconform); without, the rendered GitOps tree of the current repository.
 */
export async function validateCommand(
  inputs: string[],
  flags: CommonFlags,
  emit: EmitOptions,
  io: CliIO,
): Promise<number> {
  const plain = inputs.length > 0;
  const options = await resolvePipelineOptions('.', flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
    // plain files: the root only locates the config file, so no git process is started
    rootWithoutGit: plain,
  });
  // files and folders only: loaded and validated in one pass, on every core for a large input
  const both =
    plain && !inputs.includes('-') ? await loadAndValidateFilesStages(inputs, options, io.cwd) : undefined;
  const read =
    both?.read ??
    (plain
      ? await runStage('load', () => readInputsStage(inputs, io))
      : await runStage('render', async () =>
          (await import('../pipeline/stage-render.js')).renderStage(options),
        ));
  const { manifests } = read.result;
  const apps = 'apps' in read.result ? read.result.apps : undefined;
  const validated =
    both?.validated ??
    (await runStage('validate', () =>
      runValidateStage(manifests, options, {
        ...(apps ? { apps } : {}),
        repoRoot: plain ? io.cwd : options.repoRoot,
      }),
    ));
  const report = buildReport({
    options,
    stages: [read.summary, validated.summary],
    findings: [...(options.configFindings ?? []), ...read.findings, ...validated.findings],
    manifests,
  });
  if (emit.format === 'json') {
    // The kubeconform-replacement contract: { findings, summary: { objects, valid, invalid, skipped } }.
    const body = {
      findings: sortFindings(report.findings.map(withoutStage)),
      summary: validated.result.summary,
    };
    io.stdout(`${neutralizeJson(JSON.stringify(body, null, 2))}\n`);
    await emitReport(report, { ...emit, format: 'json', outputs: emit.outputs }, { ...io, stdout: () => {} });
  } else if (
    emit.format === 'text' ||
    emit.format === 'sarif' ||
    emit.format === 'junit' ||
    emit.format === 'github' ||
    emit.format === 'markdown'
  ) {
    await emitReport(report, emit, io);
  } else throw new UsageError(`unknown format ${emit.format}`);
  return report.summary.failed ? EXIT_FINDINGS : EXIT_OK;
}
