/**
 * Schema lookup by group/version/kind, in this order:
 *   1. the strict Kubernetes definitions of the chosen version (built-in kinds),
 *   2. CustomResourceDefinitions among the manifests,
 *   3. the bundled CRD catalog,
 *   4. user schema locations (kubeconform templates / local folders).
 * Validators compile lazily, once per kind, into one ajv instance per Kubernetes version;
 * with a cacheDir they are stored as standalone code and loaded on the next run.
 */
import { apiGroup, apiVersionOnly, type Finding, finding, locationOf, type Manifest, objectRef } from '@neuroscale/core';
import type { Ajv, ValidateFunction } from 'ajv';
import {
  DEFAULT_KUBERNETES_VERSION,
  generatedStamp,
  type KubernetesMinor,
  type KubernetesSchemaData,
  loadKubernetesSchemaData,
  normalizeKubernetesVersion,
  SUPPORTED_KUBERNETES_VERSIONS,
} from '../data/generated-data.js';
import { CompileCache, schemaKey } from './compile-cache.js';
import { convertStructuralSchema } from './convert-structural-schema.js';
import { createKubernetesAjv, definitionRef, K8S_SCHEMA_ID } from './create-ajv.js';
import { type CrdVersionSource, crdVersionsFromCatalog, crdVersionsFromManifests, gvkKey } from './crd-sources.js';
import type { RefResolver } from './schema-at-path.js';
import { findInSchemaLocations } from './schema-locations.js';

export type SchemaSource = 'kubernetes' | 'manifest-crd' | 'catalog' | 'schema-location';

export interface KindSchema {
  source: SchemaSource;
  /** Human description of where the schema came from. */
  origin: string;
  /** The schema compiled (for messages: allowed fields, expected types). */
  root: Record<string, unknown>;
  resolveRef: RefResolver;
  /** undefined when the kind's scope is not known. */
  namespaced?: boolean;
  /** CEL rules (x-kubernetes-validations) the schema has and this validator does not evaluate. */
  celRules?: number;
  deprecated?: boolean;
  deprecationWarning?: string;
  validate: ValidateFunction;
}

export type SchemaLookup =
  | { status: 'found'; schema: KindSchema }
  /** A built-in API group that has no such kind/version in this Kubernetes version. */
  | { status: 'unknown-kind'; message: string }
  /** A CRD exists for the group/kind but does not serve this version. */
  | { status: 'unserved-version'; message: string }
  /** The schema exists but could not be compiled (reported once through `findings`). */
  | { status: 'invalid'; message: string }
  | { status: 'missing' };

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

export interface SchemaRegistryStats {
  compiled: number;
  cacheHits: number;
  compileMs: number;
}

export interface SchemaRegistry {
  kubeVersion: KubernetesMinor;
  lookup(apiVersion: string, kind: string): SchemaLookup;
  /** 'Namespaced' | 'Cluster' when known from the Kubernetes data or a CRD. */
  scopeOf(apiVersion: string, kind: string): 'Namespaced' | 'Cluster' | undefined;
  /** True when the group is served by Kubernetes itself in any supported version. */
  isBuiltinGroup(group: string): boolean;
  /** Problems with the schemas themselves (invalid CRD schemas, unreadable schema files). */
  findings(): Finding[];
  stats(): SchemaRegistryStats;
}

/** Resolve `#/definitions/x` in the schema itself before the shared Kubernetes definitions. */
function localFirst(root: Record<string, unknown>, fallback: RefResolver): RefResolver {
  const defs = root.definitions as Record<string, Record<string, unknown>> | undefined;
  return (ref) => {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const local = m && defs ? defs[m[1] ?? ''] : undefined;
    return local ?? fallback(ref);
  };
}

export class UnsupportedKubernetesVersionError extends Error {}

interface Engine {
  ajv?: Ajv;
  validators: Map<string, ValidateFunction>;
}
const ENGINES = new Map<string, Engine>();
type CheckedCrd = { schema: Record<string, unknown>; celRules: number } | string;
const CATALOG_CHECKED = new Map<CrdVersionSource, CheckedCrd>();

/** Drop the compiled validators this process keeps (memory; the next lookup compiles or loads from cacheDir). */
export function clearCompiledSchemas(): void {
  ENGINES.clear();
  CATALOG_CHECKED.clear();
}

const OBJECT_META_NOTE = 'metadata is checked against ObjectMeta';

