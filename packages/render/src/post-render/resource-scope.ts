/**
 * Is a kind namespaced? Built-in kinds come from the Kubernetes OpenAPI (core's resource-scope table);
 * custom kinds from every CustomResourceDefinition rendered anywhere in the tree (spec.scope), then from the
 * platform's well-known CRDs (core's PLATFORM_CRD_SCOPES: KServe, Kyverno, Argo CD, Knative), which
 * a real cluster knows through discovery once earlier apps installed them, even when their chart is remote.
 * A kind found in neither is unknown, which Argo CD treats as namespaced (controller/state.go NormalizeTargetObjects).
 */
import type { K8sObject } from '@neuroscale/core';
import {
  apiGroup,
  compareStrings,
  isPlainRecord as isRecord,
  kubernetesResourcesFor,
  PLATFORM_CRD_SCOPES,
} from '@neuroscale/core';

export type Scope = 'Namespaced' | 'Cluster' | 'Unknown';

/** group/version/Kind → group/Kind */
const groupKindOf = (gvk: string): string => {
  const parts = gvk.split('/');
  return parts.length === 2 ? `/${parts[1]}` : `${parts[0]}/${parts[2]}`;
};

export interface CrdInfo {
  group: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  versions: string[];
}

export function crdInfo(obj: K8sObject): CrdInfo | undefined {
  if (obj.kind !== 'CustomResourceDefinition' || apiGroup(obj.apiVersion) !== 'apiextensions.k8s.io')
    return undefined;
  const spec = isRecord(obj.spec) ? obj.spec : undefined;
  const names = spec && isRecord(spec.names) ? spec.names : undefined;
  if (!spec || typeof spec.group !== 'string' || !names || typeof names.kind !== 'string') return undefined;
  const versions = Array.isArray(spec.versions)
    ? spec.versions.flatMap((v) =>
        isRecord(v) && typeof v.name === 'string' && v.served !== false ? [v.name] : [],
      )
    : typeof spec.version === 'string'
      ? [spec.version]
      : [];
  return {
    group: spec.group,
    kind: names.kind,
    scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
    versions,
  };
}

export class ScopeTable {
  private readonly scopes = new Map<string, 'Namespaced' | 'Cluster'>();

  constructor(kubeVersion: string, crds: CrdInfo[]) {
    const { table } = kubernetesResourcesFor(kubeVersion);
    for (const gvk of table.namespaced) this.scopes.set(groupKindOf(gvk), 'Namespaced');
    for (const gvk of table.cluster)
      if (!this.scopes.has(groupKindOf(gvk))) this.scopes.set(groupKindOf(gvk), 'Cluster');
    for (const c of crds)
      if (!this.scopes.has(`${c.group}/${c.kind}`)) this.scopes.set(`${c.group}/${c.kind}`, c.scope);
    for (const c of PLATFORM_CRD_SCOPES)
      if (!this.scopes.has(`${c.group}/${c.kind}`)) this.scopes.set(`${c.group}/${c.kind}`, c.scope);
  }

  scopeOf(obj: K8sObject): Scope {
    return this.scopes.get(`${apiGroup(obj.apiVersion)}/${obj.kind ?? ''}`) ?? 'Unknown';
  }
}

/** Default `--api-versions` for a Kubernetes minor: every served GA group/version and group/version/Kind. */
export function defaultApiVersions(kubeVersion: string): string[] {
  const { table } = kubernetesResourcesFor(kubeVersion);
  const out = new Set<string>();
  for (const gvk of [...table.namespaced, ...table.cluster]) {
    const parts = gvk.split('/');
    const gv = parts.slice(0, -1).join('/');
    const version = parts[parts.length - 2]!;
    if (/alpha|beta/.test(version)) continue; // not served by default
    out.add(gv);
    out.add(gvk);
  }
  return [...out].sort(compareStrings);
}

/** group/version and group/version/Kind of CRDs. */
export function crdApiVersions(crds: CrdInfo[]): string[] {
  const out = new Set<string>();
  for (const c of crds) {
    for (const v of c.versions) {
      out.add(`${c.group}/${v}`);
      out.add(`${c.group}/${v}/${c.kind}`);
    }
  }
  return [...out];
}
