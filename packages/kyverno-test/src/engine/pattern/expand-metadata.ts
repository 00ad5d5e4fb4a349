import { isObject, setOwn } from '../jmespath/json.js';
import { containsWildcard, wildcardMatch } from '../values/wildcard.js';
import { addAnchor, removeAnchor } from './anchors.js';

function findByAnchorFreeKey(map: Record<string, unknown>, tag: string): [string, unknown] | undefined {
  for (const k of Object.keys(map).sort()) if (removeAnchor(k).key === tag) return [k, map[k]];
  return undefined;
}

function expandTag(
  tag: string,
  patternMeta: Record<string, unknown>,
  resourceMeta: Record<string, unknown>,
): [string, Record<string, unknown>] | undefined {
  const p = findByAnchorFreeKey(patternMeta, tag);
  if (!p || !isObject(p[1])) return undefined;
  const r = findByAnchorFreeKey(resourceMeta, tag);
  if (!r || !isObject(r[1])) return undefined;
  const resourceKeys = Object.keys(r[1]).sort();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p[1])) {
    if (!containsWildcard(k)) {
      setOwn(out, k, v);
      continue;
    }
    const { key, modifier } = removeAnchor(k);
    const match = resourceKeys.find((rk) => wildcardMatch(key, rk)) ?? key;
    setOwn(out, modifier !== undefined ? addAnchor(match, modifier) : match, v);
  }
  return [p[0], out];
}

/**
 * Whether expandInMetadata can change this pattern: only wildcard keys under metadata.labels or
 * metadata.annotations are rewritten (otherwise it would return an equal copy).
 */
export function mayExpandInMetadata(pattern: Record<string, unknown>): boolean {
  const pm = findByAnchorFreeKey(pattern, 'metadata');
  if (!pm || !isObject(pm[1])) return false;
  for (const tag of ['labels', 'annotations']) {
    const p = findByAnchorFreeKey(pm[1], tag);
    if (p && isObject(p[1]) && Object.keys(p[1]).some(containsWildcard)) return true;
  }
  return false;
}

/** `wildcards.ExpandInMetadata`: wildcard label/annotation keys in a pattern become the first matching resource key. */
export function expandInMetadata(
  pattern: Record<string, unknown>,
  resource: Record<string, unknown>,
): Record<string, unknown> {
  const pm = findByAnchorFreeKey(pattern, 'metadata');
  if (!pm || !isObject(pm[1])) return pattern;
  const rm = resource.metadata;
  if (!isObject(rm)) return pattern;
  const meta: Record<string, unknown> = { ...pm[1] };
  let changed = false;
  for (const tag of ['labels', 'annotations']) {
    const r = expandTag(tag, pm[1], rm);
    if (r) {
      meta[r[0]] = r[1];
      changed = true;
    }
  }
  return changed ? { ...pattern, [pm[0]]: meta } : pattern;
}
