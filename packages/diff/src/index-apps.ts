/**
 * Each side's objects grouped by Application. An app is identified by (name, destination cluster, destination
 * namespace): an app that moves between clusters or namespaces is a removed app plus an added one. Objects
 * inside an app are matched by (group, kind, namespace, name); hooks and never-applied objects are not part
 * of what Argo CD syncs and compares (render's `syncRole`), so they are left out.
 */
import type { AppNode, Manifest } from '@neuroscale/core';
import { apiGroup, compareStrings } from '@neuroscale/core';
import type { DiffObjectRef, DiffRenderInput, IgnoreDifferencesRule } from './diff-model.js';
import { collectAppIgnoreRules, parseIgnoreRule } from './ignore-rules.js';

export interface AppSide {
  key: string;
  node: AppNode;
  cluster: string;
  namespace?: string;
  objects: Map<string, Manifest>;
  rules: IgnoreDifferencesRule[];
}

export function clusterOf(app: AppNode): string {
  return app.destination?.server || app.destination?.name || '';
}

export function appKey(app: AppNode): string {
  return [app.namespace ?? '', app.name, clusterOf(app), app.destination?.namespace ?? ''].join('\0');
}

export function diffObjectRef(m: Manifest): DiffObjectRef {
  const md = m.object.metadata;
  const ref: DiffObjectRef = {
    group: apiGroup(m.object.apiVersion),
    kind: typeof m.object.kind === 'string' ? m.object.kind : '',
    name: typeof md?.name === 'string' ? md.name : '',
  };
  if (typeof md?.namespace === 'string' && md.namespace) ref.namespace = md.namespace;
  return ref;
}

export function refKey(ref: DiffObjectRef): string {
  return [ref.group, ref.kind, ref.namespace ?? '', ref.name].join('\0');
}

export function compareRefs(a: DiffObjectRef, b: DiffObjectRef): number {
  return (
    compareStrings(a.group, b.group) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.namespace ?? '', b.namespace ?? '') ||
    compareStrings(a.name, b.name)
  );
}

function rootRules(raw: readonly unknown[] | undefined): IgnoreDifferencesRule[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.map(parseIgnoreRule).filter((r): r is IgnoreDifferencesRule => r !== undefined);
}

export function indexApps(
  input: DiffRenderInput,
  roots: Readonly<Record<string, readonly unknown[]>> = {},
): Map<string, AppSide> {
  const { apps: appRules, sets } = collectAppIgnoreRules(input.manifests);
  const byKey = new Map<string, AppSide>();
  const byName = new Map<string, AppSide>();
  for (const node of input.apps) {
    if (node.kind !== 'Application') continue;
    const rules =
      appRules.get(node.name) ??
      (node.generatedBy ? sets.get(node.generatedBy) : undefined) ??
      (node.parent === undefined && Object.hasOwn(roots, node.name)
        ? rootRules(roots[node.name])
        : undefined) ??
      [];
    const side: AppSide = { key: appKey(node), node, cluster: clusterOf(node), objects: new Map(), rules };
    if (node.destination?.namespace) side.namespace = node.destination.namespace;
    byKey.set(side.key, side);
    if (!byName.has(node.name)) byName.set(node.name, side);
  }
  for (const m of input.manifests) {
    const role = m.source.syncRole ?? 'resource';
    if (role !== 'resource') continue;
    const owner = m.source.apps[m.source.apps.length - 1];
    const side = owner === undefined ? undefined : byName.get(owner);
    if (side) side.objects.set(refKey(diffObjectRef(m)), m);
  }
  return byKey;
}
