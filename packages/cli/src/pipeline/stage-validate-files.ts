/**
 * `validate <files|folders>` without stdin: the load and validate stages in one pass over the files
 * (@neuroscale/validate validateFiles), on every core for a large input. Two stage runs come back, as
 * from readInputsStage + runValidateStage; the load stage is timed until every batch was loaded.
 */
import { type ValidateResult, validateFiles } from '@neuroscale/validate';
import type { ManifestInputs } from '../input/read-manifest-inputs.js';
import { listManifestFiles } from '../input/read-manifest-inputs.js';
import type { PipelineOptions } from './pipeline-options.js';
import { runStage, type StageRun } from './run-stage.js';

export async function loadAndValidateFilesStages(
  inputs: string[],
  options: PipelineOptions,
  cwd: string,
): Promise<{ read: StageRun<ManifestInputs>; validated: StageRun<ValidateResult> }> {
  const listed = listManifestFiles(inputs, cwd);
  const started = performance.now();
  const r = await validateFiles(listed.files, {
    kubeVersion: options.kubeVersion,
    schemaLocations: options.schemaLocations,
    strict: options.strict,
    repoRoot: cwd,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    // the report reads only the objects' identities: no copy of every whole object between threads
    objects: 'identity',
  });
  const total = performance.now() - started;
  const result: ManifestInputs = {
    manifests: r.manifests,
    findings: [...listed.findings, ...r.loadFindings],
    files: listed.files.length,
  };
  const read = await runStage('load', () => ({
    objects: r.manifests.length,
    findings: result.findings,
    result,
  }));
  const validated = await runStage('validate', () => ({
    objects: r.validation.summary.objects,
    findings: r.validation.findings,
    result: r.validation,
  }));
  if (read.summary.durationMs !== undefined) read.summary.durationMs = Math.round(r.loadMs);
  if (validated.summary.durationMs !== undefined)
    validated.summary.durationMs = Math.round(Math.max(0, total - r.loadMs));
  return { read, validated };
}
