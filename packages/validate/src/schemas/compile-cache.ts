/**
 * Compiled validators cached on disk as ajv standalone code, keyed by a hash of everything that
 * shapes the code (this package's version, ajv version, generated data stamp, Kubernetes minor, the schema
 * compiled). A warm run loads the code instead of generating it. A broken or stale entry is a miss and is
 * rewritten. The folder is the toolkit's cache directory (core resolveCacheDir), never the scanned repository:
 * the entries are loaded as code, so only the user may write them. Writes are temp + rename (concurrent runs).
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { Ajv, ValidateFunction } from 'ajv';

// ajv's standalone code generator, loaded when a validator is first stored (a warm run never needs it).
// CJS module with both `module.exports = fn` and `exports.default = fn`; take whichever is there.
const standaloneCode = (ajv: Ajv, fn: ValidateFunction): string => {
  const m = requireFromHere('ajv/dist/standalone/index.js') as { default?: unknown };
  return ((m.default ?? m) as (ajv: Ajv, fn: ValidateFunction) => string)(ajv, fn);
};

// this package's own version, inlined by the build (a JSON import): the same from src/, dist/ and the CLI's bundle
import ownPackage from '../../package.json' with { type: 'json' };
import { KUBERNETES_FORMATS } from './kubernetes-formats.js';

/** Module id the generated code uses to reach the custom formats (see createKubernetesAjv). */
export const FORMATS_MODULE_ID = 'neuroscale:kubernetes-formats';

const requireFromHere = createRequire(import.meta.url);
const shimRequire = (id: string): unknown =>
  id === FORMATS_MODULE_ID ? KUBERNETES_FORMATS : requireFromHere(id);

let ajvVersion: string | undefined;
function getAjvVersion(): string {
  if (ajvVersion === undefined) {
    try {
      // ajv by package name at run time: the CLI's bundle leaves it external, so the version is the one installed
      ajvVersion = `${(requireFromHere('ajv/package.json') as { version: string }).version}\0${ownPackage.version}`;
    } catch {
      ajvVersion = `unknown\0${ownPackage.version}`;
    }
  }
  return ajvVersion;
}

// node:crypto is loaded by the first content hash, not with this module: a warm run over built-in kinds only
// (one small file) keys everything by name below and never loads it (its load is several ms of start-up)
const sha256 = () => process.getBuiltinModule('node:crypto').createHash('sha256');

/** Content hash of a schema (the in-memory and on-disk cache key): any schema, from the scanned tree too. */
const keys = new WeakMap<object, string>();
export function schemaKey(schema: object): string {
  let key = keys.get(schema);
  if (!key) {
    key = sha256().update(JSON.stringify(schema)).digest('hex');
    keys.set(schema, key);
  }
  return key;
}

const OWN_KEY_PREFIX = 'kubernetes-definition:';
// a definition name of the shipped data, usable in a file name as it is (io.k8s.api.apps.v1.Deployment)
const MEMO_PREFIX = 'memo\0';
const OWN_NAME = /^[A-Za-z0-9._-]{1,160}$/;
const CATALOG_PREFIX = 'bundled-catalog:';

/**
 * The cache key of a built-in kind's schema, by the definition's name in this package's generated data: the
 * data is shipped with this package and its stamp is in the cache's salt, so the name names one schema.
 * Never for a schema from the scanned tree (CRDs, schema locations): those are keyed by content (schemaKey).
 */
export function kubernetesDefinitionKey(definition: string): string {
  return `${OWN_KEY_PREFIX}${definition}`;
}

/**
 * The cache key of a version of this package's bundled CRD catalog, by its source and group/version/kind:
 * shipped data like a built-in kind (the stamp in the salt covers it), so named, not hashed by content.
 */
export function bundledCatalogKey(source: string, gvk: string): string {
  return `${CATALOG_PREFIX}${source}\0${gvk}`;
}

/**
 * cyrb53 (a 53-bit string hash, not cryptographic): used only over this package's own values (the ajv and
 * package versions, the generated data stamp, the Kubernetes minor, a bundled catalog version's name), never
 * over input, to tell versions apart.
 */
function ownValuesHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The file name of a key that names this package's own data (a built-in kind, a bundled catalog version, a
 * memo: memo names are this package's own strings, never input), or undefined for a schema keyed by content.
 * No content hash for these, so a warm run over them never loads node:crypto.
 */
