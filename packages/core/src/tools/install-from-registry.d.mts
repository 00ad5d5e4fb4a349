export interface RegistryPackagePin {
  name: string;
  version: string;
  integrity: string;
}
export interface RegistryToolPin {
  sha256: string;
  zipPath: string;
  version: string;
}
export interface InstalledTool {
  name: string;
  version: string;
  path: string;
  sha256: string;
}
export type InstallFromRegistryResult =
  | { ok: true; installed: InstalledTool[]; tarball: string; downloaded: boolean }
  | { ok: false; message: string };
export interface InstallFromRegistryOptions {
  pkg: RegistryPackagePin;
  tools: Record<string, RegistryToolPin>;
  destBin: string;
  tarballDir: string;
  registry: string;
  fetch?: typeof globalThis.fetch;
  offline?: boolean;
}
export function registryFromEnv(env: NodeJS.ProcessEnv): string;
export function tarballURL(registry: string, pkg: { name: string; version: string }): string;
export function extractFromTgz(tgz: Uint8Array, wanted: string): Buffer | undefined;
export function extractFromZip(zip: Buffer, names: string[]): Record<string, Buffer>;
export function pinnedToolsPresent(destBin: string, tools: Record<string, RegistryToolPin>): boolean;
export function installFromRegistry(options: InstallFromRegistryOptions): Promise<InstallFromRegistryResult>;
