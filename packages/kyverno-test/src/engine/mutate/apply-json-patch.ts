/**
 * `patchesJson6902` as Kyverno applies it (pkg/engine/mutate/patch/patchJSON6902.go): the patch is a
 * YAML or JSON list of RFC 6902 operations, decoded and applied with evanphx/json-patch v5 and
 * `ApplyOptions{SupportNegativeIndices, AllowMissingPathOnRemove, EnsurePathExistsOnAdd}`.
 */
import { cloneData, getOwn, isPlainRecord as isObj, parsePointer, setOwn } from '@neuroscale/core';
import { parse as parseYaml } from 'yaml';

type Obj = Record<string, unknown>;

export class JsonPatchError extends Error {}

/** Decodes the operations (YAML or JSON text, or an already decoded list). */
export function decodeJsonPatch(patch: unknown): Obj[] {
  let ops = patch;
  if (typeof patch === 'string') {
    try {
      ops = parseYaml(patch, { version: '1.1', maxAliasCount: 100 });
    } catch (e) {
      throw new JsonPatchError(`failed to decode patches: ${(e as Error).message}`);
    }
  }
  if (!Array.isArray(ops) || !ops.every(isObj))
    throw new JsonPatchError('failed to decode patches: not a list of operations');
  return ops as Obj[];
}

function segmentsOf(path: unknown): string[] {
  if (typeof path !== 'string') throw new JsonPatchError('operation has no path');
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`invalid path ${JSON.stringify(path)}`);
  return parsePointer(path);
}

function index(list: unknown[], seg: string, forAdd: boolean): number {
  if (seg === '-' && forAdd) return list.length;
  if (!/^-?\d+$/.test(seg)) throw new JsonPatchError(`invalid array index ${JSON.stringify(seg)}`);
  let i = Number(seg);
  // evanphx/json-patch: a negative index counts from the end; for `add` from one past it (-1 appends)
  if (i < 0) i += forAdd ? list.length + 1 : list.length;
  const max = forAdd ? list.length : list.length - 1;
  if (i < 0 || i > max) throw new JsonPatchError(`array index ${seg} out of bounds`);
  return i;
}

/** Parent container of the path, creating missing maps when `create` (EnsurePathExistsOnAdd). */
function parentOf(doc: unknown, segs: string[], create: boolean): unknown {
  let node = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string;
    const fresh = () => (/^-?\d+$/.test(segs[i + 1] ?? '') || segs[i + 1] === '-' ? [] : {});
    if (Array.isArray(node)) {
      let at: number | undefined;
      try {
        at = index(node, seg, false);
      } catch (e) {
        if (!create) throw e;
      }
      if (at === undefined || node[at] === undefined || node[at] === null) {
        if (!create) throw new JsonPatchError(`doc is missing path: /${segs.slice(0, i + 1).join('/')}`);
        // ensurePathExists: a missing element on the way is added (at `-1`: appended)
        const next = fresh();
        if (at === undefined) node.splice(index(node, seg, true), 0, next);
        else node[at] = next;
        node = next;
      } else node = node[at];
    } else if (isObj(node)) {
      let next = getOwn(node, seg);
      if ((next === undefined || next === null) && create) {
        next = fresh();
        setOwn(node, seg, next);
      }
      node = next;
    } else node = undefined;
    if (node === undefined || node === null)
      throw new JsonPatchError(`doc is missing path: ${'/'}${segs.slice(0, i + 1).join('/')}`);
  }
  return node;
}

function getAt(doc: unknown, segs: string[]): unknown {
  let node = doc;
  for (const seg of segs) {
    if (Array.isArray(node)) node = node[index(node, seg, false)];
    else if (isObj(node) && Object.hasOwn(node, seg)) node = node[seg];
    else throw new JsonPatchError(`doc is missing key: /${segs.join('/')}`);
  }
  return node;
}

function add(doc: unknown, segs: string[], value: unknown): unknown {
  if (segs.length === 0) return value;
  const parent = parentOf(doc, segs, true);
  const last = segs[segs.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(index(parent, last, true), 0, value);
  else if (isObj(parent)) setOwn(parent, last, value);
  else throw new JsonPatchError(`cannot add at /${segs.join('/')}`);
  return doc;
}

function remove(doc: unknown, segs: string[], allowMissing: boolean): unknown {
  let parent: unknown;
  try {
    parent = parentOf(doc, segs, false);
  } catch (e) {
    if (allowMissing) return doc;
    throw e;
  }
  const last = segs[segs.length - 1] as string;
  if (Array.isArray(parent)) {
    let i: number;
    try {
      i = index(parent, last, false);
    } catch (e) {
      if (allowMissing) return doc;
      throw e;
    }
    parent.splice(i, 1);
  } else if (isObj(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else if (!allowMissing) throw new JsonPatchError(`unable to remove nonexistent key: /${segs.join('/')}`);
  return doc;
}

/** Applies the operations to a copy of `resource`; throws JsonPatchError when one does not apply. */
export function applyJsonPatch(resource: unknown, ops: readonly Obj[]): unknown {
  let doc = cloneData(resource);
  for (const op of ops) {
    const segs = segmentsOf(op.path);
    switch (op.op) {
      case 'add':
        doc = add(doc, segs, cloneData(op.value));
        break;
      case 'remove':
        doc = remove(doc, segs, true);
        break;
      case 'replace':
        getAt(doc, segs);
        doc = remove(doc, segs, false);
        doc = add(doc, segs, cloneData(op.value));
        break;
      case 'move': {
        const from = segmentsOf(op.from);
        const v = getAt(doc, from);
        doc = remove(doc, from, false);
        doc = add(doc, segs, v);
        break;
      }
      case 'copy':
        doc = add(doc, segs, cloneData(getAt(doc, segmentsOf(op.from))));
        break;
      case 'test': {
        const v = getAt(doc, segs);
        if (JSON.stringify(v) !== JSON.stringify(op.value))
          throw new JsonPatchError(`testing value /${segs.join('/')} failed`);
        break;
      }
      default:
        throw new JsonPatchError(`unexpected kind of operation ${JSON.stringify(op.op)}`);
    }
  }
  return doc;
}
