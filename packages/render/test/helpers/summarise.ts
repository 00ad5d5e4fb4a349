/** A stable, reviewable projection of a render result for expected.json files. */
import type { Finding, Manifest } from '@neuroscale/core';
import type { SettingOrigin } from '../../src/environment/argocd-environment.js';
import type { RenderResult } from '../../src/index.js';

export function manifestLine(m: Manifest): string {
  const o = m.object;
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  const role =
    m.source.syncRole && m.source.syncRole !== 'resource'
      ? ` [${m.source.syncRole}${m.source.hookTypes ? `:${m.source.hookTypes.join(',')}` : ''}]`
      : '';
  const cluster =
    m.source.cluster && m.source.cluster !== 'https://kubernetes.default.svc'
      ? ` on ${m.source.cluster}`
      : '';
  return `${m.source.apps[m.source.apps.length - 1]}: ${o.kind} ${ns}${o.metadata?.name ?? ''}${cluster} @ ${m.source.file}:${m.source.line} (${m.source.sourceType})${role}`;
}

export function findingLine(f: Finding): string {
  const at = f.location ? `${f.location.file}:${f.location.line ?? ''}` : '-';
  return `${f.severity} ${f.ruleId} @ ${at} app=${f.app ?? '-'}`;
}

export function summarise(r: RenderResult) {
  return {
    apps: r.apps.map(
      (a) =>
        `${a.kind} ${a.name} ${a.status} objects=${a.objectCount}${a.parent ? ` parent=${a.parent}` : ''}${a.generatedBy ? ` generatedBy=${a.generatedBy}` : ''} types=${a.sources.map((s) => s.type).join(',')}`,
    ),
    manifests: r.manifests.map(manifestLine),
    findings: r.findings.map(findingLine),
    coverage: coverageLine(r),
    environment: environmentLines(r),
  };
}

const origin = (o: SettingOrigin) => (o.source === 'tree' ? `${o.file}:${o.line}` : o.source);

/** The Argo CD environment render modelled, one line per setting / cluster, with where it came from. */
export function environmentLines(r: RenderResult): string[] {
  const e = r.environment;
  const setting = (name: string, s: { value: unknown; origin: SettingOrigin }) =>
    `${name}=${JSON.stringify(s.value)} (${origin(s.origin)})`;
  return [
    setting('namespace', e.namespace),
    setting('applicationNamespaces', e.applicationNamespaces),
    setting('kustomizeBuildOptions', e.kustomizeBuildOptions),
    setting('trackingMethod', e.trackingMethod),
    ...e.clusters.map(
      (c) => `cluster ${c.name} ${c.server} labels=${JSON.stringify(c.labels)} (${origin(c.origin)})`,
    ),
    ...e.projects.map((p) => `project ${p.name} (${origin(p.origin)})`),
  ];
}

/** `applications 3 (full 1, partial 1, none 1), objects 2`. */
export function coverageLine(r: RenderResult): string {
  const a = r.coverage.applications;
  return `applications ${a.total} (full ${a.full}, partial ${a.partial}, none ${a.none}), objects ${r.coverage.objects}`;
}
