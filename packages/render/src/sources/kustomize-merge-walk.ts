/**
 * Follow a JSON pointer of a kustomize OUTPUT object through one of its inputs (a resource document, a
 * strategic-merge patch, a JSON6902 op value). List indexes differ between input and output (a patch lists
 * only the containers it changes), so a list item is matched by its strategic-merge key (containers by
 * `name`, volumeMounts by `mountPath`…), and by position only where the list is replaced whole.
 */
import { isDeepStrictEqual } from 'node:util';
import { escapePointerSegment, isPlainRecord as isObj, PATCH_MERGE_KEYS } from '@neuroscale/core';

// patchMergeKey of the Kubernetes list fields that have one: core's PATCH_MERGE_KEYS, plus the usual fallback
const FALLBACK_KEYS = ['name'];

export interface WalkResult {
  /** The whole pointer exists in the input. */
  resolved: boolean;
  /** Pointer inside the input document of the deepest node reached (indexes of the input's lists). */
  docPointer: string;
  /** The input's node at the end of the walk (meaningful when resolved). */
  node: unknown;
}

/** Index in `input` of the item that `outItem` (at `outIndex` of `outList`) merged from, or -1. */
function matchItem(field: string, outList: unknown[], outIndex: number, input: unknown[]): number {
  const outItem = outList[outIndex];
  if (isObj(outItem)) {
    // own-key lookup: an output field named `constructor` must not find Object.prototype.constructor
    for (const key of (Object.hasOwn(PATCH_MERGE_KEYS, field) ? PATCH_MERGE_KEYS[field] : undefined) ??
      FALLBACK_KEYS) {
      const want = outItem[key];
      if (want === undefined || want === null || typeof want === 'object') continue;
      return input.findIndex((x) => isObj(x) && x.$patch === undefined && x[key] === want);
    }
  }
  // No merge key: strategic merge replaces such a list whole, so positions agree when lengths do.
  if (input.length === outList.length) return outIndex;
  return input.findIndex((x) => isDeepStrictEqual(x, outItem));
}

/**
 * Walk `segments` (of the output object) through `input`, reading the output object `output` alongside to
 * match list items. `rawIndexes` uses the output's list positions as they are (JSON6902 op values).
 */
export function walkInput(
  output: unknown,
  input: unknown,
  segments: readonly string[],
  opts: { rawIndexes?: boolean } = {},
): WalkResult {
  let out: unknown = output;
  let node: unknown = input;
  let docPointer = '';
  let field = '';
  for (const seg of segments) {
    if (Array.isArray(node)) {
      const i = Number(seg);
      if (!/^\d+$/.test(seg) || !Array.isArray(out)) return { resolved: false, docPointer, node };
      const j = opts.rawIndexes ? (i < node.length ? i : -1) : matchItem(field, out, i, node);
      if (j < 0) return { resolved: false, docPointer, node };
      node = node[j];
      out = out[i];
      docPointer += `/${j}`;
    } else if (isObj(node)) {
      if (!Object.hasOwn(node, seg)) return { resolved: false, docPointer, node };
      node = node[seg];
      out = isObj(out) ? out[seg] : undefined;
      docPointer += `/${escapePointerSegment(seg)}`;
      field = seg;
    } else return { resolved: false, docPointer, node };
  }
  return { resolved: true, docPointer, node };
}

/** A scalar (or empty collection) ends a path: the input that holds it with the output's value set it. */
export function isLeaf(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}
