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
  // the first occurrence of every key, in input order; a list only for a key seen twice (few or none)
  const first = new Map<string, Occurrence>();
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
    const occurrence: Occurrence = app ? { m, app } : { m };
    const seen = first.get(key);
    if (seen === undefined) first.set(key, occurrence);
    else {
      const list = groups.get(key);
      if (list) list.push(occurrence);
      else groups.set(key, [seen, occurrence]);
    }
  }
  const out: Finding[] = [];
  for (const key of first.keys()) {
    const list = groups.get(key);
    if (!list) continue;
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
