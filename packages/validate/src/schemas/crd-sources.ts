/**
 * Where CRD schemas come from, by group/version/kind: CustomResourceDefinitions among the manifests
 * first, then the bundled catalog (KServe, Kyverno, Argo CD, Knative Serving).
 */
import type { Manifest } from '@neuroscale/core';
import { type CatalogIndexEntry, loadCatalogCrd, loadCatalogIndex } from '../data/generated-data.js';

export interface CrdVersionSource {
  from: 'manifest-crd' | 'catalog';
  group: string;
  kind: string;
  version: string;
  served: boolean;
  scope: 'Namespaced' | 'Cluster';
  deprecated?: boolean;
  deprecationWarning?: string;
  /** The CRD manifest (manifest-crd) and the pointer of this version's openAPIV3Schema. */
  manifest?: Manifest;
  pointer?: string;
  /** Catalog: the upstream file, e.g. crds/kserve/serving.kserve.io_inferenceservices.yaml. */
  catalogSource?: string;
  /** Loads the raw openAPIV3Schema (lazy for the catalog). */
  schema: () => unknown;
  /** All versions the CRD defines (for "version not served" messages). */
  allVersions: string[];
}

export const gvkKey = (group: string, version: string, kind: string): string =>
  `${group}/${version}\u0000${kind}`;

export function isCrdObject(obj: unknown): boolean {
  const o = obj as { apiVersion?: unknown; kind?: unknown } | null;
  return !!o && o.kind === 'CustomResourceDefinition' && o.apiVersion === 'apiextensions.k8s.io/v1';
}

/** CRD versions declared by manifests, keyed by gvkKey; the first CRD for a gvk wins. */
export function crdVersionsFromManifests(manifests: readonly Manifest[]): Map<string, CrdVersionSource> {
  const out = new Map<string, CrdVersionSource>();
  for (const m of manifests) {
    if (!isCrdObject(m.object)) continue;
    const spec = m.object.spec as Record<string, unknown> | undefined;
    const group = typeof spec?.group === 'string' ? spec.group : undefined;
    const names = spec?.names as { kind?: unknown } | undefined;
    const kind = typeof names?.kind === 'string' ? names.kind : undefined;
    const versions = Array.isArray(spec?.versions) ? (spec.versions as Record<string, unknown>[]) : [];
    if (!group || !kind) continue;
    const scope = spec?.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
    const allVersions = versions.map((v) => String(v?.name ?? '')).filter(Boolean);
    versions.forEach((v, i) => {
      if (!v || typeof v.name !== 'string') return;
      const key = gvkKey(group, v.name, kind);
      if (out.has(key)) return;
      const schemaHolder = v.schema as { openAPIV3Schema?: unknown } | undefined;
      const entry: CrdVersionSource = {
        from: 'manifest-crd',
        group,
        kind,
        version: v.name,
        served: v.served !== false,
        scope,
        manifest: m,
        pointer: `/spec/versions/${i}/schema/openAPIV3Schema`,
        schema: () => schemaHolder?.openAPIV3Schema,
        allVersions,
      };
      if (v.deprecated === true) entry.deprecated = true;
      if (typeof v.deprecationWarning === 'string') entry.deprecationWarning = v.deprecationWarning;
      out.set(key, entry);
    });
  }
  return out;
}

let catalogMap: Map<string, CrdVersionSource> | undefined;

/** The bundled catalog, keyed by gvkKey (schemas are read from disk only when asked for). */
export function crdVersionsFromCatalog(): Map<string, CrdVersionSource> {
  if (catalogMap) return catalogMap;
  const out = new Map<string, CrdVersionSource>();
  const index = loadCatalogIndex();
  for (const entry of index.crds) addCatalogEntry(out, entry);
  catalogMap = out;
  return out;
}

function addCatalogEntry(out: Map<string, CrdVersionSource>, entry: CatalogIndexEntry) {
  const allVersions = entry.versions.map((v) => v.name);
  for (const v of entry.versions) {
    const key = gvkKey(entry.group, v.name, entry.kind);
    if (out.has(key)) continue;
    const src: CrdVersionSource = {
      from: 'catalog',
      group: entry.group,
      kind: entry.kind,
      version: v.name,
      served: v.served,
      scope: entry.scope,
      catalogSource: entry.source,
      schema: () => loadCatalogCrd(entry).versions.find((x) => x.name === v.name)?.schema,
      allVersions,
    };
    if (v.deprecated) src.deprecated = true;
    if (v.deprecationWarning) src.deprecationWarning = v.deprecationWarning;
    out.set(key, src);
  }
}
