import { matchesLabelSelector } from '@neuroscale/core';
import { isObject } from '../jmespath/json.js';
import { containsWildcard, wildcardMatch } from '../values/wildcard.js';

/**
 * Kyverno's `selector`/`namespaceSelector` (metav1.LabelSelectorAsSelector): an absent or invalid selector,
 * including `In`/`NotIn` without values, selects nothing. With `expandWildcards` (`match.resources.selector`,
 * pkg/utils/wildcard ReplaceInSelector), a wildcard matchLabels entry is first replaced by the first label it
 * matches (by key order), or by its pattern with `*`/`?` turned into `0`.
 */
export function matchLabelSelector(
  selector: unknown,
  labels: Record<string, string>,
  opts: { expandWildcards?: boolean } = {},
): boolean {
  if (opts.expandWildcards && isObject(selector) && isObject(selector.matchLabels)) {
    const entries = Object.entries(selector.matchLabels).map(([k, v]) => [k, String(v)] as [string, string]);
    if (entries.some(([k, v]) => containsWildcard(k) || containsWildcard(v))) {
      for (const [k, v] of entries.map(([k, v]) => expandWildcardLabel(k, v, labels)))
        if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
      return matchesLabelSelector({ ...selector, matchLabels: undefined }, labels, { absent: 'invalid' });
    }
  }
  return matchesLabelSelector(selector, labels, { absent: 'invalid' });
}

function expandWildcardLabel(k: string, v: string, labels: Record<string, string>): [string, string] {
  if (!containsWildcard(k) && !containsWildcard(v)) return [k, v];
  const hit = Object.keys(labels)
    .sort()
    .find((lk) => wildcardMatch(k, lk) && wildcardMatch(v, labels[lk] as string));
  return hit !== undefined
    ? [hit, labels[hit] as string]
    : [k.replace(/[*?]/g, '0'), v.replace(/[*?]/g, '0')];
}
