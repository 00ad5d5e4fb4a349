/**
 * The remote chart cache: content-addressed, outside the scanned repository (`<cacheDir>/remote`).
 * - An entry is one chart version: key = sha256 of (kind, repoURL, chart, resolved version); it holds the
 *   extracted files and `entry.json` with the archive digest (sha256 of the `.tgz` helm pulled, the value
 *   index.yaml's `digest` and the OCI layer digest carry) and the sha256 of every file.
 * - Every read verifies the entry: the file set and each file's hash must equal `entry.json`, no links, and
 *   the stored key must be the one looked up. Anything else is `corrupt`: the entry is moved away and refetched.
 * - Writes are atomic: an entry is built in `<cacheDir>/remote/tmp/<random>` and renamed into place; when a
 *   concurrent run renamed first, its (verified) entry is used. A reader never sees half an entry.
 * - A range (`targetRevision: ^1.2`) is resolved once and remembered (`resolved/<key>.json`), so a warm run
 *   makes no request; `prefetch` resolves again.
 * Nothing in an entry is credentials: helm's config files are never copied, and URLs are stored as written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArchiveFile } from './extract-chart-archive.js';

const FORMAT = 1;

export interface ChartEntryMeta {
  format: number;
  key: string;
  kind: 'http' | 'oci';
  repoURL: string;
  chart: string;
  version: string;
  /** `sha256:<hex>` of the chart archive. */
  digest: string;
  /** [path, sha256] of every extracted file, sorted by path. */
  files: [string, string][];
}

export type ChartEntryRead =
  | { status: 'hit'; dir: string; meta: ChartEntryMeta }
  | { status: 'miss' }
  | { status: 'corrupt'; reason: string };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function chartEntryKey(
  ref: { kind: string; repoURL: string; chart: string },
  version: string,
): string {
  return sha256(JSON.stringify(['chart', FORMAT, ref.kind, ref.repoURL, ref.chart, version]));
}

function resolutionKey(ref: { kind: string; repoURL: string; chart: string; revision: string }): string {
  return sha256(JSON.stringify(['resolved', FORMAT, ref.kind, ref.repoURL, ref.chart, ref.revision]));
}

const byPath = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Every regular file under dir (slash paths); a link or special file makes the entry corrupt. */
async function listFiles(dir: string, prefix = ''): Promise<string[] | string> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const abs = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = await lstat(abs);
    if (st.isDirectory()) {
      const sub = await listFiles(abs, rel);
      if (typeof sub === 'string') return sub;
      out.push(...sub);
    } else if (st.isFile()) out.push(rel);
    else return `${rel} is not a regular file`;
  }
  return out;
}

function parseMeta(text: string, key: string): ChartEntryMeta | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'entry.json does not parse';
  }
  const m = v as Partial<ChartEntryMeta>;
  if (typeof m !== 'object' || m === null || m.format !== FORMAT) return 'entry.json has another format';
  if (m.key !== key) return 'entry.json was written for another key';
  const strings = [m.repoURL, m.chart, m.version, m.digest];
  if (strings.some((s) => typeof s !== 'string') || (m.kind !== 'http' && m.kind !== 'oci')) {
    return 'entry.json is incomplete';
  }
  const okFiles =
    Array.isArray(m.files) &&
    m.files.every((f) => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string');
  if (!okFiles) return 'entry.json lists no files';
  return m as ChartEntryMeta;
}

export interface ChartCache {
  readonly dir: string;
  read(key: string): Promise<ChartEntryRead>;
  /** Store an entry atomically; resolves to the entry in place (ours, or a concurrent run's). */
  write(meta: Omit<ChartEntryMeta, 'format' | 'files'>, files: ArchiveFile[]): Promise<ChartEntryRead>;
  /** Move a corrupt entry away (readers see it whole or not at all). */
  discard(key: string): Promise<void>;
  readResolution(ref: {
    kind: string;
    repoURL: string;
    chart: string;
    revision: string;
  }): Promise<string | undefined>;
  writeResolution(
    ref: { kind: string; repoURL: string; chart: string; revision: string },
    version: string,
  ): Promise<void>;
}

