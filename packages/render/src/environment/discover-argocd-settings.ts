/**
 * Argo CD settings declared in the tree, read the way Argo CD reads them from the cluster:
 * - `argocd-cm` (util/settings/settings.go): `kustomize.buildOptions`, `application.resourceTrackingMethod`,
 *   `cluster.inClusterEnabled` (anything but "false" keeps it), `resource.customizations.ignoreDifferences.<group_kind>`;
 *   its namespace is the control-plane namespace.
 * - `argocd-cmd-params-cm`: `application.namespaces`, comma-separated, each entry trimmed
 *   (cmd/argocd-application-controller: env.StringsFromEnv(ARGOCD_APPLICATION_NAMESPACES, ",")).
 * - cluster Secrets labelled `argocd.argoproj.io/secret-type: cluster` (util/db/cluster.go SecretToCluster):
 *   `name`, `server`, `project` from data (base64) or stringData; labels and annotations of the Secret,
 *   without `kubectl.kubernetes.io/last-applied-configuration` (applicationset/generators/cluster.go).
 * - AppProjects (argoproj.io), and the operator's `ArgoCD` resource (OpenShift GitOps): its namespace,
 *   `spec.sourceNamespaces`, `spec.kustomizeBuildOptions`.
 * The first declaration in (file, line) order wins; later ones are ignored.
 */
import { apiGroup, loadYaml } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import {
  type ArgocdCluster,
  CLUSTER_SECRET_LABEL,
  type DiscoveredSettings,
  type Setting,
  splitFields,
} from './argocd-environment.js';

export interface DeclaredObject {
  object: Record<string, unknown>;
  file: string;
  line: number;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** True for the objects discovery reads (argocd-cm, argocd-cmd-params-cm, cluster Secrets, ArgoCD); not AppProjects. */
export function declaresArgocdSettings(o: Record<string, unknown>): boolean {
  const md = isRecord(o.metadata) ? o.metadata : {};
  if (o.kind === 'ConfigMap') return md.name === 'argocd-cm' || md.name === 'argocd-cmd-params-cm';
  if (o.kind === 'Secret') return stringMap(md.labels)[CLUSTER_SECRET_LABEL] === 'cluster';
  return (
    o.kind === 'ArgoCD' &&
    apiGroup(typeof o.apiVersion === 'string' ? o.apiVersion : undefined) === 'argoproj.io'
  );
}

// long: one branch per kind Argo CD reads its settings from, each a few lines
export function discoverArgocdSettings(objects: readonly DeclaredObject[]): DiscoveredSettings {
  const out: DiscoveredSettings = { clusters: [], projects: [] };
  const sorted = [...objects].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const seenServers = new Set<string>();
  for (const d of sorted) {
    const o = d.object;
    const md = isRecord(o.metadata) ? o.metadata : {};
    const name = typeof md.name === 'string' ? md.name : '';
    const namespace = typeof md.namespace === 'string' && md.namespace ? md.namespace : undefined;
    const at = <T>(value: T): Setting<T> => ({
      value,
      origin: { source: 'tree', file: d.file, line: d.line },
    });
    const group = apiGroup(typeof o.apiVersion === 'string' ? o.apiVersion : undefined);
    if (o.kind === 'ConfigMap' && group === '' && name === 'argocd-cm') {
      if (namespace) out.namespace ??= at(namespace);
      const data = stringMap(o.data);
      if (data['kustomize.buildOptions'] !== undefined)
        out.kustomizeBuildOptions ??= at(splitFields(data['kustomize.buildOptions']));
      if (data['application.resourceTrackingMethod'] !== undefined)
        out.trackingMethod ??= at(data['application.resourceTrackingMethod'].trim());
      if (data['cluster.inClusterEnabled'] !== undefined)
        out.inClusterEnabled ??= at(data['cluster.inClusterEnabled'] !== 'false');
      const custom = ignoreDifferences(data);
      if (Object.keys(custom).length > 0) out.resourceCustomizations ??= at(custom);
    } else if (o.kind === 'ConfigMap' && group === '' && name === 'argocd-cmd-params-cm') {
      if (namespace) out.namespace ??= at(namespace);
      const raw = stringMap(o.data)['application.namespaces'];
      if (raw !== undefined)
        out.applicationNamespaces ??= at(
          raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
    } else if (
      o.kind === 'Secret' &&
      group === '' &&
      stringMap(md.labels)[CLUSTER_SECRET_LABEL] === 'cluster'
    ) {
      const cluster = clusterOfSecret(o, md, d);
      if (cluster && !seenServers.has(cluster.server)) {
        seenServers.add(cluster.server);
        out.clusters.push(cluster);
      }
    } else if (o.kind === 'AppProject' && group === 'argoproj.io' && name) {
      out.projects.push({ name, origin: { source: 'tree', file: d.file, line: d.line } });
    } else if (o.kind === 'ArgoCD' && group === 'argoproj.io') {
      const spec = isRecord(o.spec) ? o.spec : {};
      if (namespace) out.namespace ??= at(namespace);
      if (Array.isArray(spec.sourceNamespaces))
        out.applicationNamespaces ??= at(
          spec.sourceNamespaces.filter((s): s is string => typeof s === 'string'),
        );
      if (typeof spec.kustomizeBuildOptions === 'string')
        out.kustomizeBuildOptions ??= at(splitFields(spec.kustomizeBuildOptions));
    }
  }
  return out;
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Secret data as Argo CD reads it: `data` is base64, `stringData` (applied by kubectl) wins. */
function secretField(o: Record<string, unknown>, key: string): string | undefined {
  const stringData = stringMap(o.stringData);
  if (stringData[key] !== undefined) return stringData[key];
  const b64 = stringMap(o.data)[key];
  if (b64 === undefined) return undefined;
  try {
    return Buffer.from(b64, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

function clusterOfSecret(
  o: Record<string, unknown>,
  md: Record<string, unknown>,
  d: DeclaredObject,
): ArgocdCluster | undefined {
  const server = secretField(o, 'server');
  if (!server) return undefined;
  const annotations = stringMap(md.annotations);
  delete annotations[LAST_APPLIED];
  const project = secretField(o, 'project');
  return {
    // util/db/cluster.go: a Secret without `name` takes its server as the name
    name: secretField(o, 'name') || server,
    server: server.replace(/\/+$/, ''),
    labels: stringMap(md.labels),
    annotations,
    ...(project ? { project } : {}),
    origin: { source: 'tree', file: d.file, line: d.line },
  };
}

/** `resource.customizations.ignoreDifferences.<group_kind>` keys, each value parsed from its YAML text. */
function ignoreDifferences(data: Record<string, string>): Record<string, unknown> {
  const prefix = 'resource.customizations.ignoreDifferences.';
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data).sort()) {
    if (!key.startsWith(prefix)) continue;
    const parsed = loadYaml(data[key]!, { file: 'argocd-cm' });
    const value = parsed.findings.length === 0 ? parsed.documents[0]?.value : undefined;
    if (value !== undefined) out[key.slice(prefix.length)] = value;
  }
  return out;
}
