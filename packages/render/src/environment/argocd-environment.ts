/**
 * The Argo CD installation the repository targets: control-plane namespace, namespaces Applications may
 * live in, clusters, AppProjects created outside the tree, kustomize build options, tracking method and
 * resource customizations. Each setting says where its value came from: the config file, a file of the
 * tree (file:line, discovered the way Argo CD reads it), or Argo CD's default. The config overrides discovery.
 */

export type SettingOrigin =
  | { source: 'config'; file?: string }
  | { source: 'tree'; file: string; line: number }
  | { source: 'default' };

export interface Setting<T> {
  value: T;
  origin: SettingOrigin;
}

/** One cluster Argo CD knows (a declarative cluster Secret, a config entry, or the built-in in-cluster). */
export interface ArgocdCluster {
  name: string;
  server: string;
  /** The cluster Secret's labels (`argocd.argoproj.io/secret-type: cluster` included, as Argo CD sees them). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `project` of a project-scoped cluster Secret. */
  project?: string;
  /** Cluster version / served API versions for rendering its apps (default: the run's). */
  kubeVersion?: string;
  apiVersions?: string[];
  origin: SettingOrigin;
}

export interface ArgocdEnvironment {
  /** Control-plane namespace (`argocd`; `openshift-gitops` on OpenShift GitOps). */
  namespace: Setting<string>;
  /** `application.namespaces` of argocd-cmd-params-cm: globs (or `/regex/`) of namespaces Applications may live in. */
  applicationNamespaces: Setting<string[]>;
  /** `cluster.inClusterEnabled` of argocd-cm (default true). */
  inClusterEnabled: Setting<boolean>;
  /** Every cluster, sorted by name then server; the in-cluster entry unless disabled. */
  clusters: ArgocdCluster[];
  /**
   * AppProjects known besides those render produces: created outside the tree (config, `*` = any name) or
   * declared in a tree file no Application renders. Sorted by name.
   */
  projects: { name: string; origin: SettingOrigin }[];
  /** `kustomize.buildOptions` of argocd-cm, split as Argo CD splits it (strings.Fields). */
  kustomizeBuildOptions: Setting<string[]>;
  /** `application.resourceTrackingMethod` of argocd-cm (default `annotation` since Argo CD 3.0). */
  trackingMethod: Setting<string>;
  /**
   * `resource.customizations.ignoreDifferences.<group_kind>` of argocd-cm (`all` for every kind), each value
   * parsed from its YAML text; for the rendered diff.
   */
  resourceCustomizations: Setting<Record<string, unknown>>;
}

/** The `argocd:` block of the config file (every key optional). */
export interface ArgocdEnvironmentConfig {
  namespace?: string;
  applicationNamespaces?: string[];
  inClusterEnabled?: boolean;
  clusters?: {
    name: string;
    server: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    project?: string;
    kubeVersion?: string;
    apiVersions?: string[];
  }[];
  projects?: string[];
  kustomize?: { buildOptions?: string };
  trackingMethod?: string;
}

export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';
export const CLUSTER_SECRET_LABEL = 'argocd.argoproj.io/secret-type';

/** What discovery found in the tree: each entry is a setting with a tree origin, when declared. */
export interface DiscoveredSettings {
  namespace?: Setting<string>;
  applicationNamespaces?: Setting<string[]>;
  inClusterEnabled?: Setting<boolean>;
  clusters: ArgocdCluster[];
  projects: { name: string; origin: SettingOrigin }[];
  kustomizeBuildOptions?: Setting<string[]>;
  trackingMethod?: Setting<string>;
  resourceCustomizations?: Setting<Record<string, unknown>>;
}

export const NO_DISCOVERY: DiscoveredSettings = { clusters: [], projects: [] };

/** Config over tree over default, per setting. */
// long: one line per setting of the environment, in its declared order
export function resolveArgocdEnvironment(
  config: ArgocdEnvironmentConfig & { file?: string },
  found: DiscoveredSettings,
): ArgocdEnvironment {
  const fromConfig: SettingOrigin = config.file
    ? { source: 'config', file: config.file }
    : { source: 'config' };
  const pick = <T>(configured: T | undefined, discovered: Setting<T> | undefined, fallback: T): Setting<T> =>
    configured !== undefined
      ? { value: configured, origin: fromConfig }
      : (discovered ?? { value: fallback, origin: { source: 'default' } });
  const inClusterEnabled = pick(config.inClusterEnabled, found.inClusterEnabled, true);
  const clusters: ArgocdCluster[] = config.clusters
    ? config.clusters.map((c) => ({
        name: c.name,
        server: c.server,
        // the Secret Argo CD would read carries the secret-type label: selectors see it (cluster generator)
        labels: { [CLUSTER_SECRET_LABEL]: 'cluster', ...(c.labels ?? {}) },
        annotations: { ...(c.annotations ?? {}) },
        ...(c.project ? { project: c.project } : {}),
        ...(c.kubeVersion ? { kubeVersion: c.kubeVersion } : {}),
        ...(c.apiVersions ? { apiVersions: c.apiVersions } : {}),
        origin: fromConfig,
      }))
    : [...found.clusters];
  // Argo CD: the local cluster exists unless a Secret redefines it or cluster.inClusterEnabled is false
  // (util/db/cluster.go ListClusters)
  if (inClusterEnabled.value && !clusters.some((c) => c.server === IN_CLUSTER_SERVER)) {
    clusters.push({
      name: IN_CLUSTER_NAME,
      server: IN_CLUSTER_SERVER,
      labels: {},
      annotations: {},
      origin: { source: 'default' },
    });
  }
  clusters.sort((a, b) => cmpStr(a.name, b.name) || cmpStr(a.server, b.server));
  // projects from the config exist outside the tree; projects in the tree exist too: both count
  const projects = new Map<string, SettingOrigin>();
  for (const name of config.projects ?? []) projects.set(name, fromConfig);
  for (const p of found.projects) if (!projects.has(p.name)) projects.set(p.name, p.origin);
  const buildOptions =
    config.kustomize?.buildOptions !== undefined ? splitFields(config.kustomize.buildOptions) : undefined;
  return {
    namespace: pick(config.namespace, found.namespace, 'argocd'),
    applicationNamespaces: pick(config.applicationNamespaces, found.applicationNamespaces, []),
    inClusterEnabled,
    clusters,
    projects: [...projects]
      .map(([name, origin]) => ({ name, origin }))
      .sort((a, b) => cmpStr(a.name, b.name)),
    kustomizeBuildOptions: pick(buildOptions, found.kustomizeBuildOptions, []),
    trackingMethod: pick(config.trackingMethod, found.trackingMethod, 'annotation'),
    resourceCustomizations: found.resourceCustomizations ?? { value: {}, origin: { source: 'default' } },
  };
}

/** Go strings.Fields: split on runs of white space (util/kustomize/kustomize.go parseKustomizeBuildOptions). */
export function splitFields(s: string): string[] {
  return s.split(/[ \t\n\v\f\r]+/).filter((x) => x !== '');
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
