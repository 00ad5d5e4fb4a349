/**
 * Which `ignoreDifferences` rules apply to which object: the Application's own `spec.ignoreDifferences`
 * (for apps an ApplicationSet generates: its template's), then the `resource.customizations.ignoreDifferences`
 * overrides of the Argo CD environment. Matching follows argoproj/argo-cd
 * util/argo/normalizers/diff_normalizer.go (`NewIgnoreNormalizer`, `ignoreNormalizer.Normalize`): group and kind
 * are globs, name and namespace match exactly when set. Override keys follow `getGroupKindForOverrideKey`
 * (util/argo/normalizers/util.go): `<group>/<kind>` or `<kind>`; argocd-cm spells the slash `_` and `all` is `*\/*`
 * (util/settings/settings.go).
 */
import type { K8sObject, Manifest } from '@neuroscale/core';
import { apiGroup, getOwn, isPlainRecord } from '@neuroscale/core';
import type { IgnoreDifferencesOverrides, IgnoreDifferencesRule } from './diff-model.js';
import { wildcardMatch } from './wildcard-match.js';

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** One untrusted `ignoreDifferences[]` entry as a rule; undefined when it has no kind. */
export function parseIgnoreRule(raw: unknown): IgnoreDifferencesRule | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const kind = text(getOwn(raw, 'kind'));
  if (!kind) return undefined;
  const rule: IgnoreDifferencesRule = { kind };
  const group = text(getOwn(raw, 'group'));
  const name = text(getOwn(raw, 'name'));
  const namespace = text(getOwn(raw, 'namespace'));
  if (group) rule.group = group;
  if (name) rule.name = name;
  if (namespace) rule.namespace = namespace;
  const pointers = strings(getOwn(raw, 'jsonPointers'));
  const jq = strings(getOwn(raw, 'jqPathExpressions'));
  const managers = strings(getOwn(raw, 'managedFieldsManagers'));
  if (pointers?.length) rule.jsonPointers = pointers;
  if (jq?.length) rule.jqPathExpressions = jq;
  if (managers?.length) rule.managedFieldsManagers = managers;
  return rule;
}

function rulesAt(obj: K8sObject, ...path: string[]): IgnoreDifferencesRule[] {
  let cur: unknown = obj;
  for (const key of path) cur = isPlainRecord(cur) ? getOwn(cur, key) : undefined;
  if (!Array.isArray(cur)) return [];
  return cur.map(parseIgnoreRule).filter((r): r is IgnoreDifferencesRule => r !== undefined);
}

/**
 * The `ignoreDifferences` of every Application rendered as an object of another (app of apps), by name, and
 * of every ApplicationSet's template, by set name. Root Applications read from files are not rendered objects:
 * their rules come through `DiffOptions.rootAppIgnoreDifferences`.
 */
export function collectAppIgnoreRules(manifests: readonly Manifest[]): {
  apps: Map<string, IgnoreDifferencesRule[]>;
  sets: Map<string, IgnoreDifferencesRule[]>;
} {
  const apps = new Map<string, IgnoreDifferencesRule[]>();
  const sets = new Map<string, IgnoreDifferencesRule[]>();
  for (const { object } of manifests) {
    if (apiGroup(object.apiVersion) !== 'argoproj.io') continue;
    const name = text(object.metadata?.name);
    if (!name) continue;
    if (object.kind === 'Application') apps.set(name, rulesAt(object, 'spec', 'ignoreDifferences'));
    else if (object.kind === 'ApplicationSet')
      sets.set(name, rulesAt(object, 'spec', 'template', 'spec', 'ignoreDifferences'));
  }
  return { apps, sets };
}

/** Overrides as rules (argocd-cm key `apps_Deployment` or `apps/Deployment` → group apps, kind Deployment). */
export function overrideRules(overrides: IgnoreDifferencesOverrides | undefined): IgnoreDifferencesRule[] {
  const rules: IgnoreDifferencesRule[] = [];
  for (const [rawKey, value] of Object.entries(overrides ?? {})) {
    const key = rawKey === 'all' ? '*/*' : rawKey.includes('/') ? rawKey : rawKey.replace('_', '/');
    const parts = key.split('/');
    if (parts.length > 2 || !isPlainRecord(value)) continue;
    const rule = parseIgnoreRule({ ...value, kind: parts[parts.length - 1] });
    if (!rule) continue;
    if (parts.length === 2 && parts[0]) rule.group = parts[0];
    rules.push(rule);
  }
  return rules;
}

export function ruleMatches(rule: IgnoreDifferencesRule, obj: K8sObject): boolean {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  return (
    wildcardMatch(rule.group ?? '', apiGroup(obj.apiVersion)) &&
    wildcardMatch(rule.kind, kind) &&
    (!rule.name || rule.name === obj.metadata?.name) &&
    (!rule.namespace || rule.namespace === obj.metadata?.namespace)
  );
}
