/**
 * Compiling validators: one ajv instance per Kubernetes version and process (the strict definitions
 * document is added once; each kind compiles lazily as `{ $ref }` into it), an in-memory map of compiled
 * validators shared by every registry of that version, and the optional on-disk standalone-code cache.
 */
import type { KubernetesMinor } from '@neuroscale/core';
import type { Ajv, ValidateFunction } from 'ajv';
import { generatedStamp, type KubernetesSchemaData } from '../data/generated-data.js';
import { CompileCache, schemaKey } from './compile-cache.js';
import { createKubernetesAjv } from './create-ajv.js';

export interface CompileStats {
  /** Validators compiled by ajv in this registry. */
  compiled: number;
  /** Validators loaded from the cacheDir. */
  cacheHits: number;
  /** Time spent compiling and loading validators. */
  compileMs: number;
}

interface Engine {
  ajv?: Ajv;
  validators: Map<string, ValidateFunction>;
}

const ENGINES = new Map<string, Engine>();
const onClear: (() => void)[] = [];

/** Drop the compiled validators this process keeps (memory; the next lookup compiles or loads from cacheDir). */
export function clearCompiledSchemas(): void {
  ENGINES.clear();
  for (const fn of onClear) fn();
}

/** Register process-wide memos that depend on compiled schemas (cleared with them). */
export function clearWithCompiledSchemas(fn: () => void): void {
  onClear.push(fn);
}

export interface ValidatorEngine {
  /** A validator compiled before (this process or cacheDir), without compiling. */
  cached(schema: Record<string, unknown>): ValidateFunction | undefined;
  /**
   * The validator stored under a caller's key (a bundled catalog version: its identity stands for its
   * schema, so a warm run needs no conversion), without compiling.
   */
  cachedByKey(key: string): ValidateFunction | undefined;
  /** Compile (or reuse) a validator, stored under `key` (default: the schema's content hash); throws when ajv cannot compile the schema. */
  compile(schema: Record<string, unknown>, key?: string): ValidateFunction;
  ajv(): Ajv;
  /** A derived figure kept in the cacheDir (computed every time without one); see CompileCache.memo. */
  memo<T>(name: string, compute: () => T, check: (v: unknown) => v is T): T;
  stats: CompileStats;
}

export function createValidatorEngine(
  data: KubernetesSchemaData,
  minor: KubernetesMinor,
  cacheDir: string | undefined,
): ValidatorEngine {
  const cache = cacheDir ? new CompileCache(cacheDir, `${generatedStamp()}\0${minor}`) : undefined;
  const engineKey = `${minor}\0${cache ? 'source' : 'plain'}`;
  let shared = ENGINES.get(engineKey);
  if (!shared) {
    shared = { validators: new Map() };
    ENGINES.set(engineKey, shared);
  }
  const engine = shared;
  const stats: CompileStats = { compiled: 0, cacheHits: 0, compileMs: 0 };
  const ajv = () => {
    engine.ajv ??= createKubernetesAjv(data, { source: !!cache });
    return engine.ajv;
  };
  const cached = (schema: Record<string, unknown>): ValidateFunction | undefined =>
    cachedByKey(schemaKey(schema));
  const cachedByKey = (key: string): ValidateFunction | undefined => {
    const known = engine.validators.get(key);
    if (known) return known;
    const started = performance.now();
    const hit = cache?.load(key);
    stats.compileMs += performance.now() - started;
    if (hit) {
      stats.cacheHits++;
      engine.validators.set(key, hit);
    }
    return hit;
  };
  const compile = (schema: Record<string, unknown>, key = schemaKey(schema)): ValidateFunction => {
    const hit = cachedByKey(key);
    if (hit) return hit;
    const started = performance.now();
    try {
      const a = ajv();
      const fn = a.compile(schema);
      stats.compiled++;
      cache?.store(key, a, fn);
      engine.validators.set(key, fn);
      return fn;
    } finally {
      stats.compileMs += performance.now() - started;
    }
  };
  const memo = <T>(name: string, compute: () => T, check: (v: unknown) => v is T): T =>
    cache ? cache.memo(name, compute, check) : compute();
  return { cached, cachedByKey, compile, ajv, memo, stats };
}
