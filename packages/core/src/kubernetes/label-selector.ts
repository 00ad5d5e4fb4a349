/**
 * metav1.LabelSelector (matchLabels + matchExpressions) against a label set, after
 * k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and
 * k8s.io/apimachinery/pkg/labels/selector.go Requirement.Matches.
 *
 * Callers differ in what they do with a selector Kubernetes itself would refuse; each difference is an
 * explicit option (see LabelSelectorOptions) rather than a private copy of the matcher.
 */
import { isPlainRecord } from '../model/safe-object.js';

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values: readonly string[];
}

export interface LabelSelectorOptions {
  /**
   * An undefined or null selector. `matches-all` (default): LabelSelectorAsSelector turns a nil selector
   * into labels.Nothing, but the callers here (ApplicationSet `selector`, ValidatingPolicy
   * `objectSelector`/`namespaceSelector`) treat an omitted selector as "no restriction". `invalid`: the
   * caller has already decided an absent selector means "not this rule" (Kyverno `selector` under
   * `match.resources`, where the rule only asks for a selector it has).
   */
  absent?: 'matches-all' | 'invalid';
  /**
   * A selector of the wrong shape (not an object, matchLabels not an object, matchExpressions not a list, an
   * expression not an object or its key not a string). `invalid` (default): Kubernetes fails to decode it.
   * `ignored`: the wrong-shaped part is dropped (key stringified), the lenient reading of an admission
   * policy's selectors that were already admitted by the API server.
   */
  malformed?: 'invalid' | 'ignored';
  /**
   * `In`/`NotIn` with an empty `values`. `invalid` (default): LabelSelectorAsSelector refuses it ("for 'in',
   * 'notin' operators, values set can't be empty"). `set-membership`: evaluated literally, so `In []` never
   * matches and `NotIn []` always does.
   */
  emptyValues?: 'invalid' | 'set-membership';
}

export type CompiledLabelSelector =
  | { ok: true; requirements: readonly LabelRequirement[] }
  | { ok: false; error: string };

const EMPTY_VALUES_ERROR = `values: Required value: for 'in', 'notin' operators, values set can't be empty`;
const MATCH_ALL: CompiledLabelSelector = { ok: true, requirements: [] };

/** The selector as a list of requirements (matchLabels first, as LabelSelectorAsSelector builds them). */
export function compileLabelSelector(
  selector: unknown,
  options: LabelSelectorOptions = {},
): CompiledLabelSelector {
  const lenient = options.malformed === 'ignored';
  if (selector === undefined || selector === null)
    return options.absent === 'invalid' ? { ok: false, error: 'selector is absent' } : MATCH_ALL;
  if (!isPlainRecord(selector))
    return lenient ? MATCH_ALL : { ok: false, error: 'selector must be an object' };
  const requirements: LabelRequirement[] = [];
  const ml = selector.matchLabels;
  if (ml !== undefined && ml !== null) {
    if (isPlainRecord(ml)) {
      for (const [key, v] of Object.entries(ml))
        requirements.push({ key, operator: 'In', values: [String(v)] });
    } else if (!lenient) return { ok: false, error: 'matchLabels must be an object' };
  }
  const me = selector.matchExpressions;
  if (me !== undefined && me !== null) {
    if (Array.isArray(me)) {
      for (const e of me) {
        if (!isPlainRecord(e)) {
          if (lenient) continue;
          return { ok: false, error: 'matchExpressions entries must be objects' };
        }
        if (typeof e.key !== 'string' && !lenient)
          return { ok: false, error: 'matchExpressions key must be a string' };
        const key = typeof e.key === 'string' ? e.key : String(e.key ?? '');
        const values = Array.isArray(e.values) ? e.values.map(String) : [];
        switch (e.operator) {
          case 'In':
          case 'NotIn':
            if (values.length === 0 && options.emptyValues !== 'set-membership')
              return { ok: false, error: EMPTY_VALUES_ERROR };
            requirements.push({ key, operator: e.operator, values });
            break;
          case 'Exists':
          case 'DoesNotExist':
            requirements.push({ key, operator: e.operator, values: [] });
            break;
          default:
            return {
              ok: false,
              error: `${JSON.stringify(e.operator)} is not a valid label selector operator`,
            };
        }
      }
    } else if (!lenient) return { ok: false, error: 'matchExpressions must be a list' };
  }
  return { ok: true, requirements };
}

/** labels/selector.go Requirement.Matches for every requirement; only own keys of `labels` are labels. */
export function labelRequirementsMatch(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  for (const r of requirements) {
    const has = Object.hasOwn(labels, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(labels[r.key] as string)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(labels[r.key] as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Does the selector select these labels? An invalid selector selects nothing. */
export function matchesLabelSelector(
  selector: unknown,
  labels: Record<string, string>,
  options: LabelSelectorOptions = {},
): boolean {
  const compiled = compileLabelSelector(selector, options);
  return compiled.ok && labelRequirementsMatch(compiled.requirements, labels);
}

/** A selector with neither matchLabels entries nor matchExpressions (or none at all). */
export function isEmptyLabelSelector(selector: unknown): boolean {
  if (!isPlainRecord(selector)) return true;
  const ml = isPlainRecord(selector.matchLabels) ? selector.matchLabels : {};
  const me = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return Object.keys(ml).length === 0 && me.length === 0;
}
