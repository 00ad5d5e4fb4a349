/**
 * Which kustomize patches apply to an output object: a patch's `target` selector (kustomize types.Selector:
 * group/version/kind/name/namespace are anchored regular expressions, labelSelector/annotationSelector are
 * label-selector strings), or, for a strategic-merge patch without target, the patch's own kind and name.
 * Patches name objects before any namePrefix/nameSuffix, so names are compared with those stripped.
 */
import { apiGroup, apiVersionOnly, type K8sObject, setOwn } from '@neuroscale/core';
import { isRecord } from '../render-context.js';

export interface PatchSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface OutputIdentity {
  object: K8sObject;
  /** The output name and every name it can have had before prefixes/suffixes/hash were added. */
  names: string[];
}

/** The output name, and the names left after removing any known prefixes (from the front) and suffixes. */
export function nameCandidates(
  name: string,
  prefixes: readonly string[],
  suffixes: readonly string[],
): string[] {
  const out = new Set<string>([name]);
  const queue = [name];
  while (queue.length && out.size < 64) {
    const n = queue.shift()!;
    for (const p of prefixes)
      if (p && n.startsWith(p) && n.length > p.length && !out.has(n.slice(p.length))) {
        out.add(n.slice(p.length));
        queue.push(n.slice(p.length));
      }
    for (const s of suffixes)
      if (s && n.endsWith(s) && n.length > s.length && !out.has(n.slice(0, -s.length))) {
        out.add(n.slice(0, -s.length));
        queue.push(n.slice(0, -s.length));
      }
  }
  return [...out];
}

export function toSelector(v: unknown): PatchSelector | undefined {
  if (!isRecord(v)) return undefined;
  const sel: PatchSelector = {};
  for (const k of [
    'group',
    'version',
    'kind',
    'name',
    'namespace',
    'labelSelector',
    'annotationSelector',
  ] as const)
    if (typeof v[k] === 'string' && v[k] !== '') sel[k] = v[k] as string;
  return sel;
}

const regexCache = new Map<string, RegExp | null>();
function anchored(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re ? re.test(value) : pattern === value;
}

export function selectorMatches(sel: PatchSelector, id: OutputIdentity): boolean {
  const o = id.object;
  if (sel.kind !== undefined && !anchored(sel.kind, String(o.kind ?? ''))) return false;
  if (sel.group !== undefined && !anchored(sel.group, apiGroup(o.apiVersion))) return false;
  if (sel.version !== undefined && !anchored(sel.version, apiVersionOnly(o.apiVersion))) return false;
  if (sel.name !== undefined && !id.names.some((n) => anchored(sel.name!, n))) return false;
  const md = isRecord(o.metadata) ? o.metadata : {};
  if (sel.labelSelector !== undefined && !labelSelectorMatches(sel.labelSelector, stringMap(md.labels)))
    return false;
  if (
    sel.annotationSelector !== undefined &&
    !labelSelectorMatches(sel.annotationSelector, stringMap(md.annotations))
  )
    return false;
  // namespace is not compared: an outer kustomization's `namespace:` changes it after the patch ran.
  return true;
}

/** A strategic-merge patch without target applies to the object of its own kind and name. */
export function smpPatchMatches(patch: Record<string, unknown>, id: OutputIdentity): boolean {
  if (patch.kind !== id.object.kind) return false;
  const md = isRecord(patch.metadata) ? patch.metadata : {};
  return typeof md.name === 'string' && id.names.includes(md.name);
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) setOwn(out, k, String(x));
  return out;
}

/** `a=b,c!=d,e in (f,g),h notin (i),j,!k` against a string map; an unreadable selector matches nothing. */
export function labelSelectorMatches(selector: string, labels: Record<string, string>): boolean {
  const parts = selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  return parts.every((raw) => raw.trim() === '' || requirementHolds(raw.trim(), labels));
}

function requirementHolds(p: string, labels: Record<string, string>): boolean {
  const has = (k: string) => Object.hasOwn(labels, k);
  const eq = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(p);
  if (eq) {
    const same = has(eq[1]!) && labels[eq[1]!] === eq[3];
    return eq[2] === '!=' ? !same : same;
  }
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p);
  if (set) {
    const values = set[3]!.split(',').map((x) => x.trim());
    const inSet = has(set[1]!) && values.includes(labels[set[1]!]!);
    return set[2] === 'in' ? inSet : !inSet;
  }
  const not = /^!\s*(\S+)$/.exec(p);
  if (not) return !has(not[1]!);
  return /^\S+$/.test(p) && has(p);
}
