import { render } from '@neuroscale/render';
import type { PipelineOptions } from './pipeline-options.js';

export async function runRenderStage(options: PipelineOptions, repoRoot = options.repoRoot) {
  return render({
    repoRoot,
    ...(options.roots?.length ? { roots: options.roots } : {}),
    kubeVersion: options.kubeVersion,
    offline: options.offline,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    repoURLs: options.repoURLs,
  });
}
