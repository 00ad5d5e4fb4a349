/**
 * The patches of a kustomize build, read for locating output fields: strategic-merge patches
 * (`patchesStrategicMerge`, and `patches` whose content is a mapping) and JSON6902 patches (`patchesJson6902`,
 * and `patches` whose content is a list of ops), from patch files or inline in the kustomization. Each patch
 * document can map a pointer inside itself to a file line — for inline patches, a line of the kustomization's
 * block scalar (when the text there is the patch text, line for line; else the entry's own line).
 */
import { posix } from 'node:path';
import { loadYaml, type Position, type YamlDocument } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { type PatchSelector, toSelector } from './kustomize-patch-target.js';

export interface Located {
  file: string;
  line: number;
  column: number;
}

/** A kustomization as the locator reads it: its entries, and where each entry is written. */
export interface LayerView {
  /** File the entries are written in (a kustomization, or the Application for Argo CD's overrides). */
  file: string;
  /** Folder that relative paths in the entries are resolved against, repo-relative. */
  dirRel: string;
  /** Raw text of a file the entries are written in, to locate lines inside inline patches. */
  textOf?: (file: string) => string | undefined;
  value: Record<string, unknown>;
  /** Pointer inside `value` → position in `file`. */
  locate: (pointer: string) => { line: number; column: number; file?: string } | undefined;
}

export interface PatchDoc {
  kind: 'smp' | 'json6902';
  /** SMP: the patch object; JSON6902: the list of ops. */
  value: unknown;
  /** Explicit target; an SMP patch without one applies to the object of its own kind and name. */
  target?: PatchSelector;
  /** Pointer inside the patch document → file position. */
  at: (docPointer: string) => Located | undefined;
}

/** Read a repo-relative file of the build, or undefined. */
export type ReadBuildFile = (rel: string) => string | undefined;

export function layerAt(layer: LayerView, pointer: string): Located | undefined {
  const p = layer.locate(pointer);
  return p ? { file: p.file ?? layer.file, line: p.line, column: p.column } : undefined;
}

/** All patch documents of the build, in the order kustomize applies them. */
export function collectPatches(layers: readonly LayerView[], readFile: ReadBuildFile): PatchDoc[] {
  const out: PatchDoc[] = [];
  for (const layer of layers) {
    const k = layer.value;
    const list = (f: string) => (Array.isArray(k[f]) ? (k[f] as unknown[]) : []);
    list('patchesStrategicMerge').forEach((entry, i) => {
      if (typeof entry !== 'string') return;
      const inline = entry.includes('\n') || /^\s*(apiVersion|kind):/m.test(entry);
      const docs = inline
        ? inlineDocs(layer, `/patchesStrategicMerge/${i}`, entry)
        : fileDocs(layer, entry, readFile);
      for (const d of docs) if (isRecord(d.value)) out.push({ kind: 'smp', value: d.value, at: d.at });
    });
    for (const field of ['patches', 'patchesJson6902'] as const) {
      list(field).forEach((entry, i) => {
        if (!isRecord(entry)) return;
        const docs =
          typeof entry.patch === 'string'
            ? inlineDocs(layer, `/${field}/${i}/patch`, entry.patch)
            : typeof entry.path === 'string'
              ? fileDocs(layer, entry.path, readFile)
              : [];
        const target = toSelector(entry.target);
        const first = docs.find((d) => d.value !== null && d.value !== undefined);
        if (field === 'patchesJson6902' || Array.isArray(first?.value)) {
          if (first && Array.isArray(first.value) && target)
            out.push({ kind: 'json6902', value: first.value, target, at: first.at });
          return;
        }
        for (const d of docs)
          if (isRecord(d.value))
            out.push({ kind: 'smp', value: d.value, ...(target ? { target } : {}), at: d.at });
      });
    }
  }
  return out;
}

interface LocatedDoc {
  value: unknown;
  at: (docPointer: string) => Located | undefined;
}

function fileDocs(layer: LayerView, path: string, readFile: ReadBuildFile): LocatedDoc[] {
  const rel = posix.normalize(posix.join(layer.dirRel || '.', path)).replace(/^\.\//, '');
  const text = readFile(rel);
  if (text === undefined) return [];
  return loadYaml(text, { file: rel }).documents.map((d) => ({
    value: d.value,
    at: (p: string) => withFile(d.locate(p), rel),
  }));
}

function withFile(p: Position | undefined, file: string): Located | undefined {
  return p ? { file, line: p.line, column: p.column } : undefined;
}

function inlineDocs(layer: LayerView, entryPointer: string, patchText: string): LocatedDoc[] {
  const entry = layerAt(layer, entryPointer);
  if (!entry) return [];
  const shift = blockScalarShift(layer.textOf?.(entry.file), entry.line, patchText);
  const docs: YamlDocument[] = loadYaml(patchText, { file: entry.file }).documents;
  return docs.map((d) => ({
    value: d.value,
    at: (p: string) => {
      if (!shift) return entry;
      const pos = d.locate(p);
      return pos
        ? { file: entry.file, line: entry.line + pos.line, column: pos.column + shift.indent }
        : entry;
    },
  }));
}

/**
 * When `patchText` is written as a block scalar starting on the line after `keyLine` (`patch: |`), the
 * indentation of its lines in the file; undefined when the file text there is not the patch text.
 */
function blockScalarShift(
  fileText: string | undefined,
  keyLine: number,
  patchText: string,
): { indent: number } | undefined {
  if (fileText === undefined) return undefined;
  const fileLines = fileText.split('\n').map((l) => l.replace(/\r$/, ''));
  const patchLines = patchText.replace(/\n$/, '').split('\n');
  let indent: number | undefined;
  for (let i = 0; i < patchLines.length; i++) {
    const want = patchLines[i]!;
    if (want.trim() === '') continue;
    const got = fileLines[keyLine + i];
    if (got === undefined) return undefined;
    indent ??= got.length - want.length;
    if (indent < 0 || got !== ' '.repeat(indent) + want) return undefined;
  }
  return indent === undefined ? undefined : { indent };
}
