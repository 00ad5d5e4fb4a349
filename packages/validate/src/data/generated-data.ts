/**
 * Reading the schema data `pnpm generate` derived from the pinned upstream files (generated/, committed
 * and shipped in the npm package):
 * one strict definitions document per Kubernetes minor and the bundled CRD catalog.
 * Files are read once per process and cached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_KUBERNETES_VERSION,
  type KubernetesMinor,
  normalizeKubernetesVersion,
  SUPPORTED_KUBERNETES_VERSIONS,
} from '@neuroscale/core';

// the supported versions live in core; validate's public API keeps offering them
export {
  DEFAULT_KUBERNETES_VERSION,
  type KubernetesMinor,
  normalizeKubernetesVersion,
  SUPPORTED_KUBERNETES_VERSIONS,
};

export interface KindEntry {
  /** Name of the definition in `definitions` (e.g. io.k8s.api.apps.v1.Deployment). */
  definition: string;
  /** From the API paths; absent for kinds that have no REST collection (List kinds, subresources). */
  namespaced?: boolean;
}

export interface KubernetesSchemaData {
  minor: string;
  source: { path: string; sha256: string; url: string };
  /** apiVersion → kind → entry. */
  kinds: Record<string, Record<string, KindEntry>>;
  definitions: Record<string, unknown>;
}

export interface CatalogVersion {
  name: string;
  served: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: Record<string, unknown>;
  celRules?: number;
}

export interface CatalogCrd {
  name: string;
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  versions: CatalogVersion[];
  source: string;
}

export interface CatalogIndexEntry {
  group: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  versions: { name: string; served: boolean; deprecated?: boolean; deprecationWarning?: string }[];
  file: string;
  source: string;
}

export interface CatalogIndex {
  sources: { path: string; sha256: string; url: string }[];
  crds: CatalogIndexEntry[];
}

let generatedDirCache: string | null | undefined;

/**
 * The package's generated/ folder: next to dist/ once built, next to src/ when tests run the sources; from the
 * CLI's bundle (which inlines this file) the folder of the installed @neuroscale/validate, found by package name.
 */
export function generatedDir(): string | undefined {
  if (generatedDirCache !== undefined) return generatedDirCache ?? undefined;
  generatedDirCache =
    generatedDirAbove(dirname(fileURLToPath(import.meta.url))) ?? generatedDirOfPackage() ?? null;
  return generatedDirCache ?? undefined;
}

