/**
 * Read a chart archive (`.tgz`) into memory: gunzip with a size cap, then the tar entries. Only regular files
 * are kept (as helm's loader does, helm pkg/chart/loader/archive.go: directories skipped, no links followed);
 * names are cleaned and any entry that would land outside the chart folder is refused. The archive is data from
 * the network: nothing in it is executed, and a limit hit is an error, never a crash.
 */
import { gunzipSync } from 'node:zlib';

export interface ArchiveFile {
  /** Slash-separated path inside the archive (`<chart>/templates/x.yaml`). */
  path: string;
  data: Buffer;
}

export interface ExtractLimits {
  /** Bytes after decompression. */
  maxExpandedBytes: number;
  maxFiles: number;
}

function octal(buf: Buffer, start: number, len: number): number {
  const s = buf
    .toString('latin1', start, start + len)
    .replace(/\0.*$/s, '')
    .trim();
  return s ? Number.parseInt(s, 8) : 0;
}

function cstr(buf: Buffer, start: number, len: number): string {
  const s = buf.toString('utf8', start, start + len);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** PAX extended header records `len key=value\n`; only `path` matters here. */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number.parseInt(data.toString('latin1', i, sp), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = data.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0 && rec.slice(0, eq) === 'path') path = rec.slice(eq + 1);
    i += len;
  }
  return path;
}

/** `a/./b//c` → `a/b/c`; undefined for absolute paths and `..`. */
function cleanPath(name: string): string | undefined {
  if (name.startsWith('/') || name.includes('\\')) return undefined;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return undefined;
  return parts.join('/');
}

export function extractChartArchive(
  tgz: Buffer,
  limits: ExtractLimits,
): { ok: true; files: ArchiveFile[] } | { ok: false; message: string } {
  let tar: Buffer;
  try {
    tar = gunzipSync(tgz, { maxOutputLength: limits.maxExpandedBytes });
  } catch (e) {
    const msg = (e as Error).message;
    return {
      ok: false,
      message: /maxOutputLength|buffer/i.test(msg)
        ? `the chart archive expands past the limit of ${limits.maxExpandedBytes} bytes`
        : `the chart archive is not gzip data: ${msg}`,
    };
  }
  const files: ArchiveFile[] = [];
  const seen = new Set<string>();
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const magic = header.toString('latin1', 257, 262);
    const prefix = magic === 'ustar' ? cstr(header, 345, 155) : '';
    const rawName = cstr(header, 0, 100);
    const dataStart = off + 512;
    const dataEnd = dataStart + size;
    if (!Number.isFinite(size) || size < 0 || dataEnd > tar.length) {
      return { ok: false, message: 'the chart archive is truncated' };
    }
    const data = tar.subarray(dataStart, dataEnd);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxPath(data);
      continue;
    }
    if (type === 'L') {
      longName = cstr(data, 0, data.length);
      continue;
    }
    if (type === 'g') continue;
    const name = longName ?? (prefix ? `${prefix}/${rawName}` : rawName);
    longName = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    const path = cleanPath(name);
    if (!path) return { ok: false, message: `the chart archive holds an entry outside the chart: ${name}` };
    if (seen.has(path)) continue;
    seen.add(path);
    files.push({ path, data: Buffer.from(data) });
    if (files.length > limits.maxFiles) {
      return { ok: false, message: `the chart archive holds more than ${limits.maxFiles} files` };
    }
  }
  if (files.length === 0) return { ok: false, message: 'the chart archive holds no files' };
  return { ok: true, files };
}
