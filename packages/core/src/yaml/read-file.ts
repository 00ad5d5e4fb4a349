/**
 * Reading a file of untrusted bytes: size cap, binary and encoding checks, then loadYaml.
 */
import { readFile, stat } from 'node:fs/promises';
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
}

/** Read and load a YAML/JSON file from disk within the limits. */
export async function readYamlFile(absPath: string, options: ReadYamlFileOptions): Promise<LoadYamlResult> {
  const limits = { ...DEFAULT_YAML_LIMITS, ...options.limits };
  const { file } = options;
  const info = await stat(absPath);
  if (info.size > limits.maxFileBytes) {
    return {
      documents: [],
      findings: [
        finding({
          ruleId: 'yaml/too-large',
          message: `file is ${info.size} bytes, over the ${limits.maxFileBytes}-byte limit; it was not parsed`,
          location: { file, line: 1, column: 1 },
        }),
      ],
    };
  }
  const decoded = decodeText(await readFile(absPath), file);
  if (decoded.text === undefined) return { documents: [], findings: decoded.findings };
  return loadYaml(decoded.text, { file, limits });
}
