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
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    if (!isObject(cur) || !Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * field() for the one to three keys the checks name: fixed parameters, not a rest list (the typed
 * accessors run for every container of every pod, and a list per call was most of their cost).
 */
function fieldAt(obj: unknown, a: string, b?: string, c?: string): unknown {
  if (!isObject(obj) || !Object.hasOwn(obj, a)) return undefined;
  const first = obj[a];
  if (b === undefined) return first;
  if (!isObject(first) || !Object.hasOwn(first, b)) return undefined;
  const second = first[b];
  if (c === undefined) return second;
  if (!isObject(second) || !Object.hasOwn(second, c)) return undefined;
  return second[c];
}

export const objectAt = (obj: Json | undefined, a: string, b?: string, c?: string): Json | undefined =>
  asObject(fieldAt(obj, a, b, c));

export const stringAt = (obj: Json | undefined, a: string, b?: string, c?: string): string | undefined => {
  const v = fieldAt(obj, a, b, c);
  return typeof v === 'string' ? v : undefined;
};

export const booleanAt = (obj: Json | undefined, a: string, b?: string, c?: string): boolean | undefined => {
  const v = fieldAt(obj, a, b, c);
  return typeof v === 'boolean' ? v : undefined;
};

export const numberAt = (obj: Json | undefined, a: string, b?: string, c?: string): number | undefined => {
  const v = fieldAt(obj, a, b, c);
  return typeof v === 'number' ? v : undefined;
};

export const listAt = (obj: Json | undefined, a: string, b?: string, c?: string): unknown[] =>
  asList(fieldAt(obj, a, b, c));

/**
 * Init containers, then containers, then ephemeral containers: the order of `visitContainers`
 * (`k8s.io/pod-security-admission/policy/visitor.go`), which fixes the order of names in messages.
 */
export function visitContainers(spec: Json): readonly ContainerView[] {
  if (spec === visitedSpec && visitedViews !== undefined) return visitedViews;
  const out: ContainerView[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = listAt(spec, key);
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (!isObject(c)) continue;
      out.push({ name: typeof c.name === 'string' ? c.name : '', raw: c, path: `spec.${key}[${i}]` });
    }
  }
  // every check of a level visits the same pod, one check after the other: the views are built once per pod
  // spec and kept for the last one (a WeakMap entry per pod kept the garbage collector busy with ephemerons)
  visitedSpec = spec;
  visitedViews = out;
  return out;
}

let visitedSpec: Json | undefined;
let visitedViews: readonly ContainerView[] | undefined;

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
