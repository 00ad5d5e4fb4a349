/**
 * Kubernetes strategic merge patch (`k8s.io/apimachinery/pkg/util/strategicpatch`) against the
 * Application type, as `applicationset/controllers/template/patch.go applyTemplatePatch` applies
 * `templatePatch`. The Application types carry no patch merge keys, so every list is replaced, except
 * ObjectMeta's `finalizers` (merge of primitives) and `ownerReferences` (merge by `uid`).
 * Maps merge recursively, `null` deletes a key, `$patch: replace|delete` directives are honoured.
 */
import { isDeepStrictEqual } from 'node:util';
import { copyOwn, getOwn, isPlainRecord as isObj, setOwn } from '@neuroscale/core';

type Json = unknown;
type Obj = Record<string, unknown>;

const DELETE = Symbol('delete');

export function strategicMergePatch(original: Obj, patch: Obj): Obj {
  const r = mergeMap(original, patch, '');
  return r === DELETE ? {} : (r as Obj);
}

function mergeMap(original: Obj, patch: Obj, path: string): Obj | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') {
    const rest = copyOwn(patch);
    delete rest.$patch;
    return stripDirectives(rest) as Obj;
  }
  // own keys only: a `__proto__` key in the patch or the template is a field name, as in Go
  const out: Obj = copyOwn(original);
  for (const [k, pv] of Object.entries(patch)) {
    if (k.startsWith('$')) {
      const m = /^\$deleteFromPrimitiveList\/(.+)$/.exec(k);
      const list = m ? getOwn(out, m[1]!) : undefined;
      if (m && Array.isArray(list) && Array.isArray(pv)) {
        setOwn(
          out,
          m[1]!,
          (list as Json[]).filter((x) => !pv.some((d) => isDeepStrictEqual(d, x))),
        );
      }
      continue;
    }
    const childPath = `${path}/${k}`;
    if (pv === null) {
      if (Object.hasOwn(out, k)) delete out[k];
      continue;
    }
    const ov = getOwn(out, k);
    if (isObj(pv) && isObj(ov)) {
      const merged = mergeMap(ov, pv, childPath);
      if (merged === DELETE) delete out[k];
      else setOwn(out, k, merged);
    } else if (Array.isArray(pv) && Array.isArray(ov) && childPath === '/metadata/finalizers') {
      const merged = [...ov];
      for (const x of pv) if (!merged.some((y) => isDeepStrictEqual(x, y))) merged.push(x);
      setOwn(out, k, merged);
    } else if (Array.isArray(pv) && Array.isArray(ov) && childPath === '/metadata/ownerReferences') {
      const merged = ov.map((x) => x);
      for (const x of pv) {
        const uid = isObj(x) ? x.uid : undefined;
        const i = merged.findIndex((y) => isObj(y) && y.uid === uid);
        if (i >= 0 && isObj(x) && isObj(merged[i]))
          merged[i] = mergeMap(merged[i] as Obj, x, childPath) as Obj;
        else merged.push(stripDirectives(x));
      }
      setOwn(out, k, merged);
    } else {
      setOwn(out, k, stripDirectives(pv));
    }
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('$') || x === null) continue;
      setOwn(out, k, stripDirectives(x));
    }
    return out;
  }
  return v;
}
