import type { AppNode, Manifest } from '@neuroscale/core';
import { type ValidateResult, validate } from '@neuroscale/validate';
import type { PipelineOptions } from './pipeline-options.js';
import type { StageWork } from './run-stage.js';

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
  } = {},
): Promise<StageWork<ValidateResult>> {
  const result = await validate(manifests, {
    kubeVersion: options.kubeVersion,
    schemaLocations: options.schemaLocations,
    strict: options.strict,
    ...(input.apps ? { apps: input.apps } : {}),
    ...(input.treeManifests ? { treeManifests: input.treeManifests } : {}),
    repoRoot: input.repoRoot ?? options.repoRoot,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  });
  return { objects: result.summary.objects, findings: result.findings, result };
}
