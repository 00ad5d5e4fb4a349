import { resolveCacheDir } from '@neuroscale/core';
import { render } from '@neuroscale/render';
import { ensurePinnedTools } from './ensure-pinned-tools.js';
import type { PipelineOptions } from './pipeline-options.js';

export async function runRenderStage(options: PipelineOptions, repoRoot = options.repoRoot) {
  const cacheDir = options.cacheDir ?? resolveCacheDir();
  const tools = await ensurePinnedTools({ cacheDir, allowDownload: options.toolDownload !== false });
  if (tools.note) options.onProgress?.(tools.note);
  return render({
    repoRoot,
    ...(options.roots?.length ? { roots: options.roots } : {}),
    kubeVersion: options.kubeVersion,
    offline: options.offline,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    repoURLs: options.repoURLs,
    cacheDir,
  });
}
