import { JmesPathError } from '../jmespath/ast.js';
import type { Budget } from '../jmespath/interpreter.js';
import { isObject } from '../jmespath/json.js';
import { searchJmesPath } from '../jmespath/search.js';
import type { ApiCallResponse, K8sObject } from '../types.js';
import { findApiCallMock } from './api-call-mocks.js';
import { apiCallNamespaceViolation } from './api-call-policy-namespace.js';
import type { JsonContext } from './context.js';
import { fakeClusterGet } from './fake-cluster-api.js';
import { SubstitutionError, substituteAll } from './substitute.js';

export class ContextLoadError extends Error {}

/**
 * A mocked apiCall answered with a non-2xx status: the CLI's context loader returns this error as it is,
 * before any `default` of the entry is considered (kyverno v1.19.1 store/contextloader.go).
 */
class MockStatusError extends ContextLoadError {}

/** A namespaced Policy's apiCall outside its namespace: refused before the call, `default` unused. */
class ApiCallNamespaceError extends ContextLoadError {}

/** What the context loader knows of the policy whose entries it loads. */
export interface ContextLoaderScope {
  /**
   * `metadata.namespace` of a namespaced Policy (kyverno v1.19.1 pkg/engine/factories/
   * contextloaderfactory.go: `policy.GetNamespace()` when `policy.IsNamespaced()`); unset otherwise.
   */
  policyNamespace?: string;
}

/** Offline stand-ins for cluster data (from the Test file). */
export interface OfflineData {
  clusterResources?: K8sObject[];
  apiCallResponses?: ApiCallResponse[];
  globalContextEntries?: Array<{ name: string; data?: unknown }>;
  /** The objects of the Test's fake cluster that `apiCall` urlPaths read (see fake-cluster-api.ts). */
  clusterApiObjects?: readonly K8sObject[];
}

type Loaded = { value: unknown } | { skip: true };

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** configMap / apiCall / globalReference entries from offline data; `skip` when no data was given. */
function loadOffline(
  entry: Record<string, unknown>,
  ctx: JsonContext,
  budget: Budget,
  isDelete: boolean,
  offline: OfflineData,
  scope: ContextLoaderScope,
): Loaded {
  const opts = { budget, isDelete };
  const withJmes = (value: unknown, spec: Record<string, unknown>): unknown =>
    typeof spec.jmesPath === 'string' && spec.jmesPath.trim() !== ''
      ? searchJmesPath(str(substituteAll(spec.jmesPath, ctx, opts)), value, budget)
      : value;
  if (isObject(entry.configMap)) {
    if (!offline.clusterResources) return { skip: true };
    const cm = substituteAll(entry.configMap, ctx, opts) as Record<string, unknown>;
    const name = str(cm.name);
    const namespace = str(cm.namespace) || 'default';
    const found = offline.clusterResources.find(
      (o) =>
        o.kind === 'ConfigMap' &&
        o.metadata?.name === name &&
        (o.metadata?.namespace || 'default') === namespace,
    );
    if (!found) throw new ContextLoadError(`configmaps "${name}" not found in namespace ${namespace}`);
    return { value: found };
  }
  if (isObject(entry.apiCall)) {
    if (!offline.apiCallResponses && !offline.clusterApiObjects) return { skip: true };
    const call = substituteAll(entry.apiCall, ctx, opts) as Record<string, unknown>;
    // kyverno v1.19.1 cmd/cli/kubectl-kyverno/store/contextloader.go (wrapper.Load): the service URL when
    // a service is given, else the urlPath; the method defaults to GET
    const url = isObject(call.service) ? str(call.service.url) : str(call.urlPath);
    const method = (str(call.method) || 'GET').toUpperCase();
    const mock = offline.apiCallResponses
      ? findApiCallMock(offline.apiCallResponses, method, url)
      : undefined;
    if (!mock) {
      const urlPath = str(call.urlPath);
      // not mocked, the call goes to kyverno's own loader (store/contextloader.go: the inner Load), which
      // has a client only when the Test has a fake cluster; it confines a namespaced Policy to its
      // namespace before calling anything, a service call included (its empty urlPath cleans to ".")
      if (offline.clusterApiObjects) {
        const refused = apiCallNamespaceViolation(urlPath, scope.policyNamespace);
        if (refused) throw new ApiCallNamespaceError(`failed to fetch data for APICall: ${refused}`);
      }
      // a Kubernetes API path goes to the Test's fake cluster (a service URL would need the network)
      if (!isObject(call.service) && urlPath && offline.clusterApiObjects)
        return { value: withJmes(fakeClusterGet(urlPath, method, offline.clusterApiObjects), entry.apiCall) };
      return { skip: true };
    }
    if (mock.statusCode < 200 || mock.statusCode >= 300)
      throw new MockStatusError(
        `HTTP ${mock.statusCode} from apiCall mock for context entry "${str(entry.name)}" (v1 apiCall treats non-2xx as failure)`,
      );
    return { value: withJmes(mock.body, entry.apiCall) };
  }
  if (isObject(entry.globalReference)) {
    const g = entry.globalReference;
    // `name` is `entry` or `entry.projection`, variables substituted first (kyverno v1.19.1
    // pkg/engine/context/loaders/globalcontext.go loadGctxData: strings.Split(rc.Name, "."))
    const [entryName = '', projection = ''] = str(substituteAll(g.name, ctx, opts)).split('.');
    const data = offline.globalContextEntries?.find((e) => e.name === entryName);
    if (!data) return { skip: true };
    return { value: withJmes(projectionOf(data.data ?? null, projection), g) };
  }
  return { skip: true };
}

