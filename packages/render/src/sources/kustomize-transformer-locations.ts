/**
 * Output fields that kustomization entries (not patches) set: `images`, `replicas`, `commonLabels`/`labels`,
 * `commonAnnotations`, `namespace`, and the objects `configMapGenerator`/`secretGenerator` make. A field is
 * attributed to an entry only when the output value is the one the entry sets.
 */
import { posix } from 'node:path';
import { escapePointerSegment } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { type LayerView, type Located, layerAt, type ReadBuildFile } from './kustomize-patches.js';

const entries = (k: Record<string, unknown>, field: string): unknown[] =>
  Array.isArray(k[field]) ? (k[field] as unknown[]) : [];

/** `registry/repo:tag@digest` → parts (the tag is after the last `:` past the last `/`). */
export function splitImage(ref: string): { repo: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/'))
    return { repo: rest.slice(0, colon), tag: rest.slice(colon + 1), ...(digest ? { digest } : {}) };
  return { repo: rest, ...(digest ? { digest } : {}) };
}

function imageEntryMatches(e: Record<string, unknown>, image: string): boolean {
  if (typeof e.name !== 'string') return false;
  const has = (f: string) => e[f] !== undefined && e[f] !== null && e[f] !== '';
  if (!has('newName') && !has('newTag') && !has('digest')) return false;
  const out = splitImage(image);
  if (out.repo !== (has('newName') ? String(e.newName) : e.name)) return false;
  if (has('newTag') && out.tag !== String(e.newTag)) return false;
  if (has('digest') && out.digest !== String(e.digest)) return false;
  return true;
}

const LABEL_PARENTS = new Set(['labels', 'matchLabels', 'selector']);

/** The kustomization entry (outermost layer first) that set the output value at `segs`, if any. */
export function locateByTransformer(
  layersOuterFirst: readonly LayerView[],
  segs: readonly string[],
  outValue: unknown,
  names: readonly string[],
): Located | undefined {
  const last = segs.at(-1) ?? '';
  const parent = segs.at(-2) ?? '';
  const isOut = (v: unknown) => v !== undefined && v !== null && String(v) === String(outValue);
  for (const layer of layersOuterFirst) {
    const k = layer.value;
    if (last === 'image' && typeof outValue === 'string') {
      const i = entries(k, 'images').findIndex((e) => isRecord(e) && imageEntryMatches(e, outValue));
      if (i >= 0) return layerAt(layer, `/images/${i}`);
    }
    if (segs.length === 2 && segs[0] === 'spec' && last === 'replicas') {
      const i = entries(k, 'replicas').findIndex(
        (e) => isRecord(e) && typeof e.name === 'string' && names.includes(e.name) && isOut(e.count),
      );
      if (i >= 0) return layerAt(layer, `/replicas/${i}`);
    }
    if (segs.length >= 2 && LABEL_PARENTS.has(parent) && typeof outValue === 'string') {
      if (isRecord(k.commonLabels) && isOut(k.commonLabels[last]))
        return layerAt(layer, `/commonLabels/${escapePointerSegment(last)}`);
      const i = entries(k, 'labels').findIndex(
        (e) => isRecord(e) && isRecord(e.pairs) && Object.hasOwn(e.pairs, last) && isOut(e.pairs[last]),
      );
      if (i >= 0) return layerAt(layer, `/labels/${i}/pairs/${escapePointerSegment(last)}`);
    }
    if (segs.length >= 2 && parent === 'annotations' && isRecord(k.commonAnnotations)) {
      if (isOut(k.commonAnnotations[last]))
        return layerAt(layer, `/commonAnnotations/${escapePointerSegment(last)}`);
    }
    if (segs.length === 2 && segs[0] === 'metadata' && last === 'namespace' && isOut(k.namespace))
      return layerAt(layer, '/namespace');
  }
  return undefined;
}

export interface GeneratorHit {
  layer: LayerView;
  pointer: string;
  entry: Record<string, unknown>;
}

/** kustomize's name hash suffix alphabet (api/hasher: `encode`). */
const HASH_SUFFIX = /-[bcdfghjklmnpqrstvwxz2456789]{10}$/;

/** The configMapGenerator/secretGenerator entry (outermost layer first) that made a ConfigMap/Secret. */
export function findGenerator(
  layersOuterFirst: readonly LayerView[],
  kind: unknown,
  names: readonly string[],
): GeneratorHit | undefined {
  const field =
    kind === 'ConfigMap' ? 'configMapGenerator' : kind === 'Secret' ? 'secretGenerator' : undefined;
  if (!field) return undefined;
  const wanted = new Set(names.flatMap((n) => [n, n.replace(HASH_SUFFIX, '')]));
  for (const layer of layersOuterFirst) {
    const list = entries(layer.value, field);
    const i = list.findIndex((e) => isRecord(e) && typeof e.name === 'string' && wanted.has(e.name));
    if (i >= 0) return { layer, pointer: `/${field}/${i}`, entry: list[i] as Record<string, unknown> };
  }
  return undefined;
}

/** A generated object's field: its `literals`/`files` item, its line in an `envs` file, else the entry. */
export function locateInGenerator(
  hit: GeneratorHit,
  segs: readonly string[],
  readFile: ReadBuildFile,
): Located | undefined {
  const entry = hit.entry;
  const whole = layerAt(hit.layer, hit.pointer);
  if (segs.length < 2 || !['data', 'binaryData', 'stringData'].includes(segs[0]!)) return whole;
  const key = segs[1]!;
  const strs = (f: string) => entries(entry, f).map((x) => (typeof x === 'string' ? x : ''));
  const lit = strs('literals').findIndex((l) => l.slice(0, l.indexOf('=')).trim() === key);
  if (lit >= 0) return layerAt(hit.layer, `${hit.pointer}/literals/${lit}`) ?? whole;
  const file = strs('files').findIndex((f) =>
    f.includes('=') ? f.slice(0, f.indexOf('=')).trim() === key : posix.basename(f) === key,
  );
  if (file >= 0) return layerAt(hit.layer, `${hit.pointer}/files/${file}`) ?? whole;
  const envFiles = [...strs('envs'), ...(typeof entry.env === 'string' ? [entry.env] : [])];
  for (const env of envFiles) {
    const rel = posix.normalize(posix.join(hit.layer.dirRel || '.', env)).replace(/^\.\//, '');
    const lines = readFile(rel)?.split('\n') ?? [];
    const n = lines.findIndex((l) => l.trimStart().startsWith(`${key}=`) || l.trim() === key);
    if (n >= 0)
      return { file: rel, line: n + 1, column: lines[n]!.length - lines[n]!.trimStart().length + 1 };
  }
  return whole;
}
