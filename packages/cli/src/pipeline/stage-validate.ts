import type { AppNode, Manifest } from '@neuroscale/core';
import { validate } from '@neuroscale/validate';
import type { PipelineOptions } from './pipeline-options.js';

export async function runValidateStage(manifests: Manifest[], apps: AppNode[], options: PipelineOptions) {
  return validate(manifests, {
    kubeVersion: options.kubeVersion,
    schemaLocations: options.schemaLocations,
    strict: options.strict,
    apps,
    repoRoot: options.repoRoot,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  });
}
