/**
 * metav1.LabelSelector evaluation over string maps, as the generator post-selector uses it
 * (`applicationset/utils LabelSelectorAsSelector`: no restriction on label values).
 * Returns an error message for an invalid selector.
 */
export interface LabelSelector {
  matchLabels?: Record<string, unknown>;
  matchExpressions?: { key?: unknown; operator?: unknown; values?: unknown }[];
}

export type SelectorFn = (labels: Record<string, string>) => boolean;

export function compileSelector(
  sel: unknown,
): { ok: true; matches: SelectorFn } | { ok: false; error: string } {
  if (sel === undefined || sel === null) return { ok: true, matches: () => true };
  if (typeof sel !== 'object' || Array.isArray(sel))
    return { ok: false, error: 'selector must be an object' };
  const s = sel as LabelSelector;
  const tests: SelectorFn[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) {
    const want = String(v);
    tests.push((l) => Object.hasOwn(l, k) && l[k] === want);
  }
  for (const e of s.matchExpressions ?? []) {
    const key = String(e?.key ?? '');
    const values = Array.isArray(e?.values) ? e.values.map(String) : [];
    switch (e?.operator) {
      case 'In':
        if (values.length === 0)
          return {
            ok: false,
            error: `values: Required value: for 'in', 'notin' operators, values set can't be empty`,
          };
        tests.push((l) => Object.hasOwn(l, key) && values.includes(l[key]!));
        break;
      case 'NotIn':
        if (values.length === 0)
          return {
            ok: false,
            error: `values: Required value: for 'in', 'notin' operators, values set can't be empty`,
          };
        tests.push((l) => !Object.hasOwn(l, key) || !values.includes(l[key]!));
        break;
      case 'Exists':
        tests.push((l) => Object.hasOwn(l, key));
        break;
      case 'DoesNotExist':
        tests.push((l) => !Object.hasOwn(l, key));
        break;
      default:
        return { ok: false, error: `${JSON.stringify(e?.operator)} is not a valid label selector operator` };
    }
  }
  return { ok: true, matches: (l) => tests.every((t) => t(l)) };
}

export function isEmptySelector(sel: unknown): boolean {
  if (sel === undefined || sel === null || typeof sel !== 'object') return true;
  const s = sel as LabelSelector;
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}
