/**
 * Reading a file of untrusted bytes: size cap, binary and encoding checks, then loadYaml.
 */
import { close, constants, fstat, open, read, type Stats } from 'node:fs';
import { type Finding, finding } from '../model/finding.js';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from './limits.js';
import { type LoadYamlResult, loadYaml } from './load-documents.js';

export interface DecodeResult {
  text?: string;
  findings: Finding[];
}

/** Decode bytes as UTF-8 text, refusing binary data and invalid UTF-8 with a located finding. */
export function decodeText(bytes: Uint8Array, file: string): DecodeResult {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    return {
      findings: [
        finding({
          ruleId: 'yaml/binary',
          message: 'file holds binary data (NUL bytes); it was not parsed',
          location: { file, line: 1, column: 1 },
        }),
      ],
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), findings: [] };
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const bad = loose.indexOf('\uFFFD');
    const before = loose.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    return {
      findings: [
        finding({
          ruleId: 'yaml/encoding',
          message: 'file is not valid UTF-8 (Kubernetes manifests must be UTF-8); it was not parsed',
          location: { file, line, column },
        }),
      ],
    };
  }
}

export interface ReadYamlFileOptions {
  /** File name used in findings (repo-relative). */
  file: string;
  limits?: Partial<YamlLimits>;
  /** Also return the decoded text (to rebuild the documents' locators elsewhere: locateYamlDocuments). */
  keepText?: boolean;
}

export interface ReadYamlFileResult extends LoadYamlResult {
  /** The decoded text, with `keepText` and when the file was loaded. */
  text?: string;
}

// node:fs's callback API in promises, not node:fs/promises: loading that module is several milliseconds of
// the start-up of a run over one small file, and these four calls are all this module needs
const openFile = (path: string, flags: number) =>
  new Promise<number>((done, fail) => open(path, flags, (e, fd) => (e ? fail(e) : done(fd))));
const statFile = (fd: number) =>
  new Promise<Stats>((done, fail) => fstat(fd, (e, stats) => (e ? fail(e) : done(stats))));
const readInto = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((done, fail) =>
    read(fd, buffer, offset, length, position, (e, bytesRead) => (e ? fail(e) : done(bytesRead))),
  );
const closeFile = (fd: number) => new Promise<void>((done) => close(fd, () => done()));

/** Read and load a YAML/JSON file from disk within the limits. */
export async function readYamlFile(
  absPath: string,
  options: ReadYamlFileOptions,
): Promise<ReadYamlFileResult> {
  const limits = { ...DEFAULT_YAML_LIMITS, ...options.limits };
  const { file } = options;
  const refused = (ruleId: string, message: string): LoadYamlResult => ({
    documents: [],
    findings: [finding({ ruleId, message, location: { file, line: 1, column: 1 } })],
  });
  // One open file: the checks and the read see the same file (no swap between stat and read), and the read
  // itself is bounded, so a file that grows after the check, or a device, cannot feed us more than the cap.
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer that never comes (no effect on files)
  const fd = await openFile(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await statFile(fd);
    if (!info.isFile()) {
      // /dev/zero, a FIFO or a socket would never end (or block forever)
      return refused('yaml/not-a-file', 'not a regular file (a device, FIFO or socket); it was not read');
    }
    if (info.size > limits.maxFileBytes) {
      return refused(
        'yaml/too-large',
        `file is ${info.size} bytes, over the ${limits.maxFileBytes}-byte limit; it was not parsed`,
      );
    }
    const buffer = Buffer.alloc(Math.min(info.size, limits.maxFileBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = await readInto(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > info.size) {
      // only a file written to while we read it gets here: parsing a prefix of it would be a silent skip
      return refused(
        'yaml/too-large',
        `file grew while it was read (it was ${info.size} bytes when checked); it was not parsed`,
      );
    }
    const decoded = decodeText(buffer.subarray(0, length), file);
    if (decoded.text === undefined) return { documents: [], findings: decoded.findings };
    const loaded = loadYaml(decoded.text, { file, limits });
    return options.keepText ? { ...loaded, text: decoded.text } : loaded;
  } finally {
    await closeFile(fd);
  }
}
