/**
 * The signed YAML message of a `validate.manifests` rule, decoded as sigstore's k8s-manifest-sigstore
 * (the version pinned by kyverno v1.19.1's go.mod) decodes it:
 *
 * - pkg/k8smanifest/verify.go BlobManifestFetcher.Fetch: the `<domain>/message` annotation is standard
 *   base64 (an error when it is not), then `GzipDecompress`, which hands back its input unchanged when it
 *   is not gzip (pkg/util/gzip.go);
 * - pkg/util/image.go GetYAMLsInArtifact: the result is first read as YAML documents; when that yields
 *   none it is a .tar.gz whose regular `.yaml`/`.yml` files (names starting with `..` skipped, walked in
 *   path order) that parse as objects are the manifests;
 * - pkg/cosign/verify.go VerifyBlob: the bytes that are signed are the message after one `GzipDecompress`
 *   (so the tarball itself when the message is a gzipped .tar.gz).
 *
 * The annotation comes from the scanned tree: every decompression is capped, so a gzip bomb is an error
 * verdict naming the cap, never memory exhaustion.
 */
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { isObject } from '../jmespath/json.js';

/** Decompressed size cap for one message (and for the tarball inside it). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const MAX_TAR_ENTRIES = 1000;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class MessageTooLargeError extends Error {}

/** Go `base64.StdEncoding.DecodeString`: strict alphabet and padding (CR and LF are skipped). */
export function decodeStdBase64(text: string): Buffer | { error: string } {
  const s = text.replace(/[\r\n]/g, '');
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  const pad = s.indexOf('=');
  if (bad >= 0) return { error: `illegal base64 data at input byte ${bad}` };
  if (pad >= 0 && (pad < s.length - 2 || !/^=*$/.test(s.slice(pad)) || s.length % 4 !== 0))
    return { error: `illegal base64 data at input byte ${pad}` };
  if (s.length % 4 !== 0) return { error: `illegal base64 data at input byte ${s.length - (s.length % 4)}` };
  return Buffer.from(s, 'base64');
}

/**
 * k8s-manifest-sigstore `GzipDecompress`: the input itself when it is not (complete) gzip. Output past
 * MAX_MESSAGE_BYTES throws MessageTooLargeError instead of being inflated.
 */
export function gzipDecompressOrSelf(input: Buffer): Buffer {
  if (input.length < 2 || input[0] !== 0x1f || input[1] !== 0x8b) return input;
  try {
    return gunzipSync(input, { maxOutputLength: MAX_MESSAGE_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new MessageTooLargeError(`message is larger than ${MAX_MESSAGE_BYTES} bytes once decompressed`);
    return input;
  }
}

/**
 * What go-yaml accepts as a YAML stream: UTF-8 without control characters. Binary (a tarball, a gzip
 * stream) is rejected by go-yaml's reader, so GetYAMLsInArtifact falls through to the tar.gz branch.
 */
function asYamlText(b: Buffer): string | undefined {
  let text: string;
  try {
    text = UTF8.decode(b);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: go-yaml rejects these bytes
  if (/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/.test(text)) return undefined;
  return text;
}

/** pkg/util/yaml.go SplitConcatYAMLs: the documents up to the first that does not decode (nulls kept out). */
export function yamlDocuments(text: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1', uniqueKeys: false })) {
    if (doc.errors.length > 0) break;
    const v = doc.toJS({ maxAliasCount: 100 });
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

interface TarFile {
  name: string;
  data: Buffer;
}

function cString(b: Buffer, start: number, end: number): string {
  const slice = b.subarray(start, end);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString('utf8');
}

/** PAX `path=` record (Go archive/tar reads these into the next header). */
function paxPath(data: Buffer): string | undefined {
  for (const line of data.toString('utf8').split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** Go archive/tar as GetYAMLsInArtifact walks it: regular files and directories; other types are errors. */
function readTar(tar: Buffer): TarFile[] | { error: string } {
  const files: TarFile[] = [];
  let off = 0;
  let longName: string | undefined;
  for (let n = 0; off + 512 <= tar.length; n++) {
    if (n > MAX_TAR_ENTRIES) return { error: `more than ${MAX_TAR_ENTRIES} entries in the tarball` };
    const header = tar.subarray(off, off + 512);
    if (header.every((x) => x === 0)) break;
    const size = Number.parseInt(cString(header, 124, 136).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0 || off + 512 + size > tar.length)
      return { error: 'tarReader.Next() failed while decompressing tar gz: unexpected EOF' };
    const data = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = cString(header, 345, 500);
    let name = longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
    longName = undefined;
    if (type === 'x' || type === 'L') {
      longName = type === 'L' ? cString(data, 0, data.length) : paxPath(data);
      continue;
    }
    if (type === 'g') continue;
    if (name.startsWith('..')) continue;
    if (type === '5' || (type === '\0' && name.endsWith('/'))) continue;
    if (type !== '0' && type !== '\0')
      return { error: `faced uknown type ${type} in ${name} while decompressing tar gz` };
    name = name.replace(/^\.?\/+/, '');
    files.push({ name, data });
  }
  return files;
}

/** The manifests a message holds (pkg/util/image.go GetYAMLsInArtifact after the fetcher's decompress). */
export function manifestsInMessage(artifact: Buffer): unknown[] | { error: string } {
  const text = asYamlText(artifact);
  if (text !== undefined) {
    const docs = yamlDocuments(text);
    if (docs.length > 0) return docs;
  }
  if (artifact.length < 2 || artifact[0] !== 0x1f || artifact[1] !== 0x8b)
    return { error: 'gzip.NewReader() failed while decompressing tar gz: gzip: invalid header' };
  let tar: Buffer;
  try {
    tar = gunzipSync(artifact, { maxOutputLength: MAX_MESSAGE_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new MessageTooLargeError(`tarball is larger than ${MAX_MESSAGE_BYTES} bytes once decompressed`);
    return { error: 'tarReader.Next() failed while decompressing tar gz: unexpected EOF' };
  }
  const files = readTar(tar);
  if ('error' in files) return files;
  const docs: unknown[] = [];
  const yamlFiles = files
    .filter((f) => /\.ya?ml$/.test(f.name.slice(f.name.lastIndexOf('/') + 1)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of yamlFiles) {
    const t = asYamlText(f.data);
    if (t === undefined) continue;
    const found = yamlDocuments(t);
    // isK8sResourceYAML: a file whose first document is not a mapping is not a manifest
    if (found.length > 0 && !isObject(found[0])) continue;
    docs.push(...found);
  }
  return docs;
}
