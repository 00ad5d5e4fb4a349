/**
 * The comparison of a signed manifest with the resource under admission, as k8s-manifest-sigstore's
 * mapnode package computes it (pkg/util/mapnode/node.go FindDiffBetweenNodes, diff.go Filter/Remove) and
 * pkg/k8smanifest/verify_resource.go matchResourceWithManifest applies it (direct match, the only one
 * that needs no API server):
 *
 * - both sides are "raveled" into dotted keys (`spec.ports.0.port`) of their scalar leaves; nulls, empty
 *   maps and empty lists have no leaf;
 * - keys only in the manifest are deletions, keys only in the resource creations, differing values
 *   updates; a key whose two values have different types is reported as `(type: T) v` on both sides;
 * - a list element that only moved (deleted at one index, created at another with the same value) is
 *   not a difference (removeKeyDiffsInListNode);
 * - `removeDiffWithDefaultConversion` compares `reflect.Value`s with `==`, which is never true for
 *   values decoded from JSON: it keeps every item, so nothing is done for it here;
 * - image canonicalisation (`nginx` vs `nginx:latest`, `x` vs `docker.io/x`) is not a difference;
 * - ignore fields drop items whose key matches `<field>*` with `*` read as `.*`, as an unanchored Go
 *   regexp (re2js here: the fields come from the policy and the signed message);
 * - a `metadata.namespace` the manifest does not set is not a difference.
 */

import { compileRe2 } from '@neuroscale/core';
import type { RE2JS } from 're2js';
import { isObject } from '../jmespath/json.js';

type Leaf = string | number | boolean;

export interface DiffItem {
  key: string;
  before: unknown;
  after: unknown;
}

const MAX_LEAVES = 100_000;

/** mapnode Ravel: dotted keys of scalar leaves, list indexes as keys. */
export function ravel(value: unknown): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const walk = (v: unknown, path: string): void => {
    if (out.size > MAX_LEAVES) throw new RangeError(`more than ${MAX_LEAVES} fields to compare`);
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, path === '' ? String(i) : `${path}.${i}`);
      return;
    }
    if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`);
      return;
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.set(path, v);
    else out.set(path, String(v));
  };
  walk(value, '');
  return out;
}

const goType = (v: Leaf) => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'float64' : 'bool');

/** Go `fmt.Sprintf("(type: %T) %s", v, v)`: `%s` of a non-string is `%!s(T=v)`. */
function typeLabel(v: Leaf): string {
  const t = goType(v);
  return t === 'string' ? `(type: string) ${v}` : `(type: ${t}) %!s(${t}=${String(v)})`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** FindDiffBetweenNodes(manifest, resource) in its default mode. */
export function diffNodes(manifest: unknown, resource: unknown): DiffItem[] {
  const before = ravel(manifest);
  const after = ravel(resource);
  const items: DiffItem[] = [];
  const typeDiffs: DiffItem[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    if (b !== undefined && a !== undefined && goType(b) !== goType(a)) {
      typeDiffs.push({ key, before: typeLabel(b), after: typeLabel(a) });
      continue;
    }
    if (b === a) continue;
    items.push({ key, before: b ?? null, after: a ?? null });
  }
  const kept = removeMovedListItems(items);
  return [...kept, ...typeDiffs].sort((x, y) => cmp(x.key, y.key));
}

const LIST_INDEX = /\.\d+\./;

/** removeKeyDiffsInListNode: a value deleted at one list index and created at another is no difference. */
function removeMovedListItems(items: DiffItem[]): DiffItem[] {
  return items.filter((item) => {
    if (!LIST_INDEX.test(item.key) || (item.before !== null && item.after !== null)) return true;
    const search = regexOf(item.key.replace(/\.\d+\./g, '\\.\\d+\\.'));
    if (search === undefined) return true;
    return !items.some((other) => {
      if (!search.test(other.key)) return false;
      const movedFrom = item.before === other.after && other.before === null && item.after === null;
      const movedTo = item.after === other.before && other.after === null && item.before === null;
      return movedFrom || movedTo;
    });
  });
}

const regexCache = new Map<string, RE2JS | null>();

/** Go `regexp.MatchString` pattern, compiled once; an invalid pattern matches nothing (its error is dropped). */
function regexOf(pattern: string): RE2JS | undefined {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    const compiled = compileRe2(pattern);
    re = compiled.ok ? compiled.regexp : null;
    if (regexCache.size > 2000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re ?? undefined;
}

/** mapnode patternMatchString(key, `<field>*`). */
function keyMatchesField(key: string, field: string): boolean {
  const pattern = `${field}*`;
  if (key === pattern) return true;
  return regexOf(pattern.replaceAll('*', '.*'))?.test(key) ?? false;
}

/** DiffResult.Filter: the items no ignore field covers. */
export function withoutIgnoredFields(items: DiffItem[], fields: readonly string[]): DiffItem[] {
  if (fields.length === 0) return items;
  return items.filter((d) => !fields.some((f) => keyMatchesField(d.key, f)));
}

/** removeCanonicalizedImageDiff: `nginx` → `nginx:latest` and `x` → `docker.io/x` are the same image. */
function withoutCanonicalImages(items: DiffItem[]): DiffItem[] {
  return items.filter((d) => {
    if (!d.key.endsWith('image') || typeof d.before !== 'string' || typeof d.after !== 'string') return true;
    return !(`docker.io/${d.before}` === d.after || `${d.before}:latest` === d.after);
  });
}

/**
 * verify_resource.go directMatch + the ignore-field filter + the unset-namespace rule: the remaining
 * differences (empty = the manifest matches the resource).
 */
export function directMatchDiff(
  manifest: unknown,
  resource: unknown,
  ignoreFields: readonly string[],
): DiffItem[] {
  const diff = withoutCanonicalImages(diffNodes(manifest, resource));
  return withoutIgnoredFields(diff, ignoreFields).filter(
    (d) => !(d.key === 'metadata.namespace' && d.before === null),
  );
}

/** Go json.Marshal of a DiffResult: `{"items":[{"key":…,"values":{"after":…,"before":…}}]}`, HTML-escaped. */
export function diffToJson(items: DiffItem[]): string {
  const json = JSON.stringify({
    items: items.map((d) => ({ key: d.key, values: { after: d.after, before: d.before } })),
  });
  return json.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
