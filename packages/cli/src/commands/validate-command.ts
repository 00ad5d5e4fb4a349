import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AppNode, type Finding, type Manifest, sortFindings } from '@neuroscale/core';
import { validate } from '@neuroscale/validate';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { readManifestInputs } from '../input/read-manifest-inputs.js';
import { type EmitOptions, emitReport } from '../output/emit-report.js';
import { type CommonFlags, resolvePipelineOptions } from '../pipeline/resolve-pipeline-options.js';
import { runRenderStage } from '../pipeline/stage-render.js';
import { buildReport } from '../report/build-report.js';

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
  const options = resolvePipelineOptions('.', flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  let manifests: Manifest[];
  let apps: AppNode[] | undefined;
  const findings: Finding[] = [...(options.configFindings ?? [])];
  if (inputs.length > 0) {
    const read = await readManifestInputs(inputs, io.cwd, io.readStdin);
    manifests = read.manifests;
    findings.push(...read.findings);
  } else {
    const rendered = await runRenderStage(options);
    manifests = rendered.manifests;
    apps = rendered.apps;
    findings.push(...rendered.findings);
  }
  const result = await validate(manifests, {
    kubeVersion: options.kubeVersion,
    schemaLocations: options.schemaLocations,
    strict: options.strict,
    ...(apps ? { apps } : {}),
    repoRoot: inputs.length > 0 ? io.cwd : options.repoRoot,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  });
  findings.push(...result.findings);
  const report = buildReport({
    options,
    stages: [{ name: 'validate', objects: result.summary.objects, findings: result.findings.length }],
    findings,
    manifests,
  });
  if (emit.format === 'json') {
    // The kubeconform-replacement contract: { findings, summary: { objects, valid, invalid, skipped } }.
    const body = { findings: sortFindings(report.findings), summary: result.summary };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
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
