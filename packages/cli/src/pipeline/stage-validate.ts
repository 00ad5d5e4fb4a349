import type { AppNode, Manifest } from '@neuroscale/core';
import { type ValidateOptions, type ValidateResult, validate } from '@neuroscale/validate';
import type { PipelineOptions } from './pipeline-options.js';
import type { StageWork } from './run-stage.js';
import { validateAdmittedObjects } from './validate-admitted-objects.js';

export async function runValidateStage(
  manifests: Manifest[],
  options: PipelineOptions,
  input: {
    /** The rendered Application tree (absent for plain manifest files). */
    apps?: AppNode[];
    /** Where relative paths start (default the repository root; the working directory for plain files). */
    repoRoot?: string;
    /** The whole rendered tree when `manifests` is one shard of it (validate's `treeManifests`). */
    treeManifests?: Manifest[];
    /**
     * The objects as admission left them (policy stage): the mutated and generated ones are validated
     * too, as the API server validates what mutating admission produced.
     */
    admitted?: Manifest[];
  } = {},
): Promise<StageWork<ValidateResult>> {
  const validateOptions: ValidateOptions = {
    kubeVersion: options.kubeVersion,
    schemaLocations: options.schemaLocations,
    strict: options.strict,
    ...(input.apps ? { apps: input.apps } : {}),
    ...(input.treeManifests ? { treeManifests: input.treeManifests } : {}),
    repoRoot: input.repoRoot ?? options.repoRoot,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  };
  const result = await validate(manifests, validateOptions);
  if (!input.admitted) return { objects: result.summary.objects, findings: result.findings, result };
  const admitted = await validateAdmittedObjects(input.admitted, result.findings, {
    ...validateOptions,
    treeManifests: input.treeManifests ?? manifests,
  });
  const generated = input.admitted.filter((m) => m.source.admission?.generatedBy).length;
  return {
    objects: result.summary.objects + generated,
    findings: [...result.findings, ...admitted.findings],
    result,
  };
}
