/**
 * `render --format json` → `environment`: each Argo CD setting the render modelled, with its value and where
 * it came from — `{ "source": "config", "file" }`, `{ "source": "tree", "file", "line" }` or
 * `{ "source": "default" }`. Keys in a fixed order; clusters and projects sorted by render.
 */
import type { ArgocdEnvironment, SettingOrigin } from '@neuroscale/render';

const from = (o: SettingOrigin): Record<string, unknown> =>
  o.source === 'tree'
    ? { source: 'tree', file: o.file, line: o.line }
    : o.source === 'config'
      ? { source: 'config', ...(o.file ? { file: o.file } : {}) }
      : { source: 'default' };

const setting = (s: { value: unknown; origin: SettingOrigin }) => ({ value: s.value, from: from(s.origin) });

export function environmentJson(e: ArgocdEnvironment): Record<string, unknown> {
  return {
    namespace: setting(e.namespace),
    applicationNamespaces: setting(e.applicationNamespaces),
    inClusterEnabled: setting(e.inClusterEnabled),
    clusters: e.clusters.map((c) => ({
      name: c.name,
      server: c.server,
      labels: c.labels,
      annotations: c.annotations,
      ...(c.project ? { project: c.project } : {}),
      ...(c.kubeVersion ? { kubeVersion: c.kubeVersion } : {}),
      ...(c.apiVersions ? { apiVersions: c.apiVersions } : {}),
      from: from(c.origin),
    })),
    projects: e.projects.map((p) => ({ name: p.name, from: from(p.origin) })),
    kustomizeBuildOptions: setting(e.kustomizeBuildOptions),
    trackingMethod: setting(e.trackingMethod),
    resourceCustomizations: setting(e.resourceCustomizations),
  };
}
