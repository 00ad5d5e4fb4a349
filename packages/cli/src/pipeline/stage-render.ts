import { resolveCacheDir } from '@neuroscale/core';
import { type RemoteFetchOptions, type RenderResult, render } from '@neuroscale/render';
import { ensurePinnedTools } from './ensure-pinned-tools.js';
import type { PipelineOptions } from './pipeline-options.js';
import type { StageWork } from './run-stage.js';
import { affectedBy } from './select-changed-apps.js';

export async function runRenderStage(
  options: PipelineOptions,
  repoRoot = options.repoRoot,
  extra: { fetch?: RemoteFetchOptions } = {},
) {
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
    ...(options.argocd ? { argocd: options.argocd } : {}),
    cacheDir,
    ...(extra.fetch ? { fetch: extra.fetch } : {}),
    ...(options.repos ? { repos: options.repos } : {}),
    // --changed-only: the apps the change cannot affect are not built (the base revision's neither)
    ...(options.changedOnly && !options.changedOnly.everything
      ? { selectApp: affectedBy(options.changedOnly) }
      : {}),
  });
}

/** The render stage for runStage: the working tree, its objects and findings. */
export async function renderStage(options: PipelineOptions): Promise<StageWork<RenderResult>> {
  const result = await runRenderStage(options);
  return { objects: result.manifests.length, findings: result.findings, result };
}
