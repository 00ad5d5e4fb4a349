/**
 * Strategic merge of a patch into a Kubernetes object, as kustomize's kyaml `merge2.Merge` does it
 * (sigs.k8s.io/kustomize/kyaml/yaml/merge2/merge2.go, walk/associative_sequence.go), which is what
 * `kustomize/api/filters/patchstrategicmerge` and Kyverno's `patchStrategicMerge`
 * (kyverno pkg/engine/mutate/patch/strategicMergePatch.go) run:
 *
 * - maps merge key by key; a `null` in the patch deletes the field; `$patch: delete` deletes the map,
 *   `$patch: replace` replaces it;
 * - lists of maps merge element by element on their patch merge key (containers by `name`,
 *   volumeMounts by `mountPath`…, from the Kubernetes OpenAPI `x-kubernetes-patch-merge-key`); a list
 *   of a field the table does not know is associative when every element carries one of kyaml's
 *   associative keys (`AssociativeSequenceKeys`), else it is replaced whole; lists of scalars are
 *   replaced, except the merged ones (`finalizers`);
 * - patch elements that match no existing element are added in front of the list, in patch order
 *   (kustomize merges with `ListIncreaseDirection: MergeOptionsListPrepend`).
 */
import { isDeepStrictEqual } from 'node:util';
import { getOwn, isPlainRecord as isObj, setOwn } from '../model/safe-object.js';

type Obj = Record<string, unknown>;

/** `x-kubernetes-patch-merge-key` of the Kubernetes list fields that have one, by field name. */
export const PATCH_MERGE_KEYS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  resourceClaims: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  ports: ['containerPort', 'port'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey'],
  conditions: ['type'],
});

/** kyaml `AssociativeSequenceKeys`: the keys that make an unknown list of maps associative. */
const ASSOCIATIVE_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];

/** Lists of scalars merged as sets (`x-kubernetes-patch-strategy: merge`). */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

/** Fields whose lists Kubernetes replaces whole even though their elements carry an associative key. */
const ATOMIC_LISTS = new Set(['tolerations', 'args', 'command']);

const DELETE = Symbol('delete');

export interface StrategicMergeOptions {
  /**
   * Where patch elements that match no existing element go: `prepend` (kustomize / Kyverno
   * patchStrategicMerge, the default) or `append` (server-side apply of an apply configuration).
   */
  listOrder?: 'prepend' | 'append';
}

let appendNew = false;

/** The object with `patch` strategically merged in (neither input is changed). */
export function strategicMerge(original: Obj, patch: Obj, options: StrategicMergeOptions = {}): Obj {
  const previous = appendNew;
  appendNew = options.listOrder === 'append';
  try {
    const r = mergeMap(original, patch);
    return r === DELETE ? {} : r;
  } finally {
    appendNew = previous;
  }
}

function mergeMap(original: Obj, patch: Obj): Obj | typeof DELETE {
  const directive = getOwn(patch, '$patch');
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return cleanPatch(patch) as Obj;
  const out: Obj = {};
  for (const [k, v] of Object.entries(original)) setOwn(out, k, v);
  for (const [k, pv] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (pv === null) {
      delete out[k];
      continue;
    }
    const ov = Object.hasOwn(out, k) ? out[k] : undefined;
    const merged = mergeValue(k, ov, pv);
    if (merged === DELETE) delete out[k];
    else setOwn(out, k, merged);
  }
  return out;
}

function mergeValue(field: string, ov: unknown, pv: unknown): unknown {
  if (isObj(pv)) {
    if (isObj(ov)) return mergeMap(ov, pv);
    if (getOwn(pv, '$patch') === 'delete') return DELETE;
    return cleanPatch(pv);
  }
  if (Array.isArray(pv) && Array.isArray(ov)) return mergeList(field, ov, pv);
  return cleanPatch(pv);
}

function associativeKey(field: string, lists: readonly unknown[][]): string | undefined {
  const elements = lists.flat();
  if (elements.length === 0 || !elements.every(isObj)) return undefined;
  if (ATOMIC_LISTS.has(field)) return undefined;
  const known = Object.hasOwn(PATCH_MERGE_KEYS, field) ? PATCH_MERGE_KEYS[field] : undefined;
  const candidates = known ?? ASSOCIATIVE_KEYS;
  for (const key of candidates) {
    if (elements.every((e) => (e as Obj).$patch !== undefined || Object.hasOwn(e as Obj, key))) return key;
  }
  return known?.[0];
}

function mergeList(field: string, ov: unknown[], pv: unknown[]): unknown[] {
  if (MERGED_SCALAR_LISTS.has(field) && !pv.some(isObj)) {
    const out = [...ov];
    for (const x of pv) if (!out.some((y) => isDeepStrictEqual(x, y))) out.push(x);
    return out;
  }
  const key = associativeKey(field, [ov, pv]);
  if (key === undefined) return pv.map(cleanPatch);
  const result: unknown[] = [];
  const used = new Set<number>();
  for (const element of ov) {
    const id = (element as Obj)[key];
    const pi = pv.findIndex((p, i) => !used.has(i) && isObj(p) && keyEquals(p[key], id));
    if (pi < 0) {
      result.push(element);
      continue;
    }
    used.add(pi);
    const merged = mergeMap(element as Obj, pv[pi] as Obj);
    if (merged !== DELETE) result.push(merged);
  }
  const added: unknown[] = [];
  pv.forEach((p, i) => {
    if (used.has(i) || (isObj(p) && getOwn(p, '$patch') === 'delete')) return;
    added.push(cleanPatch(p));
  });
  return appendNew ? [...result, ...added] : [...added, ...result];
}

function keyEquals(a: unknown, b: unknown): boolean {
  return a !== undefined && (a === b || String(a) === String(b));
}

/** A patch value added as it is: directives and `null` fields dropped. */
function cleanPatch(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cleanPatch);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('$') || x === null) continue;
      setOwn(out, k, cleanPatch(x));
    }
    return out;
  }
  return v;
}
