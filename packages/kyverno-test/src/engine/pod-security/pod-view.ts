/**
 * Read-only views of a pod (`metadata` + `spec`) as the Pod Security Standards checks see it.
 *
 * The checks of `k8s.io/pod-security-admission/policy` run on typed `corev1.PodSpec` values; here the
 * pod is the decoded JSON, so every accessor returns `undefined` for a missing or mistyped field
 * (Go would have left the typed field nil / zero).
 */
import { isObject } from '../jmespath/json.js';

export type Json = Record<string, unknown>;

export interface PodView {
  metadata: Json;
  spec: Json;
}

export interface ContainerView {
  name: string;
  raw: Json;
  /** Field path of the container, e.g. `spec.initContainers[1]`. */
  path: string;
}

const asObject = (v: unknown): Json | undefined => (isObject(v) ? v : undefined);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function field(obj: Json | undefined, ...path: string[]): unknown {
  return fieldAlong(obj, path);
}

/** field() with the path as one list: the typed accessors pass their rest list on instead of spreading it. */
function fieldAlong(obj: Json | undefined, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    if (!isObject(cur) || !Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export const objectAt = (obj: Json | undefined, ...path: string[]): Json | undefined =>
  asObject(fieldAlong(obj, path));

export const stringAt = (obj: Json | undefined, ...path: string[]): string | undefined => {
  const v = fieldAlong(obj, path);
  return typeof v === 'string' ? v : undefined;
};

export const booleanAt = (obj: Json | undefined, ...path: string[]): boolean | undefined => {
  const v = fieldAlong(obj, path);
  return typeof v === 'boolean' ? v : undefined;
};

export const numberAt = (obj: Json | undefined, ...path: string[]): number | undefined => {
  const v = fieldAlong(obj, path);
  return typeof v === 'number' ? v : undefined;
};

export const listAt = (obj: Json | undefined, ...path: string[]): unknown[] => asList(fieldAlong(obj, path));

/**
 * Init containers, then containers, then ephemeral containers: the order of `visitContainers`
 * (`k8s.io/pod-security-admission/policy/visitor.go`), which fixes the order of names in messages.
 */
export function visitContainers(spec: Json): readonly ContainerView[] {
  const hit = visited.get(spec);
  if (hit) return hit;
  const out: ContainerView[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const [i, c] of listAt(spec, key).entries()) {
      if (!isObject(c)) continue;
      out.push({ name: typeof c.name === 'string' ? c.name : '', raw: c, path: `spec.${key}[${i}]` });
    }
  }
  // every check of a level visits the same pod: the views are built once per pod spec
  visited.set(spec, out);
  return out;
}

const visited = new WeakMap<Json, readonly ContainerView[]>();

/** `spec.os.name == "windows"`: the Windows exemption of the restricted checks (v1.25+). */
export const isWindowsPod = (spec: Json): boolean => stringAt(spec, 'os', 'name') === 'windows';

/** `pluralize` of `k8s.io/pod-security-admission/policy/helpers.go`. */
export const pluralize = (singular: string, plural: string, count: number): string =>
  count === 1 ? singular : plural;

/** `joinQuote` of `k8s.io/pod-security-admission/policy/helpers.go`: `"a", "b"` (Go %q quoting). */
export const joinQuote = (items: readonly string[]): string => items.map((s) => JSON.stringify(s)).join(', ');

/** `sets.NewString(...).List()`: unique values, sorted (byte order, as Go's sort.Strings). */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
