import { isObject } from '../jmespath/json.js';
import { containsWildcard, wildcardMatch } from '../values/wildcard.js';

/** Kubernetes LabelSelector semantics; undefined selector handled by callers. Invalid selector ⇒ false. */
export function matchLabelSelector(
  selector: unknown,
  labels: Record<string, string>,
  opts: { expandWildcards?: boolean } = {},
): boolean {
  if (!isObject(selector)) return false;
  const ml = selector.matchLabels;
  if (ml !== undefined && ml !== null) {
    if (!isObject(ml)) return false;
    const entries = Object.entries(ml).map(([k, v]) => [k, String(v)] as [string, string]);
    for (let [k, v] of entries) {
      if (opts.expandWildcards && (containsWildcard(k) || containsWildcard(v))) {
        const hit = Object.keys(labels)
          .sort()
          .find((lk) => wildcardMatch(k, lk) && wildcardMatch(v, labels[lk] as string));
        if (hit !== undefined) {
          k = hit;
          v = labels[hit] as string;
        } else {
          k = k.replace(/[*?]/g, '0');
          v = v.replace(/[*?]/g, '0');
        }
      }
      if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
    }
  }
  const me = selector.matchExpressions;
  if (me !== undefined && me !== null) {
    if (!Array.isArray(me)) return false;
    for (const e of me) {
      if (!isObject(e) || typeof e.key !== 'string') return false;
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const has = Object.hasOwn(labels, e.key);
      switch (e.operator) {
        case 'In':
          if (values.length === 0) return false;
          if (!has || !values.includes(labels[e.key] as string)) return false;
          break;
        case 'NotIn':
          if (values.length === 0) return false;
          if (has && values.includes(labels[e.key] as string)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}
