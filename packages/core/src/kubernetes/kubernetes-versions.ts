/**
 * The Kubernetes minors the toolkit has schemas and resource tables for, and the one it assumes when the
 * user names none. Every stage reads these instead of writing its own default.
 * A test checks the list against the generated resource table (one entry per pinned OpenAPI document).
 */
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;
export type KubernetesMinor = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];
export const DEFAULT_KUBERNETES_VERSION: KubernetesMinor = '1.33';

/** `1.33`, `v1.33`, `1.33.2`, `v1.33.0` → `1.33`; empty → the default; undefined when not a supported minor. */
export function normalizeKubernetesVersion(input: string | undefined): KubernetesMinor | undefined {
  if (input === undefined || input === '') return DEFAULT_KUBERNETES_VERSION;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(input.trim());
  if (!m) return undefined;
  const minor = `${m[1]}.${m[2]}`;
  return (SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(minor)
    ? (minor as KubernetesMinor)
    : undefined;
}
