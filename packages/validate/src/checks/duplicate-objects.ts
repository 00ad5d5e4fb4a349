/**
 * The same object (group, kind, namespace, name) rendered twice: by two Applications (they fight over
 * it: Argo CD's SharedResourceWarning) or twice by one (the later copy silently wins).
 * Namespaced objects without metadata.namespace land in their Application's destination namespace.
 * Not counted: hooks (created on every sync, never part of the managed set) and the Namespace that
 * `CreateNamespace=true` synthesises (Argo CD creates it if missing and does not manage it, so several
 * Applications may share a destination namespace).
 */
import { apiGroup, type Finding, type Manifest } from '@neuroscale/core';
import { appOf, type CheckContext, manifestFinding } from './check-context.js';

interface Occurrence {
  m: Manifest;
  app?: string;
}

export function checkDuplicateObjects(ctx: CheckContext): Finding[] {
  const groups = new Map<string, Occurrence[]>();
  for (const m of ctx.manifests) {
    const o = m.object;
    if (!o || typeof o !== 'object' || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string')
      continue;
    if (m.source.sourceType === 'generated') continue;
    if (m.source.syncRole === 'hook' || m.source.syncRole === 'never-applied') continue;
    const name = o.metadata?.name;
    if (typeof name !== 'string' || !name) continue; // generateName objects are always distinct
    const app = appOf(m);
    const scope = ctx.registry.scopeOf(o.apiVersion, o.kind);
    let ns = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '';
    if (scope === 'Cluster') ns = '';
    else if (!ns && app) ns = ctx.apps.get(app)?.destination?.namespace ?? '';
    const key = `${apiGroup(o.apiVersion)}/${o.kind}/${ns}/${name}`;
    const list = groups.get(key) ?? [];
    list.push({ m, ...(app ? { app } : {}) });
    groups.set(key, list);
  }
  const out: Finding[] = [];
  for (const [key, list] of groups) {
    if (list.length < 2) continue;
    const [group, kind, ns, name] = key.split('/');
    const label = `${kind}${group ? `.${group}` : ''} ${ns ? `${ns}/` : ''}${name}`;
    const apps = [...new Set(list.map((x) => x.app ?? ''))];
    list.forEach((occ, i) => {
      const others = list
        .filter((_, j) => j !== i)
        .map((x) => `${x.m.source.file}:${x.m.source.line}${x.app ? ` (app ${x.app})` : ''}`);
      const why =
        apps.length > 1
          ? 'several Applications manage the same object and overwrite each other on every sync'
          : 'the object is rendered more than once; only the last copy is applied';
      out.push(
        manifestFinding(occ.m, '/metadata/name', {
          ruleId: 'duplicate/object',
          message: `${label} is also defined at ${others.join(', ')}: ${why}`,
          details: {
            others: list
              .filter((_, j) => j !== i)
              .map((x) => ({
                file: x.m.source.file,
                line: x.m.source.line,
                ...(x.app ? { app: x.app } : {}),
              })),
          },
        }),
      );
    });
  }
  return out;
}
