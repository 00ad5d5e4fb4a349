import { clusterScopedKinds } from '@neuroscale/core';
import { KYVERNO_CLI_KUBERNETES_VERSION } from '../engine/match/cluster-scoped-kinds.js';

/**
 * Cluster-scoped kinds for request.namespace and namespaceSelector handling: the built-in API plus the
 * platform CRDs' cluster-scoped kinds (Kyverno's own ClusterPolicy, ValidatingPolicy… and KServe's), which
 * the cluster a CEL policy is evaluated against has installed.
 */
const CLUSTER_SCOPED = clusterScopedKinds({
  kubernetesVersion: KYVERNO_CLI_KUBERNETES_VERSION,
  platformCrds: true,
});

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
