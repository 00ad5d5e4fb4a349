/**
 * An `apiCall` `urlPath` answered by the fake cluster `kyverno test` builds when a Test has
 * `clusterResources` (kyverno v1.19.1 cmd/cli/kubectl-kyverno/commands/test/test.go: `cl.DClient(allObjects)`
 * holds the Test's resources, targets, params and the ClusterResource objects, and `AllowApiCall` is set).
 * The raw path is parsed as kyverno v1.19.1 pkg/clients/dclient/client.go `rawAbsPathForFakeClient`
 * does: GET only; `/api/<v>[/namespaces/<ns>]/<resource>[/<name>]` or
 * `/apis/<group>/<v>[/namespaces/<ns>]/<resource>[/<name>]`; a name gets the object, no name lists them.
 * The fake dynamic client files every object under the resource name client-go guesses from its kind
 * (`meta.UnsafeGuessKindToResource`), so that is the name a path must use to find it.
 */
import { isPlainRecord } from '@neuroscale/core';
import type { K8sObject } from '../types.js';

/** client-go apimachinery meta.UnsafeGuessKindToResource (plural form). */
export function guessResourceOfKind(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular === '' || singular.endsWith('endpoints')) return singular;
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/** kyverno v1.19.1 pkg/clients/dclient/fake.go inferKindFromResourceName (a resource no object names). */
function inferKindFromResourceName(resource: string): string {
  let kind = resource;
  if (kind.endsWith('ies')) kind = `${kind.slice(0, -3)}y`;
  else if (kind.endsWith('es')) kind = kind.slice(0, -2);
  else if (kind.endsWith('s')) kind = kind.slice(0, -1);
  return kind.length > 0 ? kind[0]!.toUpperCase() + kind.slice(1) : kind;
}

interface ParsedPath {
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
}

function parsePath(path: string): ParsedPath | undefined {
  const parts = path.split('/');
  let group = '';
  let version = '';
  let rest: string[];
  if (parts.length >= 2 && parts[0] === 'api') {
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts.length >= 3 && parts[0] === 'apis') {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;
  let namespace = '';
  if (rest.length >= 2 && rest[0] === 'namespaces') {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  if (resource === '') return undefined;
  return { group, version, namespace, resource, name: rest[1] ?? '' };
}

function apiVersionOf(o: K8sObject): string {
  return typeof o.apiVersion === 'string' ? o.apiVersion : '';
}

function kindOf(o: K8sObject): string {
  return typeof o.kind === 'string' ? o.kind : '';
}

function namespaceOf(o: K8sObject): string {
  const ns = o.metadata?.namespace;
  return typeof ns === 'string' ? ns : '';
}

/**
 * The kind a CustomResourceDefinition of the fake cluster serves at the path's group, storage version and
 * plural (the fake client registers CRDs at their storage version only: ext/cluster/fake.go DClient).
 */
function crdKindOf(objects: readonly K8sObject[], p: ParsedPath): string | undefined {
  for (const o of objects) {
    if (kindOf(o) !== 'CustomResourceDefinition' || !isPlainRecord(o.spec)) continue;
    const spec = o.spec;
    const names = isPlainRecord(spec.names) ? spec.names : {};
    if (spec.group !== p.group || names.plural !== p.resource || typeof names.kind !== 'string') continue;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    if (versions.some((v) => isPlainRecord(v) && v.storage === true && v.name === p.version))
      return names.kind;
  }
  return undefined;
}

/**
 * The JSON the fake cluster answers for a GET of `urlPath`; throws with kyverno's message (as the
 * apiCall executor wraps it) when the path cannot be served.
 */
export function fakeClusterGet(urlPath: string, method: string, objects: readonly K8sObject[]): unknown {
  const fail = (reason: string): never => {
    throw new Error(`failed to ${method} resource with raw url: ${urlPath}: ${reason}`);
  };
  if (method !== 'GET') fail(`method ${method} not supported for fake client`);
  const path = urlPath.startsWith('/') ? urlPath.slice(1) : urlPath;
  const parsed = parsePath(path);
  if (!parsed) return fail(`failed to parse path: ${path}`);
  const apiVersion = parsed.group ? `${parsed.group}/${parsed.version}` : parsed.version;
  const ofResource = objects.filter(
    (o) => apiVersionOf(o) === apiVersion && guessResourceOfKind(kindOf(o)) === parsed.resource,
  );
  const kind =
    ofResource.length > 0
      ? kindOf(ofResource[0]!)
      : (crdKindOf(objects, parsed) ?? inferKindFromResourceName(parsed.resource));
  const groupResource = parsed.group ? `${parsed.resource}.${parsed.group}` : parsed.resource;
  if (parsed.name === '') {
    // the fake dynamic client cannot list a resource it was given no object of (client-go panics)
    if (ofResource.length === 0 && crdKindOf(objects, parsed) === undefined)
      return fail(
        `failed to list resources ${apiVersion}/${kind}: no object of resource ${groupResource} in the Test's cluster`,
      );
    const items = ofResource.filter((o) => parsed.namespace === '' || namespaceOf(o) === parsed.namespace);
    return { apiVersion, kind: `${kind}List`, metadata: { resourceVersion: '' }, items };
  }
  const found = ofResource.find(
    (o) => namespaceOf(o) === parsed.namespace && o.metadata?.name === parsed.name,
  );
  if (!found)
    return fail(
      `failed to get resource ${apiVersion}/${kind}/${parsed.name}: ${groupResource} "${parsed.name}" not found`,
    );
  return found;
}