function generatedDirAbove(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 3; i++) {
    const candidate = join(dir, 'generated');
    if (existsSync(join(candidate, 'stamp.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function generatedDirOfPackage(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('@neuroscale/validate/package.json');
    const candidate = join(dirname(pkg), 'generated');
    return existsSync(join(candidate, 'stamp.json')) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

export class MissingGeneratedDataError extends Error {
  constructor(what: string) {
    super(
      `@neuroscale/validate: the generated schema data (${what}) is missing; the package is incomplete (a checkout regenerates it with \`pnpm generate\`, NEUROSCALE_SHARED pointing at the shared upstream data)`,
    );
  }
}

const k8sCache = new Map<string, KubernetesSchemaData>();

export function loadKubernetesSchemaData(minor: KubernetesMinor): KubernetesSchemaData {
  const hit = k8sCache.get(minor);
  if (hit) return hit;
  const dir = generatedDir();
  const file = dir && join(dir, 'kubernetes', `v${minor}.json`);
  if (!file || !existsSync(file)) throw new MissingGeneratedDataError(`kubernetes/v${minor}.json`);
  const data = parseKubernetesSchemaData(readFileSync(file, 'utf8'));
  k8sCache.set(minor, data);
  return data;
}

const DEFINITIONS_KEY = ',"definitions":';

/**
 * The generator writes `{"minor","source","kinds","definitions"}` in that order (scripts/generate-schemas.mjs).
 * `kinds` (a few KB) is all a run needs until it compiles a validator or describes a schema error, so
 * `definitions` (most of the file) is parsed on first use. Any other layout is parsed whole.
 */
export function parseKubernetesSchemaData(text: string): KubernetesSchemaData {
  const at = text.indexOf(DEFINITIONS_KEY);
  if (at > 0 && text.endsWith('}')) {
    try {
      const head = JSON.parse(`${text.slice(0, at)}}`) as Omit<KubernetesSchemaData, 'definitions'>;
      if (typeof head.kinds === 'object' && head.kinds !== null && typeof head.minor === 'string') {
        const whole = () => JSON.parse(text) as KubernetesSchemaData;
        let definitions: Record<string, unknown> | undefined;
        return Object.defineProperty(head, 'definitions', {
          enumerable: true,
          get: () => {
            // the tail is the definitions object when the layout is the generator's; otherwise parse it whole
            definitions ??= tailObject(text.slice(at + DEFINITIONS_KEY.length, -1)) ?? whole().definitions;
            return definitions;
          },
        }) as KubernetesSchemaData;
      }
    } catch {
      /* not the generator's layout: parsed whole below */
    }
  }
  return JSON.parse(text) as KubernetesSchemaData;
}

function tailObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

let catalogIndexCache: CatalogIndex | undefined;
const catalogCrdCache = new Map<string, CatalogCrd>();

export function loadCatalogIndex(): CatalogIndex {
  if (catalogIndexCache) return catalogIndexCache;
  const dir = generatedDir();
  const file = dir && join(dir, 'crd-catalog', 'index.json');
  if (!file || !existsSync(file)) throw new MissingGeneratedDataError('crd-catalog/index.json');
  catalogIndexCache = JSON.parse(readFileSync(file, 'utf8')) as CatalogIndex;
  return catalogIndexCache;
}

export function loadCatalogCrd(entry: CatalogIndexEntry): CatalogCrd {
  const hit = catalogCrdCache.get(entry.file);
  if (hit) return hit;
  const dir = generatedDir();
  if (!dir) throw new MissingGeneratedDataError(`crd-catalog/${entry.file}`);
  const crd = JSON.parse(readFileSync(join(dir, 'crd-catalog', entry.file), 'utf8')) as CatalogCrd;
  catalogCrdCache.set(entry.file, crd);
  return crd;
}

/** Hash of the generated inputs (from stamp.json): part of every compiled-schema cache key. */
export function generatedStamp(): string {
  const dir = generatedDir();
  if (!dir) return 'none';
  return readFileSync(join(dir, 'stamp.json'), 'utf8');
}

/**
 * Per bundled Kubernetes minor (oldest first), the kinds each apiVersion serves: all the deprecated-API check
 * needs from the OpenAPI data. Computing it reads every version's file; the schema registry keeps the result in
 * the cache dir (engine memo), so a warm run reads one small file instead.
 */
export type ServedApis = { minor: string; kinds: Record<string, string[]> }[];

export function servedApisOfBundledVersions(): ServedApis {
  const out: ServedApis = [];
  for (const minor of SUPPORTED_KUBERNETES_VERSIONS) {
    let data: KubernetesSchemaData;
    try {
      data = loadKubernetesSchemaData(minor);
    } catch {
      continue; // a version missing from generated/ just is not compared
    }
    const kinds: Record<string, string[]> = {};
    for (const [apiVersion, byKind] of Object.entries(data.kinds))
      kinds[apiVersion] = Object.keys(byKind).sort();
    out.push({ minor, kinds });
  }
  return out;
}

export const isServedApis = (v: unknown): v is ServedApis =>
  Array.isArray(v) &&
  v.every(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as { minor?: unknown }).minor === 'string' &&
      typeof (e as { kinds?: unknown }).kinds === 'object' &&
      (e as { kinds?: unknown }).kinds !== null &&
      Object.values((e as { kinds: object }).kinds).every(
        (ks) => Array.isArray(ks) && ks.every((k) => typeof k === 'string'),
      ),
  );
