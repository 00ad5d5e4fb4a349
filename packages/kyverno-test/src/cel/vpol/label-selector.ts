/** metav1.LabelSelector (matchLabels + matchExpressions) against a label set; empty selector matches all. */
const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function matchesLabelSelector(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return true;
  const ml = isObj(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== String(v)) return false;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObj) : [];
  for (const e of exprs) {
    const key = String(e.key ?? '');
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const present = Object.hasOwn(labels, key);
    switch (e.operator) {
      case 'In':
        if (!present || !values.includes(labels[key] as string)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[key] as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
