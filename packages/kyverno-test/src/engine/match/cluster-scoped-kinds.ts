import { clusterScopedKinds } from '@neuroscale/core';

/** The Kubernetes API the Kyverno CLI's client knows (as its REST mapper does; cel/libraries/kind-plurals.ts). */
export const KYVERNO_CLI_KUBERNETES_VERSION = '1.32';

/**
 * Built-in cluster-scoped kinds of that version's API discovery. `kyverno test` gives every other kind
 * without a namespace the namespace `default`: it has no CRDs, so custom kinds count as namespaced.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = clusterScopedKinds({
  kubernetesVersion: KYVERNO_CLI_KUBERNETES_VERSION,
  platformCrds: false,
});
