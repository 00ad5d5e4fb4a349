/**
 * Runs the CLI's bundle (one CommonJS file) through V8's code cache, so a warm start does not parse and
 * compile the CLI again: the cache holds the compiled top level and every function the last run of the same
 * subcommand compiled (the cache is taken at exit, after the run; Node's `vm.Script#createCachedData`).
 * On Node 20 this is the only compile cache there is (module.enableCompileCache came in 22.1); it is the
 * same mechanism Node's compile cache uses, applied to one file.
 *
 * Why the key is the bundle file's identity: V8 checks a cache only against its own version and flags and
 * the source's LENGTH (v8 `SerializedCodeData::SanityCheck`), so an edit that keeps the length would run
 * stale code. The key is the file's device, inode, size, and modification and change times (what git's index
 * compares to tell a file changed; an edit, a copy or a rebuild changes the change time), plus the Node
 * version. Hashing the 1.7 MB bundle on every start would cost as much as a part of what the cache saves.
 *
 * The folder is the toolkit's cache directory, chosen from the environment only, never the scanned
 * repository: a pull request cannot ship a code cache. Any failure to read or write a cache is a run
 * without one (the CLI is only slower); a cache V8 rejects is rewritten.
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

export interface RunBundleOptions {
  /** Absolute path of the CommonJS bundle. */
  bundle: string;
  /** The folder of the code caches; without one the bundle runs uncached. */
  cacheDir?: string;
  /** What this run is (the subcommand): each keeps its own cache, with the functions it compiled. */
  tag: string;
}

/** The cache file name prefix of one tag; the rest of the name is the bundle's identity. */
const prefixOf = (tag: string) => `cli-${tag}-`;

/** A short stable name for the bundle file's identity (FNV-1a, 52 bits: a name, not a secret). */
function identityOf(bundle: string): string {
  const s = statSync(bundle, { bigint: true });
  const text = `${process.version}\0${process.arch}\0${s.dev}\0${s.ino}\0${s.size}\0${s.mtimeNs}\0${s.ctimeNs}`;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++)
    h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xfffffffffffffn;
  return h.toString(36);
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Code caches kept per tag: two installs of the CLI sharing a cache directory do not evict each other's. */
const KEPT_PER_TAG = 3;

/** Temp file + rename (concurrent runs); of the tag's caches, the newest KEPT_PER_TAG stay. */
function storeCache(cacheDir: string, tag: string, file: string, data: Buffer): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    const ofTag = readdirSync(cacheDir)
      .filter((name) => name.startsWith(prefixOf(tag)) && name.endsWith('.v8'))
      .map((name) => ({ path: join(cacheDir, name), mtime: statSync(join(cacheDir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime || (a.path < b.path ? -1 : 1));
    for (const old of ofTag.slice(KEPT_PER_TAG)) if (old.path !== file) rmSync(old.path, { force: true });
  } catch {
    /* a cache is an optimisation: the next run compiles again */
  }
}

/** The file's text; an all-ASCII file (the build makes the bundle one) is read as latin1, without decoding. */
function readText(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Runs the bundle as Node would run it as a CommonJS module, with its code cache when there is one. */
export function runBundleWithCodeCache(options: RunBundleOptions): void {
  const { bundle, cacheDir, tag } = options;
  // the wrapper Node puts around a CommonJS module (lib/internal/modules/cjs/loader.js, wrapSafe); the bundle
  // has no `#!` line (only the bin does), so its text is valid inside the function as it is
  const source = `(function (exports, require, module, __filename, __dirname) {${readText(bundle)}\n})`;
  let cacheFile: string | undefined;
  try {
    if (cacheDir !== undefined) cacheFile = join(cacheDir, `${prefixOf(tag)}${identityOf(bundle)}.v8`);
  } catch {
    cacheFile = undefined;
  }
  const cachedData = cacheFile !== undefined ? readCache(cacheFile) : undefined;
  const script = new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile !== undefined && cacheDir !== undefined && (!cachedData || script.cachedDataRejected)) {
    const file = cacheFile;
    // at exit, so the cache holds the functions this run compiled, not only the top level
    process.once('exit', () => storeCache(cacheDir, tag, file, script.createCachedData()));
  }
  const main = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  main.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}
