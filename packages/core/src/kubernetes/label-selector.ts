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

/** visit returns false to stop the walk (a requirement that already failed). */
type Visit = (key: string, operator: LabelSelectorOperator, values: readonly string[]) => boolean;
const STOPPED = Symbol('stopped');

/**
 * The selector's requirements in LabelSelectorAsSelector's order (matchLabels, then matchExpressions), each
 * handed to `visit` as soon as it is read: the error text of the first invalid part, STOPPED when visit
 * stopped the walk, undefined when every requirement was visited.
 */
function walkLabelSelector(
  selector: Record<string, unknown>,
  options: LabelSelectorOptions,
  visit: Visit,
): string | typeof STOPPED | undefined {
  const lenient = options.malformed === 'ignored';
  const ml = selector.matchLabels;
  if (ml !== undefined && ml !== null) {
    if (isPlainRecord(ml)) {
      for (const key of Object.keys(ml)) if (!visit(key, 'In', [String(ml[key])])) return STOPPED;
    } else if (!lenient) return 'matchLabels must be an object';
  }
  const me = selector.matchExpressions;
  if (me === undefined || me === null) return undefined;
  if (!Array.isArray(me)) return lenient ? undefined : 'matchExpressions must be a list';
  for (const e of me) {
    if (!isPlainRecord(e)) {
      if (lenient) continue;
      return 'matchExpressions entries must be objects';
    }
    if (typeof e.key !== 'string' && !lenient) return 'matchExpressions key must be a string';
    const key = typeof e.key === 'string' ? e.key : String(e.key ?? '');
    switch (e.operator) {
      case 'In':
      case 'NotIn': {
        const values = Array.isArray(e.values) ? e.values.map(String) : [];
        if (values.length === 0 && options.emptyValues !== 'set-membership') return EMPTY_VALUES_ERROR;
        if (!visit(key, e.operator, values)) return STOPPED;
        break;
      }
      case 'Exists':
      case 'DoesNotExist':
        if (!visit(key, e.operator, [])) return STOPPED;
        break;
      default:
        return `${JSON.stringify(e.operator)} is not a valid label selector operator`;
    }
  }
  return undefined;
}

/** The selector as a list of requirements (matchLabels first, as LabelSelectorAsSelector builds them). */
export function compileLabelSelector(
  selector: unknown,
  options: LabelSelectorOptions = {},
): CompiledLabelSelector {
  if (selector === undefined || selector === null)
    return options.absent === 'invalid' ? { ok: false, error: 'selector is absent' } : MATCH_ALL;
  if (!isPlainRecord(selector))
    return options.malformed === 'ignored' ? MATCH_ALL : { ok: false, error: 'selector must be an object' };
  const requirements: LabelRequirement[] = [];
  const outcome = walkLabelSelector(selector, options, (key, operator, values) => {
    requirements.push({ key, operator, values });
    return true;
  });
  return typeof outcome === 'string' ? { ok: false, error: outcome } : { ok: true, requirements };
}

/** labels/selector.go Requirement.Matches; only own keys of `labels` are labels. */
function requirementMatches(
  labels: Record<string, string>,
  key: string,
  operator: LabelSelectorOperator,
  values: readonly string[],
): boolean {
  const has = Object.hasOwn(labels, key);
  switch (operator) {
    case 'In':
      return has && values.includes(labels[key] as string);
    case 'NotIn':
      return !has || !values.includes(labels[key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** Requirement.Matches for every requirement. */
export function labelRequirementsMatch(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  return requirements.every((r) => requirementMatches(labels, r.key, r.operator, r.values));
}

/**
 * Does the selector select these labels? An invalid selector selects nothing. Evaluated while it is read
 * (no requirement list): a failed requirement and an invalid part both answer false, so the walk can stop
 * at the first of either.
 */
export function matchesLabelSelector(
  selector: unknown,
  labels: Record<string, string>,
  options: LabelSelectorOptions = {},
): boolean {
  if (selector === undefined || selector === null) return options.absent !== 'invalid';
  if (!isPlainRecord(selector)) return options.malformed === 'ignored';
  return (
    walkLabelSelector(selector, options, (key, operator, values) =>
      requirementMatches(labels, key, operator, values),
    ) === undefined
  );
}

/** A selector with neither matchLabels entries nor matchExpressions (or none at all). */
export function isEmptyLabelSelector(selector: unknown): boolean {
  if (!isPlainRecord(selector)) return true;
  const ml = isPlainRecord(selector.matchLabels) ? selector.matchLabels : {};
  const me = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return Object.keys(ml).length === 0 && me.length === 0;
}
