import { containsWildcard, wildcardMatch } from '../values/wildcard.js';

const VERSION_RE = /^v\d+((alpha|beta)\d+)?$/;

const isVersionLike = (s: string): boolean => s === '*' || VERSION_RE.test(s);

function splitSub(s: string): [string, string] {
  const i = s.indexOf('.');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

const selectorCache = new Map<string, [string, string, string, string]>();

/** `kubeutils.ParseKindSelector`: group, version, kind, subresource (memoised). */
export function parseKindSelector(input: string): [string, string, string, string] {
  let hit = selectorCache.get(input);
  if (!hit) {
    hit = parseKindSelectorUncached(input);
    if (selectorCache.size > 10_000) selectorCache.clear();
    selectorCache.set(input, hit);
  }
  return hit;
}

function parseKindSelectorUncached(input: string): [string, string, string, string] {
  const parts = input.split('/').slice(0, 4);
  switch (parts.length) {
    case 1: {
      const [k, s] = splitSub(parts[0] as string);
      return ['*', '*', k, s];
    }
    case 2: {
      const [a, b] = parts as [string, string];
      if (isVersionLike(a)) {
        const [k, s] = splitSub(b);
        return ['*', a, k, s];
      }
      return ['*', '*', a, b];
    }
    case 3: {
      const [a, b, c] = parts as [string, string, string];
      if (isVersionLike(a)) return ['*', a, b, c];
      const [k, s] = splitSub(c);
      return [a, b, k, s];
    }
    default:
      return parts as [string, string, string, string];
  }
}

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export function gvkOf(obj: { apiVersion?: unknown; kind?: unknown } | undefined): Gvk {
  const av = typeof obj?.apiVersion === 'string' ? obj.apiVersion : '';
  const i = av.indexOf('/');
  return {
    group: i < 0 ? '' : av.slice(0, i),
    version: i < 0 ? av : av.slice(i + 1),
    kind: typeof obj?.kind === 'string' ? obj.kind : '',
  };
}

/** wildcardMatch, answering the usual `*` and literal selector parts without scanning them. */
const partMatches = (pattern: string, value: string): boolean =>
  pattern === '*' || pattern === value || (containsWildcard(pattern) && wildcardMatch(pattern, value));

/**
 * kyverno `pkg/utils/match/kind.go: CheckKind` with allowEphemeralContainers (rules and exceptions):
 * a selector without a subresource matches the kind whatever the subresource (`Pod` matches
 * `Pod/exec`); one with a subresource matches only that subresource (`Deployment/scale`), except that a
 * request on core/v1 `Pod/ephemeralcontainers` matches every Pod selector.
 */
export function kindMatches(selectors: string[], gvk: Gvk, subresource = ''): boolean {
  for (const sel of selectors) {
    const [g, v, k, s] = parseKindSelector(sel);
    if (!partMatches(g, gvk.group) || !partMatches(v, gvk.version) || !partMatches(k, gvk.kind)) continue;
    if (s === '' || wildcardMatch(s, subresource)) return true;
    if (
      gvk.kind === 'Pod' &&
      gvk.group === '' &&
      gvk.version === 'v1' &&
      subresource === 'ephemeralcontainers'
    )
      return true;
  }
  return false;
}
