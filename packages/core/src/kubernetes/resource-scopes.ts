/**
 * Is a kind namespaced or cluster-scoped? One table for every stage: the built-in kinds of each supported
 * Kubernetes minor, read from its OpenAPI paths (`/…/namespaces/{namespace}/<plural>` means namespaced;
 * generated/kube-resources.ts), and the platform's well-known custom kinds, read from their upstream CRDs'
 * `spec.scope` (KServe, Kyverno, Argo CD, Knative; generated/platform-crd-scopes.ts).
 */
import { compareStrings } from '../model/compare-strings.js';
import { KUBE_RESOURCES, type KubeResourceTable } from './generated/kube-resources.js';
import { PLATFORM_CRD_SCOPES, type PlatformCrdScope } from './generated/platform-crd-scopes.js';

export { KUBE_RESOURCES, type KubeResourceTable, PLATFORM_CRD_SCOPES, type PlatformCrdScope };

export type ResourceScope = 'Namespaced' | 'Cluster';

const minorOf = (v: string): number => Number(v.split('.')[1] ?? 0);

/**
 * The built-in resource table for a Kubernetes version (`1.33`, `v1.33.2`); a minor the table lacks gets
 * the nearest one (ties to the newer), since a cluster's kinds change little between neighbouring minors.
 */
export function kubernetesResourcesFor(kubeVersion: string): { minor: string; table: KubeResourceTable } {
  const m = /^v?(\d+)\.(\d+)/.exec(kubeVersion);
  const wanted = m ? `${m[1]}.${m[2]}` : '';
  const exact = Object.hasOwn(KUBE_RESOURCES, wanted) ? KUBE_RESOURCES[wanted] : undefined;
  if (exact) return { minor: wanted, table: exact };
  const minors = Object.keys(KUBE_RESOURCES).sort((a, b) => minorOf(a) - minorOf(b));
  const target = minorOf(wanted);
  const pick = minors.reduce(
    (best, v) => (Math.abs(minorOf(v) - target) < Math.abs(minorOf(best) - target) ? v : best),
    minors[minors.length - 1] as string,
  );
  return { minor: pick, table: KUBE_RESOURCES[pick] as KubeResourceTable };
}

export interface ClusterScopedKindsOptions {
  /** Whose built-in kinds: a Kubernetes version as kubernetesResourcesFor reads it. */
  kubernetesVersion: string;
  /**
   * Also the platform CRDs' cluster-scoped kinds (ClusterPolicy, ClusterServingRuntime…): true where the
   * caller models a cluster that has them installed; false where it models a client that only knows the
   * built-in API (the Kyverno CLI treats every unknown kind as namespaced).
   */
  platformCrds: boolean;
}

const kindOfGvk = (gvk: string): string => gvk.slice(gvk.lastIndexOf('/') + 1);

/**
 * Names of cluster-scoped kinds, for callers that only have a kind (Kyverno's `kinds: [Namespace]`). No kind
 * name is cluster-scoped in one group and namespaced in another across the table (a test keeps it so).
 */
export function clusterScopedKinds(options: ClusterScopedKindsOptions): ReadonlySet<string> {
  const { table } = kubernetesResourcesFor(options.kubernetesVersion);
  const kinds = table.cluster.map(kindOfGvk);
  if (options.platformCrds)
    for (const c of PLATFORM_CRD_SCOPES) if (c.scope === 'Cluster') kinds.push(c.kind);
  return new Set(kinds.sort(compareStrings));
}
