/**
 * Split helm / kustomize output into objects (kube.SplitYAML semantics: empty and null documents are skipped,
 * a document without kind fails the whole source) and keep each document's `# Source: <chart>/<template>` header.
 */
import type { Finding, K8sObject } from '@neuroscale/core';
import { loadYaml, splitYamlDocuments } from '@neuroscale/core';
import { isRecord } from '../render-context.js';

export interface ToolDocument {
  object: K8sObject;
  /** `# Source:` path as helm printed it (helm only). */
  sourcePath?: string;
  index: number;
  line: number;
}

export interface ParsedToolOutput {
  documents: ToolDocument[];
  /** Documents that are not objects with a kind; Argo fails the app on them. */
  problems: { index: number; message: string; sourcePath?: string }[];
  findings: Finding[];
}

const SOURCE_RE = /^# Source: (.+?)\s*$/m;

export function parseToolOutput(text: string, label: string): ParsedToolOutput {
  const chunks = splitYamlDocuments(text);
  const sourceByIndex = new Map<number, string>();
  for (const c of chunks) {
    const m = SOURCE_RE.exec(c.text);
    if (m) sourceByIndex.set(c.index, m[1]!);
  }
  const loaded = loadYaml(text, { file: label, limits: { maxDocuments: 100_000 } });
  const out: ParsedToolOutput = { documents: [], problems: [], findings: loaded.findings };
  for (const d of loaded.documents) {
    const sourcePath = sourceByIndex.get(d.index);
    if (!isRecord(d.value) || typeof d.value.kind !== 'string' || d.value.kind === '') {
      out.problems.push({
        index: d.index,
        message: isRecord(d.value) ? "Object 'Kind' is missing" : 'document is not an object',
        ...(sourcePath ? { sourcePath } : {}),
      });
      continue;
    }
    const doc: ToolDocument = { object: d.value as K8sObject, index: d.index, line: d.line };
    if (sourcePath) doc.sourcePath = sourcePath;
    out.documents.push(doc);
  }
  return out;
}
