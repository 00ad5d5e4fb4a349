/**
 * Schema lookup by group/version/kind, in this order:
 *   1. the strict Kubernetes definitions of the chosen version (built-in kinds),
 *   2. CustomResourceDefinitions among the manifests,
 *   3. the bundled CRD catalog,
 *   4. user schema locations (kubeconform templates / local folders).
 * Validators compile lazily, once per kind (see validator-engine.ts).
 */
import {
  apiGroup,
  apiVersionOnly,
  DEFAULT_KUBERNETES_VERSION,
  type Finding,
  finding,
  type KubernetesMinor,
  type Manifest,
  normalizeKubernetesVersion,
  SUPPORTED_KUBERNETES_VERSIONS,
} from '@neuroscale/core';
import {
  isServedApis,
  type KubernetesSchemaData,
  loadKubernetesSchemaData,
  type ServedApis,
  servedApisOfBundledVersions,
} from '../data/generated-data.js';
import { kubernetesDefinitionKey } from './compile-cache.js';
import { createCrdSchemaLookup, localFirst } from './crd-schema-lookup.js';
import { crdVersionsFromCatalog, crdVersionsFromManifests, gvkKey } from './crd-sources.js';
import { definitionRef, K8S_SCHEMA_ID } from './create-ajv.js';
import { closest } from './describe-path.js';
import type { RefResolver } from './schema-at-path.js';
import { findInSchemaLocations } from './schema-locations.js';
import type { KindSchema, SchemaLookup } from './schema-types.js';
import { type CompileStats, createValidatorEngine, type ValidatorEngine } from './validator-engine.js';

export type { KindSchema, SchemaLookup, SchemaSource } from './schema-types.js';
export { clearCompiledSchemas } from './validator-engine.js';

export interface SchemaRegistryOptions {
  /** '1.30'…'1.35' (default '1.33'); patch versions and a leading `v` are accepted. */
  kubeVersion?: string;
  /** Manifests whose CustomResourceDefinitions provide CR schemas (non-CRD manifests are ignored). */
  manifests?: readonly Manifest[];
  /** kubeconform-style schema locations, tried after the bundled catalog. */
  schemaLocations?: readonly string[];
  /** Folder relative schema locations resolve against (default: the process cwd). */
  baseDir?: string;
  /** Use the bundled CRD catalog (default true). */
  catalog?: boolean;
  /** Folder for compiled validators (ajv standalone code); no caching when absent. */
  cacheDir?: string;
}

export type SchemaRegistryStats = CompileStats;

export interface SchemaRegistry {
  kubeVersion: KubernetesMinor;
  lookup(apiVersion: string, kind: string): SchemaLookup;
  /** 'Namespaced' | 'Cluster' when known from the Kubernetes data or a CRD. */
  scopeOf(apiVersion: string, kind: string): 'Namespaced' | 'Cluster' | undefined;
  /** True when the group is served by Kubernetes itself in any supported version. */
  isBuiltinGroup(group: string): boolean;
  /** The kinds each bundled Kubernetes version serves (the deprecated-API check), kept in the cache dir. */
  servedApis(): ServedApis;
  /** Problems with the schemas themselves (invalid CRD schemas, unreadable schema files). */
  findings(): Finding[];
  stats(): SchemaRegistryStats;
}

export class UnsupportedKubernetesVersionError extends Error {}