export function createSchemaRegistry(options: SchemaRegistryOptions = {}): SchemaRegistry {
  const minor = normalizeKubernetesVersion(options.kubeVersion ?? DEFAULT_KUBERNETES_VERSION);
  if (!minor) {
    throw new UnsupportedKubernetesVersionError(
      `Kubernetes version ${options.kubeVersion} is not supported; use one of ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
    );
  }
  const data = loadKubernetesSchemaData(minor);
  const cache = options.cacheDir ? new CompileCache(options.cacheDir, `${generatedStamp()}\0${minor}`) : undefined;
  // One engine per Kubernetes version and process: later validate() calls reuse compiled kinds.
  const engineKey = `${minor}\0${cache ? 'source' : 'plain'}`;
  let engine = ENGINES.get(engineKey);
  if (!engine) {
    engine = { validators: new Map() };
    ENGINES.set(engineKey, engine);
  }
  const shared = engine;
  const getAjv = () => {
    shared.ajv ??= createKubernetesAjv(data, { source: !!cache });
    return shared.ajv;
  };
  const resolveRef: RefResolver = (ref) => {
    const m = /^(?:k8s)?#\/definitions\/(.+)$/.exec(ref);
    return m ? (data.definitions[m[1] ?? ''] as Record<string, unknown> | undefined) : undefined;
  };
  const manifestCrds = crdVersionsFromManifests(options.manifests ?? []);
  const useCatalog = options.catalog !== false;
  const problems: Finding[] = [];
  const stats: SchemaRegistryStats = { compiled: 0, cacheHits: 0, compileMs: 0 };
  const results = new Map<string, SchemaLookup>();
  const scopes = new Map<string, 'Namespaced' | 'Cluster' | undefined>();

  const compile = (schema: Record<string, unknown>): ValidateFunction => {
    const started = performance.now();
    try {
      const key = schemaKey(schema);
      const known = shared.validators.get(key);
      if (known) return known;
      const hit = cache?.load(key);
      if (hit) {
        stats.cacheHits++;
        shared.validators.set(key, hit);
        return hit;
      }
      const a = getAjv();
      const fn = a.compile(schema);
      stats.compiled++;
      cache?.store(key, a, fn);
      shared.validators.set(key, fn);
      return fn;
    } finally {
      stats.compileMs += performance.now() - started;
    }
  };

  // Eager, cheap check of every CRD schema in the manifests (compilation itself stays lazy).
  const crdChecked = new Set<string>();
  const checked = new Map<CrdVersionSource, CheckedCrd>();
  const checkCrd = (src: CrdVersionSource): CheckedCrd => {
    // catalog sources are process-wide objects: their conversion is kept for later calls
    const memo = src.from === 'catalog' ? CATALOG_CHECKED : checked;
    let r = memo.get(src);
    if (r === undefined) {
      r = checkCrdUncached(src);
      memo.set(src, r);
    }
    return r;
  };
  const checkCrdUncached = (src: CrdVersionSource): { schema: Record<string, unknown>; celRules: number } | string => {
    const raw = src.schema();
    if (raw === undefined || raw === null) return 'the version has no schema.openAPIV3Schema';
    const converted = convertStructuralSchema(raw);
    const ok = getAjv().validateSchema(converted.schema);
    if (!ok) {
      const err = getAjv().errors?.[0];
      return `${err?.instancePath || '/'} ${err?.message ?? 'is not a valid schema'}`;
    }
    return converted;
  };
  const reportInvalidCrd = (src: CrdVersionSource, message: string) => {
    const key = gvkKey(src.group, src.version, src.kind);
    if (crdChecked.has(`invalid\0${key}`)) return;
    crdChecked.add(`invalid\0${key}`);
    const where = src.manifest;
    problems.push(
      finding({
        ruleId: 'schema/invalid-crd',
        message: `the schema of ${src.kind}.${src.group} ${src.version} cannot be used to validate: ${message}`,
        ...(where ? { object: objectRef(where.object), location: locationOf(where, src.pointer ?? ''), path: src.pointer ?? '' } : {}),
        ...(where?.source.apps.length ? { app: where.source.apps.join('/') } : {}),
        ...(src.catalogSource ? { details: { catalogSource: src.catalogSource } } : {}),
      }),
    );
  };
  for (const src of manifestCrds.values()) {
    if (!src.served) continue;
    const r = checkCrd(src);
    if (typeof r === 'string') reportInvalidCrd(src, r);
  }

  const fromCrd = (src: CrdVersionSource): SchemaLookup => {
    const r = checkCrd(src);
    if (typeof r === 'string') {
      reportInvalidCrd(src, r);
      return { status: 'invalid', message: r };
    }
    let validate: ValidateFunction;
    try {
      validate = compile(r.schema);
    } catch (e) {
      const message = (e as Error).message;
      reportInvalidCrd(src, message);
      return { status: 'invalid', message };
    }
    const origin =
      src.from === 'manifest-crd'
        ? `CustomResourceDefinition ${src.manifest?.object.metadata?.name ?? ''} (${src.manifest?.source.file ?? ''})`
        : `bundled catalog (${src.catalogSource ?? ''})`;
    const schema: KindSchema = {
      source: src.from,
      origin: `${origin}; ${OBJECT_META_NOTE}`,
      root: r.schema,
      resolveRef: localFirst(r.schema, resolveRef),
      namespaced: src.scope === 'Namespaced',
      validate,
    };
    if (r.celRules) schema.celRules = r.celRules;
    if (src.deprecated) schema.deprecated = true;
    if (src.deprecationWarning) schema.deprecationWarning = src.deprecationWarning;
    return { status: 'found', schema };
  };

  const crdFor = (group: string, version: string, kind: string): CrdVersionSource | SchemaLookup | undefined => {
    const key = gvkKey(group, version, kind);
    const own = manifestCrds.get(key) ?? (useCatalog ? crdVersionsFromCatalog().get(key) : undefined);
    if (own) {
      if (!own.served) {
        return { status: 'unserved-version', message: `${kind}.${group} version ${version} is not served (served: ${servedList(group, kind)})` };
      }
      return own;
    }
    // the kind exists in another version: say which ones are served
    const served = servedList(group, kind);
    if (served) return { status: 'unserved-version', message: `${kind}.${group} has no served version ${version} (served: ${served})` };
    return undefined;
  };
  const servedList = (group: string, kind: string): string => {
    const names = new Set<string>();
    for (const map of [manifestCrds, useCatalog ? crdVersionsFromCatalog() : new Map<string, CrdVersionSource>()]) {
      for (const src of map.values()) if (src.group === group && src.kind === kind && src.served) names.add(src.version);
    }
    return [...names].sort().join(', ');
  };

  const lookupUncached = (apiVersion: string, kind: string): SchemaLookup => {
    const builtin = data.kinds[apiVersion]?.[kind];
    if (builtin) {
      const root = { $ref: definitionRef(builtin.definition) };
      const schema: KindSchema = {
        source: 'kubernetes',
        origin: `Kubernetes ${minor} OpenAPI (${builtin.definition})`,
        root,
        resolveRef,
        validate: compile(root),
      };
      if (builtin.namespaced !== undefined) schema.namespaced = builtin.namespaced;
      return { status: 'found', schema };
    }
    const group = apiGroup(apiVersion);
    const version = apiVersionOnly(apiVersion);
    const crd = crdFor(group, version, kind);
    if (crd && 'from' in crd) return fromCrd(crd);
    if (options.schemaLocations?.length) {
      const located = findInSchemaLocations(options.schemaLocations, apiVersion, kind, minor, options.baseDir ?? process.cwd());
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
          problems.push(finding({ ruleId: 'schema/invalid-schema-file', message, location: { file: located.file } }));
          return { status: 'invalid', message };
        }
      }
      if (located) {
        problems.push(finding({ ruleId: 'schema/invalid-schema-file', message: located.message, location: { file: located.file } }));
        return { status: 'invalid', message: located.message };
      }
    }
    if (crd) return crd as SchemaLookup;
    if (isBuiltinGroup(group)) {
      const known = Object.entries(data.kinds)
        .filter(([av, kinds]) => apiGroup(av) === group && kind in kinds)
        .map(([av]) => av)
        .sort();
      const hint = known.length ? `; Kubernetes ${minor} serves ${kind} as ${known.join(', ')}` : '';
      return { status: 'unknown-kind', message: `Kubernetes ${minor} has no kind ${kind} in ${apiVersion}${hint}` };
    }
    return { status: 'missing' };
  };

  let builtinGroups: Set<string> | undefined;
  const isBuiltinGroup = (group: string): boolean => {
    if (!builtinGroups) {
      builtinGroups = new Set<string>(['', 'extensions']);
      for (const v of SUPPORTED_KUBERNETES_VERSIONS) {
        let d: KubernetesSchemaData;
        try {
          d = loadKubernetesSchemaData(v);
        } catch {
          continue;
        }
        for (const av of Object.keys(d.kinds)) builtinGroups.add(apiGroup(av));
      }
    }
    return builtinGroups.has(group);
  };

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
    findings: () => [...problems],
    stats: () => ({ ...stats }),
  };

  function scopeUncached(apiVersion: string, kind: string): 'Namespaced' | 'Cluster' | undefined {
    {
      const builtin = data.kinds[apiVersion]?.[kind];
      if (builtin?.namespaced !== undefined) return builtin.namespaced ? 'Namespaced' : 'Cluster';
      if (builtin) return undefined;
      const group = apiGroup(apiVersion);
      // any version of the kind tells the scope
      for (const [av, kinds] of Object.entries(data.kinds)) {
        const e = kinds[kind];
        if (apiGroup(av) === group && e?.namespaced !== undefined) return e.namespaced ? 'Namespaced' : 'Cluster';
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
}

export { K8S_SCHEMA_ID };
