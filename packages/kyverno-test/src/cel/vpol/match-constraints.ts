/**
 * admissionregistration/v1 MatchResources for CEL policies (matchConstraints): resourceRules,
 * excludeResourceRules, namespaceSelector, objectSelector — on a GVR from the CLI's REST mapping
 * (built-in plural names; fallback: the first rule resource starting with the lower-cased kind).
 */
import { isPlainRecord as isObj, type LabelSelectorOptions, matchesLabelSelector } from '@neuroscale/core';
import { pluralOf } from '../libraries/kind-plurals.js';

/**
 * objectSelector/namespaceSelector: an omitted selector matches everything; the API server already admitted
 * the policy, so a wrong-shaped part is read leniently (ignored), and `In`/`NotIn` with no values are
 * evaluated as set membership (`In []` never matches, `NotIn []` always does).
 */
const VPOL_SELECTOR: LabelSelectorOptions = {
  absent: 'matches-all',
  malformed: 'ignored',
  emptyValues: 'set-membership',
};

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  resourceNames: string[];
  scope: string;
}

export interface MatchConstraints {
  /** Kind → resource name memo (see resourceNameFor). */
  resourceNames?: Map<string, string>;
  /**
   * MatchInput.ruleKey → whether the resource rules select it (see rulesSelect): set when no rule names
   * resources (`resourceNames`), as the rules then depend on the key's fields only.
   */
  ruleMemo?: Map<string, boolean>;
  resourceRules: ResourceRule[];
  excludeResourceRules: ResourceRule[];
  namespaceSelector?: unknown;
  objectSelector?: unknown;
}

export interface MatchInput {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
  operation: string;
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  /** Cluster-scoped kind. */
  clusterScoped: boolean;
  /**
   * group, version, kind, operation and scope in one string (see matchInputRuleKey): what the resource
   * rules read besides the name, so their verdict is memoised per policy and key.
   */
  ruleKey?: string;
}

/** MatchInput.ruleKey of an input. */
export function matchInputRuleKey(input: Omit<MatchInput, 'ruleKey'>): string {
  return `${input.group}\0${input.version}\0${input.kind}\0${input.operation}\0${input.clusterScoped ? 'c' : 'n'}`;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function decodeRules(v: unknown): ResourceRule[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((r) => ({
    apiGroups: strings(r.apiGroups),
    apiVersions: strings(r.apiVersions),
    resources: strings(r.resources),
    operations: strings(r.operations),
    resourceNames: strings(r.resourceNames),
    scope: typeof r.scope === 'string' ? r.scope : '*',
  }));
}

export function decodeMatchConstraints(v: unknown): MatchConstraints {
  const m = isObj(v) ? v : {};
  return {
    resourceRules: decodeRules(m.resourceRules),
    excludeResourceRules: decodeRules(m.excludeResourceRules),
    namespaceSelector: m.namespaceSelector ?? undefined,
    objectSelector: m.objectSelector ?? undefined,
  };
}

/** The resource (plural) name of the input's kind for these rules. */
export function resourceNameFor(kind: string, rules: readonly ResourceRule[]): string {
  const plural = pluralOf(kind);
  const all = rules.flatMap((r) => r.resources);
  if (all.includes(plural)) return plural;
  const lower = kind.toLowerCase();
  const fallback = all.find((r) => r.startsWith(lower) && !r.includes('/'));
  return fallback ?? plural;
}

const has = (list: string[], v: string) => list.includes('*') || list.includes(v);

function ruleMatches(rule: ResourceRule, input: MatchInput, resource: string): boolean {
  if (!has(rule.apiGroups, input.group) || !has(rule.apiVersions, input.version)) return false;
  if (!(rule.resources.includes('*') || rule.resources.includes('*/*') || rule.resources.includes(resource)))
    return false;
  if (!has(rule.operations, input.operation)) return false;
  if (rule.resourceNames.length > 0 && !rule.resourceNames.includes(input.name)) return false;
  if (rule.scope === 'Namespaced' && input.clusterScoped) return false;
  if (rule.scope === 'Cluster' && !input.clusterScoped) return false;
  return true;
}

/** resourceNameFor over both rule lists, memoised per kind. */
export function constraintResourceName(m: MatchConstraints, kind: string): string {
  m.resourceNames ??= new Map();
  let name = m.resourceNames.get(kind);
  if (name === undefined) {
    name = resourceNameFor(kind, [...m.resourceRules, ...m.excludeResourceRules]);
    m.resourceNames.set(kind, name);
  }
  return name;
}

/** resourceRules select the input and excludeResourceRules do not (memoised per ruleKey, see ruleMemo). */
function rulesSelect(m: MatchConstraints, input: MatchInput): boolean {
  const key = input.ruleKey;
  if (key !== undefined) {
    if (m.ruleMemo === undefined) {
      const named =
        m.resourceRules.some((r) => r.resourceNames.length > 0) ||
        m.excludeResourceRules.some((r) => r.resourceNames.length > 0);
      if (!named) m.ruleMemo = new Map();
    }
    const hit = m.ruleMemo?.get(key);
    if (hit !== undefined) return hit;
  }
  const resource = constraintResourceName(m, input.kind);
  const selected =
    m.resourceRules.some((r) => ruleMatches(r, input, resource)) &&
    !m.excludeResourceRules.some((r) => ruleMatches(r, input, resource));
  if (key !== undefined) m.ruleMemo?.set(key, selected);
  return selected;
}

export function matchesConstraints(m: MatchConstraints, input: MatchInput): boolean {
  if (!rulesSelect(m, input)) return false;
  if (m.objectSelector !== undefined && !matchesLabelSelector(m.objectSelector, input.labels, VPOL_SELECTOR))
    return false;
  if (m.namespaceSelector !== undefined) {
    if (input.kind === 'Namespace' && input.group === '') {
      if (!matchesLabelSelector(m.namespaceSelector, input.labels, VPOL_SELECTOR)) return false;
    } else if (
      !input.clusterScoped &&
      !matchesLabelSelector(m.namespaceSelector, input.namespaceLabels, VPOL_SELECTOR)
    )
      return false;
  }
  return true;
}
