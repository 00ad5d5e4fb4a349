/**
 * Schemas of custom resources from CustomResourceDefinitions (among the manifests first, then the bundled
 * catalog): structural schema → ajv schema, checked against the JSON-schema meta-schema eagerly (so a
 * broken CRD is reported even when no CR uses it), compiled lazily. Problems are `schema/invalid-crd`.
 */
import { type Finding, finding, locationOf, objectRef } from '@neuroscale/core';
import type { ValidateFunction } from 'ajv';
import { bundledCatalogKey } from './compile-cache.js';
import { convertStructuralSchema, countCelRules } from './convert-structural-schema.js';
import { type CrdVersionSource, crdVersionsFromCatalog, gvkKey } from './crd-sources.js';
import type { RefResolver } from './schema-at-path.js';
import type { KindSchema, SchemaLookup } from './schema-types.js';
import { clearWithCompiledSchemas, type ValidatorEngine } from './validator-engine.js';

/**
 * The on-disk cache key of a bundled catalog version: its identity stands for its schema (the generated
 * data's stamp is part of every cache key, so a regenerated catalog never meets old code).
 */
const catalogCacheKey = (src: CrdVersionSource): string =>
  bundledCatalogKey(src.catalogSource ?? '', gvkKey(src.group, src.version, src.kind));

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

type CheckedCrd = { schema: Record<string, unknown>; celRules: number } | string;
/** Catalog sources are process-wide objects: their conversion is kept for later calls. */
const CATALOG_CHECKED = new Map<CrdVersionSource, CheckedCrd>();
clearWithCompiledSchemas(() => CATALOG_CHECKED.clear());

const OBJECT_META_NOTE = 'metadata is checked against ObjectMeta';

/** Resolve `#/definitions/x` in the schema itself before the shared Kubernetes definitions. */
export function localFirst(root: Record<string, unknown>, fallback: RefResolver): RefResolver {
  const defs = root.definitions as Record<string, Record<string, unknown>> | undefined;
  return (ref) => {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const local = m && defs ? defs[m[1] ?? ''] : undefined;
    return local ?? fallback(ref);
  };
}

export interface CrdSchemaLookupDeps {
  engine: ValidatorEngine;
  resolveRef: RefResolver;
  /** Where schema problems are collected. */
  problems: Finding[];
  manifestCrds: Map<string, CrdVersionSource>;
  useCatalog: boolean;
}

// long: a factory whose closure (compiled-CRD cache, problems) is shared by its lookups
export function createCrdSchemaLookup(deps: CrdSchemaLookupDeps) {
  const { engine, resolveRef, problems, manifestCrds, useCatalog } = deps;
  const { cached, cachedByKey, compile } = engine;
  const getAjv = engine.ajv;
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
  const checkCrdUncached = (
    src: CrdVersionSource,
  ): { schema: Record<string, unknown>; celRules: number } | string => {
    const raw = src.schema();
    if (raw === undefined || raw === null) return 'the version has no schema.openAPIV3Schema';
    const converted = convertStructuralSchema(raw);
    // a schema compiled before (this process or cacheDir) was valid then: skip the meta-schema check
    if (cached(converted.schema)) return converted;
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
        ...(where
          ? {
              object: objectRef(where.object),
              location: locationOf(where, src.pointer ?? ''),
              path: src.pointer ?? '',
            }
          : {}),
        ...(where?.source.apps.length ? { app: where.source.apps.at(-1) } : {}),
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
    const warm = src.from === 'catalog' ? fromCatalogCache(src) : undefined;
    if (warm) return warm;
    const r = checkCrd(src);
    if (typeof r === 'string') {
      reportInvalidCrd(src, r);
      return { status: 'invalid', message: r };
    }
    let validate: ValidateFunction;
    try {
      validate = compile(r.schema, src.from === 'catalog' ? catalogCacheKey(src) : undefined);
    } catch (e) {
      const message = (e as Error).message;
      reportInvalidCrd(src, message);
      return { status: 'invalid', message };
    }
    return { status: 'found', schema: kindSchema(src, () => r.schema, r.celRules, validate) };
  };

  /**
   * A catalog version compiled before (this process or cacheDir): no conversion up front; the converted
   * schema (for messages about a document's errors) is built the first time one needs it.
   */
  const fromCatalogCache = (src: CrdVersionSource): SchemaLookup | undefined => {
    const validate = cachedByKey(catalogCacheKey(src));
    if (!validate) return undefined;
    const converted = () => {
      const r = checkCrd(src);
      return typeof r === 'string' ? {} : r.schema;
    };
    // the count needs the catalog file (large): kept in the cacheDir with the validator
    const celRules = engine.memo(
      `celRules\0${catalogCacheKey(src)}`,
      () => countCelRules(src.schema()),
      isCount,
    );
    return { status: 'found', schema: kindSchema(src, converted, celRules, validate) };
  };

  const kindSchema = (
    src: CrdVersionSource,
    converted: () => Record<string, unknown>,
    celRules: number,
    validate: ValidateFunction,
  ): KindSchema => {
    const origin =
      src.from === 'manifest-crd'
        ? `CustomResourceDefinition ${src.manifest?.object.metadata?.name ?? ''} (${src.manifest?.source.file ?? ''})`
        : `bundled catalog (${src.catalogSource ?? ''})`;
    let root: Record<string, unknown> | undefined;
    let refs: RefResolver | undefined;
    const schema: KindSchema = {
      source: src.from,
      origin: `${origin}; ${OBJECT_META_NOTE}`,
      get root() {
        root ??= converted();
        return root;
      },
      resolveRef: (ref) => {
        refs ??= localFirst(schema.root, resolveRef);
        return refs(ref);
      },
      namespaced: src.scope === 'Namespaced',
      validate,
    };
    if (celRules) schema.celRules = celRules;
    if (src.deprecated) schema.deprecated = true;
    if (src.deprecationWarning) schema.deprecationWarning = src.deprecationWarning;
    return schema;
  };

  const crdFor = (
    group: string,
    version: string,
    kind: string,
  ): CrdVersionSource | SchemaLookup | undefined => {
    const key = gvkKey(group, version, kind);
    const own = manifestCrds.get(key) ?? (useCatalog ? crdVersionsFromCatalog().get(key) : undefined);
    if (own) {
      if (!own.served) {
        return {
          status: 'unserved-version',
          message: `${kind}.${group} version ${version} is not served (served: ${servedList(group, kind)})`,
        };
      }
      return own;
    }
    // the kind exists in another version: say which ones are served
    const served = servedList(group, kind);
    if (served)
      return {
        status: 'unserved-version',
        message: `${kind}.${group} has no served version ${version} (served: ${served})`,
      };
    return undefined;
  };
  const servedList = (group: string, kind: string): string => {
    const names = new Set<string>();
    for (const map of [
      manifestCrds,
      useCatalog ? crdVersionsFromCatalog() : new Map<string, CrdVersionSource>(),
    ]) {
      for (const src of map.values())
        if (src.group === group && src.kind === kind && src.served) names.add(src.version);
    }
    return [...names].sort().join(', ');
  };

  return { crdFor, fromCrd };
}