export function createSchemaRegistry(options: SchemaRegistryOptions = {}): SchemaRegistry {
  const minor = normalizeKubernetesVersion(options.kubeVersion ?? DEFAULT_KUBERNETES_VERSION);
  if (!minor) {
    throw new UnsupportedKubernetesVersionError(
      `Kubernetes version ${options.kubeVersion} is not supported; use one of ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
    );
  }
  const data = loadKubernetesSchemaData(minor);
  // One engine per Kubernetes version and process: later validate() calls reuse compiled kinds.
  const engine = createValidatorEngine(data, minor, options.cacheDir);
  const resolveRef: RefResolver = (ref) => {
    const m = /^(?:k8s)?#\/definitions\/(.+)$/.exec(ref);
    return m ? (data.definitions[m[1] ?? ''] as Record<string, unknown> | undefined) : undefined;
  };
  const manifestCrds = crdVersionsFromManifests(options.manifests ?? []);
  const useCatalog = options.catalog !== false;
  const problems: Finding[] = remoteLocationFindings(options.schemaLocations ?? []);
  const results = new Map<string, SchemaLookup>();
  const scopes = new Map<string, 'Namespaced' | 'Cluster' | undefined>();

  const crds = createCrdSchemaLookup({
    engine,
    resolveRef,
    problems,
    manifestCrds,
    useCatalog,
  });

  const ctx: RegistryContext = {
    options,
    minor,
    data,
    compile: engine.compile,
    resolveRef,
    problems,
    manifestCrds,
    useCatalog,
    crds,
    isBuiltinGroup: createBuiltinGroupTest(engine),
  };
  const { isBuiltinGroup } = ctx;
  const lookupUncached = (apiVersion: string, kind: string) => lookupSchema(ctx, apiVersion, kind);
  const scopeUncached = (apiVersion: string, kind: string) => scopeOfKind(ctx, apiVersion, kind);
  let served: ServedApis | undefined;

  return {
    kubeVersion: minor,
    lookup(apiVersion, kind) {
      const key = `${apiVersion}\u0000${kind}`;
      let r = results.get(key);
      if (!r) {
        r = lookupUncached(apiVersion, kind);
        results.set(key, r);
      }
      return r;
    },
    scopeOf(apiVersion, kind) {
      const key = `${apiVersion}\u0000${kind}`;
      if (scopes.has(key)) return scopes.get(key);
      const scope = scopeUncached(apiVersion, kind);
      scopes.set(key, scope);
      return scope;
    },
    isBuiltinGroup,
    servedApis: () => {
      served ??= engine.memo('served-apis', servedApisOfBundledVersions, isServedApis);
      return served;
    },
    findings: () => [...problems],
    stats: () => ({ ...engine.stats }),
  };
}

/** What the lookups of one registry share. */
interface RegistryContext {
  options: SchemaRegistryOptions;
  minor: KubernetesMinor;
  data: KubernetesSchemaData;
  compile: ReturnType<typeof createValidatorEngine>['compile'];
  resolveRef: RefResolver;
  /** Problems with the schemas themselves, collected as lookups meet them. */
  problems: Finding[];
  manifestCrds: ReturnType<typeof crdVersionsFromManifests>;
  useCatalog: boolean;
  crds: ReturnType<typeof createCrdSchemaLookup>;
  isBuiltinGroup: (group: string) => boolean;
}

function remoteLocationFindings(schemaLocations: readonly string[]): Finding[] {
  const problems: Finding[] = [];
  for (const location of schemaLocations) {
    if (/^https?:\/\//.test(location)) {
      problems.push(
        finding({
          ruleId: 'schema/remote-location-skipped',
          severity: 'info',
          message: `schema location ${location} is not fetched: validation runs offline (CRDs among the manifests, the bundled catalog and local schema locations are used)`,
        }),
      );
    }
  }
  return problems;
}

/** The lookup order of the top of this file: built-in kind, CRD among the manifests or catalog, schema locations. */
function lookupSchema(ctx: RegistryContext, apiVersion: string, kind: string): SchemaLookup {
  const { options, minor, data, compile, resolveRef } = ctx;
  const { crdFor, fromCrd } = ctx.crds;
  const builtin = data.kinds[apiVersion]?.[kind];
  if (builtin) {
    const root = { $ref: definitionRef(builtin.definition) };
    const schema: KindSchema = {
      source: 'kubernetes',
      origin: `Kubernetes ${minor} OpenAPI (${builtin.definition})`,
      root,
      resolveRef,
      // keyed by the definition's name, not a content hash of `root` (no node:crypto on a warm small run)
      validate: compile(root, kubernetesDefinitionKey(builtin.definition)),
    };
    if (builtin.namespaced !== undefined) schema.namespaced = builtin.namespaced;
    return { status: 'found', schema };
  }
  const group = apiGroup(apiVersion);
  const version = apiVersionOnly(apiVersion);
  const crd = crdFor(group, version, kind);
  if (crd && 'from' in crd) return fromCrd(crd);
  if (options.schemaLocations?.length) {
    const located = lookupInSchemaLocations(ctx, apiVersion, kind);
    if (located) return located;
  }
  if (crd) return crd as SchemaLookup;
  return notFound(ctx, group, apiVersion, kind);
}

/** A user schema location's schema for the kind: found, or invalid (with a finding); undefined when absent. */
function lookupInSchemaLocations(
  ctx: RegistryContext,
  apiVersion: string,
  kind: string,
): SchemaLookup | undefined {
  const { options, minor, compile, problems } = ctx;
  const schemaLocations = options.schemaLocations ?? [];
  const located = findInSchemaLocations(
    schemaLocations,
    apiVersion,
    kind,
    minor,
    options.baseDir ?? process.cwd(),
  );
  if (located && 'schema' in located) {
    const { $schema: _ignored, ...schemaBody } = located.schema;
    try {
      return {
        status: 'found',
        schema: {
          source: 'schema-location',
          origin: located.file,
          root: schemaBody,
          resolveRef: localFirst(schemaBody, () => undefined),
          validate: compile(schemaBody),
        },
      };
    } catch (e) {
      const message = `schema file ${located.file} does not compile: ${(e as Error).message}`;
      problems.push(
        finding({ ruleId: 'schema/invalid-schema-file', message, location: { file: located.file } }),
      );
      return { status: 'invalid', message };
    }
  }
  if (located) {
    problems.push(
      finding({
        ruleId: 'schema/invalid-schema-file',
        message: located.message,
        location: { file: located.file },
      }),
    );
    return { status: 'invalid', message: located.message };
  }
  return undefined;
}

/** No schema: an unknown built-in kind (with the versions that serve it), or a missing CRD (with near kinds). */
function notFound(ctx: RegistryContext, group: string, apiVersion: string, kind: string): SchemaLookup {
  const { minor, data, manifestCrds, useCatalog, isBuiltinGroup } = ctx;
  if (isBuiltinGroup(group)) {
    const known = Object.entries(data.kinds)
      .filter(([av, kinds]) => apiGroup(av) === group && kind in kinds)
      .map(([av]) => av)
      .sort();
    const near = closest(kind, Object.keys(data.kinds[apiVersion] ?? {}));
    const hint = known.length
      ? `; Kubernetes ${minor} serves ${kind} as ${known.join(', ')}`
      : near.length
        ? `; did you mean ${near.join(' or ')}?`
        : '';
    return {
      status: 'unknown-kind',
      message: `Kubernetes ${minor} has no kind ${kind} in ${apiVersion}${hint}`,
    };
  }
  // a group whose CRDs are known but not this kind: most likely a typo
  const groupKinds = new Set<string>();
  for (const map of [manifestCrds, useCatalog ? crdVersionsFromCatalog() : undefined]) {
    if (map) for (const src of map.values()) if (src.group === group) groupKinds.add(src.kind);
  }
  const near = closest(kind, [...groupKinds]);
  return near.length
    ? { status: 'missing', hint: `the known kinds of ${group} include ${near.join(', ')}` }
    : { status: 'missing' };
}

/**
 * True when the group is served by Kubernetes itself in any supported version (computed on first use, from
 * every version's data; the list is kept in the cacheDir, so a later run reads no other version's data).
 */
function createBuiltinGroupTest(engine: Pick<ValidatorEngine, 'memo'>): (group: string) => boolean {
  let builtinGroups: Set<string> | undefined;
  const isBuiltinGroup = (group: string): boolean => {
    builtinGroups ??= new Set(engine.memo('builtin-groups', allBuiltinGroups, isStringList));
    return builtinGroups.has(group);
  };
  return isBuiltinGroup;
}

function allBuiltinGroups(): string[] {
  const groups = new Set<string>(['', 'extensions']);
  for (const v of SUPPORTED_KUBERNETES_VERSIONS) {
    let d: KubernetesSchemaData;
    try {
      d = loadKubernetesSchemaData(v);
    } catch {
      continue;
    }
    for (const av of Object.keys(d.kinds)) groups.add(apiGroup(av));
  }
  return [...groups].sort();
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function scopeOfKind(
  ctx: RegistryContext,
  apiVersion: string,
  kind: string,
): 'Namespaced' | 'Cluster' | undefined {
  const { data, manifestCrds, useCatalog } = ctx;
  {
    const builtin = data.kinds[apiVersion]?.[kind];
    if (builtin?.namespaced !== undefined) return builtin.namespaced ? 'Namespaced' : 'Cluster';
    if (builtin) return undefined;
    const group = apiGroup(apiVersion);
    // any version of the kind tells the scope
    for (const [av, kinds] of Object.entries(data.kinds)) {
      const e = kinds[kind];
      if (apiGroup(av) === group && e?.namespaced !== undefined)
        return e.namespaced ? 'Namespaced' : 'Cluster';
    }
    const key = gvkKey(group, apiVersionOnly(apiVersion), kind);
    const src = manifestCrds.get(key) ?? (useCatalog ? crdVersionsFromCatalog().get(key) : undefined);
    if (src) return src.scope;
    for (const map of [manifestCrds, useCatalog ? crdVersionsFromCatalog() : undefined]) {
      if (!map) continue;
      for (const s of map.values()) if (s.group === group && s.kind === kind) return s.scope;
    }
    return undefined;
  }
}

export { K8S_SCHEMA_ID };