/**
 * One projection of a global context entry, as the CLI's mocked store answers it (kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/store/mock.go mockEntry.Get): the whole value without a projection, else
 * that key of the value, an error when the value is not an object or lacks the key.
 */
function projectionOf(value: unknown, projection: string): unknown {
  if (projection === '') return value;
  if (!isObject(value))
    throw new Error(`global context mock: projection "${projection}" requested but value is not an object`);
  if (!Object.hasOwn(value, projection))
    throw new Error(`global context mock: projection "${projection}" not found`);
  return value[projection];
}

/**
 * Loads rule/foreach `context:` entries offline. `variable` entries are evaluated; `apiCall`,
 * `configMap`, `imageRegistry` and `globalReference` cannot be loaded without a cluster, so their
 * names stay as the values file left them (undefined unless provided ⇒ referencing them errors).
 */
export function loadContextEntries(
  entries: unknown[],
  ctx: JsonContext,
  budget: Budget,
  isDelete: boolean,
  offline: OfflineData = {},
  scope: ContextLoaderScope = {},
): JsonContext {
  let out = ctx;
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.name !== 'string') continue;
    const name = entry.name;
    if (!isObject(entry.variable)) {
      let loaded: Loaded;
      try {
        loaded = loadOffline(entry, out, budget, isDelete, offline, scope);
      } catch (e) {
        if (e instanceof JmesPathError && e.kind === 'budget') throw e;
        if (e instanceof MockStatusError || e instanceof ApiCallNamespaceError) throw e;
        const dflt = isObject(entry.apiCall)
          ? entry.apiCall.default
          : isObject(entry.globalReference)
            ? entry.globalReference.default
            : undefined;
        if (dflt === undefined)
          throw new ContextLoadError(`failed to load context entry ${name}: ${(e as Error).message}`);
        loaded = { value: substituteAll(dflt, out, { budget, isDelete }) };
      }
      if ('value' in loaded) out = out.withMerged(name, loaded.value);
      continue;
    }
    const v = entry.variable;
    const opts = { budget, isDelete };
    let value: unknown;
    let error: Error | undefined;
    try {
      const path = typeof v.jmesPath === 'string' ? substituteAll(v.jmesPath, out, opts) : undefined;
      // a jmesPath whose substitution is not a string (a `{{ }}` that yields a list) is an error before
      // any default (kyverno v1.19.1 pkg/engine/context/loaders/variable.go: loadVariable; Go prints
      // the nil error as <nil>)
      if (path !== undefined && typeof path !== 'string')
        throw new ContextLoadError(`jmespath value must be a string ${name} ${str(v.jmesPath)}: <nil>`);
      if (v.value !== undefined) {
        const base = substituteAll(v.value, out, opts);
        value = path ? searchJmesPath(path, base, budget) : base;
      } else if (path) {
        value = out.query(path, budget);
      } else {
        value = null;
      }
    } catch (e) {
      if (e instanceof JmesPathError && e.kind === 'budget') throw e;
      if (!(e instanceof JmesPathError) && !(e instanceof SubstitutionError)) throw e;
      error = e;
    }
    if ((value === null || value === undefined || error) && v.default !== undefined) {
      try {
        value = substituteAll(v.default, out, { budget, isDelete });
        error = undefined;
      } catch (e) {
        error = e as Error;
      }
    }
    if (error) throw new ContextLoadError(`failed to load context entry ${name}: ${error.message}`);
    if (value === null || value === undefined)
      throw new ContextLoadError(`failed to load context entry ${name}: variable ${name} evaluated to nil`);
    // a variable entry replaces what the name held (pkg/engine/context/loaders/variable.go:
    // ReplaceContextEntry); the other loaders merge (AddContextEntry)
    out = out.with(name, value);
  }
  return out;
}
