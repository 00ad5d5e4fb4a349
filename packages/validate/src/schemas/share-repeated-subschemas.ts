/**
 * CRD schemas repeat big subtrees (KServe's InferenceService carries a full PodSpec in predictor,
 * transformer and explainer, and a container schema in every model framework). ajv generates code for
 * every copy: 24 s for InferenceService. Moving each repeated subtree into `definitions` once and
 * `$ref`-ing it shrinks the schema ~10× (617 kB → 60 kB) and the compile to about a second.
 */
import { isPlainRecord as isObj, setOwn } from '@neuroscale/core';

type Schema = Record<string, unknown>;

export const SHARED_PREFIX = 'crd.shared.';
/** Subtrees shorter than this (as JSON) stay inline. */
const MIN_SIZE = 100;

export function shareRepeatedSubschemas(root: Schema): Schema {
  // Bottom-up structural ids: a node's key is its JSON with child objects replaced by their ids,
  // so equal subtrees get equal ids in one linear pass.
  const ids = new Map<string, number>();
  const idOf = new Map<object, number>();
  const sizeOf = new Map<number, number>();
  const counts = new Map<number, number>();
  const measure = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const entries: [string, unknown][] = Array.isArray(n)
      ? n.map((x, i) => [String(i), x])
      : Object.entries(n);
    let size = 2;
    const parts: string[] = [];
    for (const [k, v] of entries) {
      if (v && typeof v === 'object') {
        measure(v);
        const cid = idOf.get(v) ?? -1;
        size += k.length + (sizeOf.get(cid) ?? 0) + 4;
        parts.push(`${JSON.stringify(k)}:#${cid}`);
      } else {
        const leaf = JSON.stringify(v) ?? 'null';
        size += k.length + leaf.length + 4;
        parts.push(`${JSON.stringify(k)}:${leaf}`);
      }
    }
    const key = `${Array.isArray(n) ? '[' : '{'}${parts.join(',')}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      sizeOf.set(id, size);
    }
    idOf.set(n, id);
    if (!Array.isArray(n) && size >= MIN_SIZE) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  measure(root);
  if (![...counts.values()].some((c) => c > 1)) return root;

  const definitions: Schema = {};
  const names = new Map<number, string>();
  // Walks schema positions only: property maps hold schemas, a `properties` object itself is not one.
  const rewrite = (n: unknown, isRoot: boolean): unknown => {
    if (!n || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map((x) => rewrite(x, false));
    const id = idOf.get(n);
    if (!isRoot && id !== undefined && (counts.get(id) ?? 0) > 1) {
      let name = names.get(id);
      if (!name) {
        name = `${SHARED_PREFIX}${names.size}`;
        names.set(id, name);
        definitions[name] = rewrite(n, true);
      }
      return { $ref: `#/definitions/${name}` };
    }
    const out: Schema = {};
    for (const [k, v] of Object.entries(n)) {
      if ((k === 'properties' || k === 'patternProperties' || k === 'definitions') && isObj(v)) {
        const m: Schema = {};
        for (const [p, x] of Object.entries(v)) setOwn(m, p, rewrite(x, false));
        setOwn(out, k, m);
      } else setOwn(out, k, rewrite(v, false));
    }
    return out;
  };
  const shared = rewrite(root, true) as Schema;
  shared.definitions = { ...(isObj(shared.definitions) ? shared.definitions : {}), ...definitions };
  return shared;
}