// long: a factory whose closure (the cache folder) is shared by read, write, discard and the resolution records
export function createChartCache(root: string): ChartCache {
  const entryDir = (key: string) => join(root, 'charts', key.slice(0, 2), key);
  const tmpDir = () => join(root, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}`);

  // One render reads an entry once, however many apps use the chart: the verified result is shared (a
  // concurrent read waits for the same check), and discarding or rewriting the entry forgets it.
  const verified = new Map<string, Promise<ChartEntryRead>>();
  const read = (key: string): Promise<ChartEntryRead> => {
    const known = verified.get(key);
    if (known) return known;
    const pending = verify(key).then((r) => {
      if (r.status !== 'hit') verified.delete(key);
      return r;
    });
    verified.set(key, pending);
    return pending;
  };

  const verify = async (key: string): Promise<ChartEntryRead> => {
    const dir = entryDir(key);
    let text: string;
    try {
      text = await readFile(join(dir, 'entry.json'), 'utf8');
    } catch {
      return { status: 'miss' };
    }
    const meta = parseMeta(text, key);
    if (typeof meta === 'string') return { status: 'corrupt', reason: meta };
    let listed: string[] | string;
    try {
      listed = await listFiles(join(dir, 'files'));
    } catch {
      return { status: 'corrupt', reason: 'the files folder is missing' };
    }
    if (typeof listed === 'string') return { status: 'corrupt', reason: listed };
    const expected = meta.files.map((f) => f[0]);
    if (listed.length !== expected.length || listed.some((p, i) => p !== expected[i])) {
      return { status: 'corrupt', reason: 'the stored files differ from the ones recorded' };
    }
    for (const [path, hash] of meta.files) {
      const data = await readFile(join(dir, 'files', path));
      if (sha256(data) !== hash)
        return { status: 'corrupt', reason: `${path} does not match its recorded hash` };
    }
    return { status: 'hit', dir: join(dir, 'files'), meta };
  };

  const discard = async (key: string): Promise<void> => {
    verified.delete(key);
    const trash = tmpDir();
    try {
      await mkdir(dirname(trash), { recursive: true });
      await rename(entryDir(key), trash);
    } catch {
      // already gone (a concurrent run discarded it)
    }
    await rm(trash, { recursive: true, force: true });
  };

  const write: ChartCache['write'] = async (partial, files) => {
    const meta: ChartEntryMeta = {
      format: FORMAT,
      ...partial,
      files: files.map((f): [string, string] => [f.path, sha256(f.data)]).sort(byPath),
    };
    const tmp = tmpDir();
    try {
      await mkdir(join(tmp, 'files'), { recursive: true });
      for (const f of files) {
        const dest = join(tmp, 'files', f.path);
        await mkdir(dirname(dest), { recursive: true });
        await writeFile(dest, f.data);
      }
      await writeFile(join(tmp, 'entry.json'), `${JSON.stringify(meta)}\n`);
      verified.delete(meta.key);
      const dest = entryDir(meta.key);
      await mkdir(dirname(dest), { recursive: true });
      try {
        await rename(tmp, dest);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM') throw e;
        // a concurrent run stored this version first: use its entry when it verifies
        const theirs = await read(meta.key);
        if (theirs.status === 'hit') return theirs;
        await discard(meta.key);
        await rename(tmp, dest);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    return read(meta.key);
  };

  const resolutionFile = (ref: Parameters<ChartCache['readResolution']>[0]) =>
    join(root, 'resolved', `${resolutionKey(ref)}.json`);

  const readResolution: ChartCache['readResolution'] = async (ref) => {
    try {
      const v = JSON.parse(await readFile(resolutionFile(ref), 'utf8')) as {
        key?: unknown;
        version?: unknown;
      };
      if (v.key === resolutionKey(ref) && typeof v.version === 'string' && v.version) return v.version;
    } catch {
      // not resolved yet
    }
    return undefined;
  };

  const writeResolution: ChartCache['writeResolution'] = async (ref, version) => {
    const file = resolutionFile(ref);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(tmp, JSON.stringify({ key: resolutionKey(ref), version }));
      await rename(tmp, file);
    } catch {
      await rm(tmp, { force: true });
    }
  };

  return { dir: root, read, write, discard, readResolution, writeResolution };
}
