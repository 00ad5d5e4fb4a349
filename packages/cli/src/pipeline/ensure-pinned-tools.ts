/**
 * The runtime counterpart of `tools install`: a run that finds no helm/kubectl (env override, this install's
 * pinned copy, PATH) downloads them the same way, unless `--offline` was given, in which case the missing
 * tool is the render's `render/tool-missing` finding.
 */
import { installPinnedTools, PINNED_TOOLS, resolveTool, type ToolName } from '@neuroscale/core';

export interface EnsureToolsOptions {
  cacheDir: string;
  /** False with `--offline`: a missing tool stays missing (a finding), nothing is downloaded. */
  allowDownload: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where pinned copies are looked for (default core pinnedToolDirs: this workspace, then the cache dir). */
  pinnedDirs?: string[];
}

export interface EnsureToolsResult {
  /** What happened, for a progress line; undefined when the tools were there. */
  note?: string;
}

let pending: Promise<EnsureToolsResult> | undefined;

/** Download the pinned tools when one is missing (once per process). Never throws. */
export function ensurePinnedTools(options: EnsureToolsOptions): Promise<EnsureToolsResult> {
  const env = options.env ?? process.env;
  const missing = (['helm', 'kubectl'] as ToolName[]).filter(
    (n) =>
      !resolveTool(n, {
        env,
        cacheDir: options.cacheDir,
        ...(options.pinnedDirs ? { pinnedDirs: options.pinnedDirs } : {}),
      }).ok,
  );
  if (missing.length === 0 || !options.allowDownload) return Promise.resolve({});
  pending ??= installPinnedTools({ cacheDir: options.cacheDir, env }).then(
    (r): EnsureToolsResult =>
      r.ok
        ? {
            note: `installed ${missing.map((n) => `${n} ${PINNED_TOOLS[n].version}`).join(' and ')} into ${r.dir}`,
          }
        : { note: `could not install the pinned tools: ${r.message}` },
    (e: unknown) => ({ note: `could not install the pinned tools: ${(e as Error).message}` }),
  );
  return pending;
}