function ownFileName(key: string): string | undefined {
  if (key.startsWith(OWN_KEY_PREFIX)) {
    const name = `k8s-${key.slice(OWN_KEY_PREFIX.length)}`;
    return OWN_NAME.test(name) ? name : undefined;
  }
  if (key.startsWith(MEMO_PREFIX)) {
    const name = `memo-${key.slice(MEMO_PREFIX.length)}`;
    return OWN_NAME.test(name) ? name : `memo-${ownValuesHash(key)}`;
  }
  if (key.startsWith(CATALOG_PREFIX)) return `catalog-${ownValuesHash(key)}`;
  return undefined;
}

export interface CompileCacheStats {
  hits: number;
  misses: number;
  writes: number;
}

export class CompileCache {
  readonly dir: string;
  readonly stats: CompileCacheStats = { hits: 0, misses: 0, writes: 0 };
  private ownSuffix: string | undefined;
  constructor(
    cacheDir: string,
    private readonly salt: string,
  ) {
    this.dir = join(cacheDir, 'validate-compiled');
  }

  load(schemaHash: string): ValidateFunction | undefined {
    return this.loadFile(this.fileKey(schemaHash));
  }

  private fileKey(schemaHash: string): string {
    const own = ownFileName(schemaHash);
    if (own !== undefined) {
      // the salt holds the data stamp (kilobytes): hashed once per cache, not per lookup
      this.ownSuffix ??= ownValuesHash(`${getAjvVersion()}\0${this.salt}`);
      return `${own}-${this.ownSuffix}`;
    }
    return sha256()
      .update(getAjvVersion())
      .update('\0')
      .update(this.salt)
      .update('\0')
      .update(schemaHash)
      .digest('hex')
      .slice(0, 40);
  }

  private loadFile(key: string): ValidateFunction | undefined {
    let code: string;
    try {
      // ajv's output is ASCII but for the odd pattern: read as latin1 then, without decoding UTF-8 (hundreds of
      // kilobytes for a Deployment's validator)
      const bytes = readFileSync(join(this.dir, `${key}.cjs`));
      code = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    } catch {
      this.stats.misses++;
      return undefined;
    }
    try {
      const mod: { exports: unknown } = { exports: {} };
      // The code is ajv's own output, written by this class into the cache folder; V8's code cache for it
      // (also written here, `.v8`) saves parsing it again. V8 rejects a code cache that does not match the
      // source or this V8 (cachedDataRejected): then the source compiles as usual and the cache is rewritten.
      const codeCacheFile = join(this.dir, `${key}.v8`);
      const cachedData = readOptional(codeCacheFile);
      const script = new Script(`(function (require, module, exports) {${code}\n})`, {
        filename: `${key}.cjs`,
        ...(cachedData ? { cachedData } : {}),
      });
      (script.runInThisContext() as (r: unknown, m: unknown, e: unknown) => void)(
        shimRequire,
        mod,
        mod.exports,
      );
      const fn = mod.exports as ValidateFunction;
      if (typeof fn !== 'function') throw new Error('not a function');
      this.stats.hits++;
      // after the current synchronous pass, so the functions the validation compiled lazily are in it
      if (!cachedData || script.cachedDataRejected)
        setImmediate(() => writeAtomic(codeCacheFile, () => script.createCachedData()));
      return fn;
    } catch {
      this.stats.misses++;
      return undefined;
    }
  }

  /**
   * A small derived figure (JSON) kept next to the validators, under the same salt: computed once, then read.
   * A file that does not hold what `check` expects is recomputed and rewritten.
   */
  memo<T>(name: string, compute: () => T, check: (v: unknown) => v is T): T {
    const file = join(this.dir, `${this.fileKey(`${MEMO_PREFIX}${name}`)}.json`);
    const text = readOptional(file)?.toString('utf8');
    if (text !== undefined) {
      try {
        const v: unknown = JSON.parse(text);
        if (check(v)) return v;
      } catch {
        /* recomputed below */
      }
    }
    const v = compute();
    try {
      mkdirSync(this.dir, { recursive: true });
      writeAtomic(file, () => JSON.stringify(v));
    } catch {
      /* caching is best effort */
    }
    return v;
  }

  store(schemaHash: string, ajv: Ajv, fn: ValidateFunction): void {
    const key = this.fileKey(schemaHash);
    try {
      const code = standaloneCode(ajv, fn);
      mkdirSync(this.dir, { recursive: true });
      if (writeAtomic(join(this.dir, `${key}.cjs`), () => code)) this.stats.writes++;
    } catch {
      /* caching is best effort */
    }
  }
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Temp file + rename (concurrent runs and threads never see half a file); best effort, false on failure. */
function writeAtomic(file: string, data: () => string | Buffer): boolean {
  // worker_threads is loaded by the first write, not with this module (a warm run writes nothing)
  const { threadId } = process.getBuiltinModule('node:worker_threads');
  const tmp = `${file}.${process.pid}.${threadId}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, data());
    renameSync(tmp, file);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
