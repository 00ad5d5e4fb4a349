/**
 * What Argo CD does to one Application's rendered objects before syncing (§6 of the design):
 * Lists expanded, implicit Namespace for CreateNamespace=true, namespace defaulted/cleared by scope,
 * tracking annotation, hooks classified (kept in the output, flagged in provenance.syncRole), duplicates
 * dropped (last wins), then Argo's sync order.
 */
import type { Finding, K8sObject, Manifest } from '@neuroscale/core';
import { apiGroup, describeObject, finding, locationOf, objectKey, objectRef } from '@neuroscale/core';
import { type AppSpec, isRecord } from '../render-context.js';
import { classifyHook } from './classify-hooks.js';
import { expandLists } from './expand-lists.js';
import type { ScopeTable } from './resource-scope.js';
import { sortForSync } from './sync-order.js';

export const TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
const INSTALLATION_ID = 'argocd.argoproj.io/installation-id';

export interface PostRenderOptions {
  scopes: ScopeTable;
  tracking: boolean;
}

export interface PostRenderResult {
  manifests: Manifest[];
  findings: Finding[];
  /** Managed objects (hooks and never-applied objects excluded). */
  objectCount: number;
}

const isCrd = (o: K8sObject) =>
  o.kind === 'CustomResourceDefinition' && apiGroup(o.apiVersion) === 'apiextensions.k8s.io';

function implicitNamespace(app: AppSpec, ns: string): Manifest {
  const metadata: NonNullable<K8sObject['metadata']> = { name: ns };
  if (app.managedNamespaceMetadata?.labels) metadata.labels = { ...app.managedNamespaceMetadata.labels };
  if (app.managedNamespaceMetadata?.annotations)
    metadata.annotations = { ...app.managedNamespaceMetadata.annotations };
  // the Application's own position: locating syncOptions would re-parse the Application for every app
  const pos = { line: app.origin.line, column: app.origin.column };
  return {
    object: { apiVersion: 'v1', kind: 'Namespace', metadata },
    source: {
      apps: app.chain,
      file: app.origin.file,
      documentIndex: 0,
      line: pos.line,
      column: pos.column,
      sourceType: 'generated',
    },
  };
}

export function postRenderApp(
  app: AppSpec,
  rendered: Manifest[],
  options: PostRenderOptions,
): PostRenderResult {
  const findings: Finding[] = [];
  const destNs = app.destination?.namespace ?? '';
  let manifests = expandLists(rendered);

  if (app.syncOptions.includes('CreateNamespace=true') && destNs) {
    const present = manifests.some(
      (m) =>
        m.object.kind === 'Namespace' &&
        apiGroup(m.object.apiVersion) === '' &&
        m.object.metadata?.name === destNs,
    );
    if (!present) manifests.unshift(implicitNamespace(app, destNs));
  }

  for (const m of manifests) {
    const obj = m.object;
    obj.metadata ??= {};
    // a metadata that is not a map (untrusted YAML: `metadata: text`) is left alone; validate reports it
    const md: NonNullable<K8sObject['metadata']> = isRecord(obj.metadata) ? obj.metadata : {};
    const scope = options.scopes.scopeOf(obj);
    let nsChanged = false;
    if (scope === 'Cluster') {
      if (md.namespace) {
        delete md.namespace;
        nsChanged = true;
      }
    } else if (!md.namespace && destNs) {
      md.namespace = destNs;
      nsChanged = true;
    }
    const hook = classifyHook(obj);
    if (hook.role !== 'resource') {
      m.source = { ...m.source, syncRole: hook.role };
      if (hook.types.length) m.source.hookTypes = hook.types;
    } else m.source = { ...m.source, syncRole: 'resource' };
    if (options.tracking && m.source.sourceType !== 'generated' && (!isCrd(obj) || nsChanged)) {
      const ns = md.namespace || destNs;
      const id = `${app.instance}:${apiGroup(obj.apiVersion)}/${obj.kind ?? ''}:${ns}/${md.name ?? ''}`;
      md.annotations = { ...(md.annotations ?? {}), [TRACKING_ANNOTATION]: id };
      delete md.annotations[INSTALLATION_ID];
    }
  }

  // duplicates among managed objects: the last one wins (RepeatedResourceWarning)
  const lastIndex = new Map<string, number>();
  manifests.forEach((m, i) => {
    if (m.source.syncRole === 'resource') lastIndex.set(objectKey(m.object), i);
  });
  manifests = manifests.filter((m, i) => {
    if (m.source.syncRole !== 'resource') return true;
    const key = objectKey(m.object);
    if (lastIndex.get(key) === i) return true;
    const winner = manifests[lastIndex.get(key)!]!;
    findings.push(
      finding({
        ruleId: 'render/duplicate-resource',
        severity: 'warning',
        message: `${describeObject(objectRef(m.object))} is rendered more than once in app ${app.name}; Argo CD keeps the last one (${winner.source.file}:${winner.source.line})`,
        object: objectRef(m.object),
        location: locationOf(m),
        app: app.name,
      }),
    );
    return false;
  });

  const sorted = sortForSync(manifests);
  return {
    manifests: sorted,
    findings,
    objectCount: sorted.filter((m) => m.source.syncRole === 'resource').length,
  };
}
