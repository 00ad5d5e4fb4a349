/**
 * The `argocd:` section of neuroscale.config.yaml: the Argo CD installation the repository targets.
 * Every key is optional; what it leaves out render discovers from the tree (argocd-cm, argocd-cmd-params-cm,
 * cluster Secrets, AppProjects) or takes from Argo CD's defaults. Wrong types are usage errors naming the key.
 */
import type { ArgocdEnvironmentConfig } from '@neuroscale/render';
import { UsageError } from '../cli-io.js';

const KEYS = new Set([
  'namespace',
  'applicationNamespaces',
  'inClusterEnabled',
  'clusters',
  'projects',
  'kustomize',
  'trackingMethod',
]);
const CLUSTER_KEYS = new Set([
  'name',
  'server',
  'labels',
  'annotations',
  'project',
  'kubeVersion',
  'apiVersions',
]);
const TRACKING = ['annotation', 'label', 'annotation+label'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isStringMap = (v: unknown): v is Record<string, string> =>
  isRecord(v) && Object.values(v).every((x) => typeof x === 'string');

// long: one check per key of the section, in the documented order, each naming the key in its message
export function readArgocdConfig(value: unknown, file: string): ArgocdEnvironmentConfig {
  const bad = (key: string, what: string) => new UsageError(`${file}: "argocd.${key}" must be ${what}`);
  if (!isRecord(value)) throw new UsageError(`${file}: "argocd" must be a mapping`);
  for (const key of Object.keys(value)) {
    if (!KEYS.has(key))
      throw new UsageError(`${file}: unknown key "argocd.${key}" (see schemas/config.schema.json)`);
  }
  const out: ArgocdEnvironmentConfig = {};
  if (value.namespace !== undefined) {
    if (typeof value.namespace !== 'string' || value.namespace === '')
      throw bad('namespace', 'a namespace name');
    out.namespace = value.namespace;
  }
  if (value.applicationNamespaces !== undefined) {
    if (!isStrings(value.applicationNamespaces))
      throw bad('applicationNamespaces', 'a list of namespace globs');
    out.applicationNamespaces = value.applicationNamespaces;
  }
  if (value.inClusterEnabled !== undefined) {
    if (typeof value.inClusterEnabled !== 'boolean') throw bad('inClusterEnabled', 'true or false');
    out.inClusterEnabled = value.inClusterEnabled;
  }
  if (value.clusters !== undefined) {
    if (!Array.isArray(value.clusters)) throw bad('clusters', 'a list of clusters');
    out.clusters = value.clusters.map((c, i) => readCluster(c, `clusters[${i}]`, bad));
  }
  if (value.projects !== undefined) {
    if (!isStrings(value.projects)) throw bad('projects', "a list of AppProject names (or '*')");
    out.projects = value.projects;
  }
  if (value.kustomize !== undefined) {
    const k = value.kustomize;
    if (!isRecord(k) || Object.keys(k).some((x) => x !== 'buildOptions'))
      throw bad('kustomize', 'a mapping with buildOptions');
    if (k.buildOptions !== undefined) {
      if (typeof k.buildOptions !== 'string')
        throw bad('kustomize.buildOptions', 'a string of kustomize build flags');
      out.kustomize = { buildOptions: k.buildOptions };
    }
  }
  if (value.trackingMethod !== undefined) {
    if (typeof value.trackingMethod !== 'string' || !TRACKING.includes(value.trackingMethod))
      throw bad('trackingMethod', TRACKING.join(', '));
    out.trackingMethod = value.trackingMethod;
  }
  return out;
}

function readCluster(
  c: unknown,
  key: string,
  bad: (key: string, what: string) => UsageError,
): NonNullable<ArgocdEnvironmentConfig['clusters']>[number] {
  if (!isRecord(c)) throw bad(key, 'a mapping with name and server');
  for (const k of Object.keys(c))
    if (!CLUSTER_KEYS.has(k)) throw bad(`${key}.${k}`, 'one of the documented cluster keys');
  if (typeof c.name !== 'string' || c.name === '') throw bad(`${key}.name`, 'a cluster name');
  if (typeof c.server !== 'string' || c.server === '')
    throw bad(`${key}.server`, 'the cluster API server URL');
  const out: NonNullable<ArgocdEnvironmentConfig['clusters']>[number] = { name: c.name, server: c.server };
  if (c.labels !== undefined) {
    if (!isStringMap(c.labels)) throw bad(`${key}.labels`, 'a map of strings');
    out.labels = c.labels;
  }
  if (c.annotations !== undefined) {
    if (!isStringMap(c.annotations)) throw bad(`${key}.annotations`, 'a map of strings');
    out.annotations = c.annotations;
  }
  if (c.project !== undefined) {
    if (typeof c.project !== 'string') throw bad(`${key}.project`, 'an AppProject name');
    out.project = c.project;
  }
  if (c.kubeVersion !== undefined) {
    if (typeof c.kubeVersion !== 'string' || !/^v?\d+\.\d+(\.\d+)?$/.test(c.kubeVersion))
      throw bad(`${key}.kubeVersion`, 'a Kubernetes version such as 1.33');
    out.kubeVersion = c.kubeVersion;
  }
  if (c.apiVersions !== undefined) {
    if (!isStrings(c.apiVersions)) throw bad(`${key}.apiVersions`, 'a list of group/version strings');
    out.apiVersions = c.apiVersions;
  }
  return out;
}
