/**
 * Result rows whose rule reads an image registry. An `imageRegistry` context entry is loaded by
 * `kyverno test` only with `--registry` (cmd/cli/kubectl-kyverno/store/contextloader.go drops the
 * registry client otherwise, and kyverno v1.19.1 pkg/engine/factories/contextloaderfactory.go then skips
 * the entry); suites that expect registry data are run that way (the Makefile's `test --registry`).
 * This engine never contacts a registry, so such a row is decidable only when the Values file supplies
 * the entry's variable, as the offline CLI run uses it: globally, for the rule (values or
 * foreachValues), or for every resource the row names.
 */
import { isPlainRecord as isObj } from '@neuroscale/core';
import type { ValuesSpec } from '../engine/index.js';
import type { TestResultRow } from './test-file-types.js';

/** Names of the `imageRegistry` context entries of a rule, its foreach blocks included (nested). */
function registryEntryNames(node: unknown, out: Set<string>, depth = 0): void {
  if (depth > 16 || !isObj(node)) return;
  if (Array.isArray(node.context))
    for (const e of node.context)
      if (isObj(e) && isObj(e.imageRegistry) && typeof e.name === 'string') out.add(e.name);
  const validate = isObj(node.validate) ? node.validate : undefined;
  const mutate = isObj(node.mutate) ? node.mutate : undefined;
  for (const list of [node.foreach, validate?.foreach, mutate?.foreach])
    if (Array.isArray(list)) for (const f of list) registryEntryNames(f, out, depth + 1);
}

const supplies = (values: Record<string, unknown> | undefined, name: string): boolean =>
  values !== undefined && Object.keys(values).some((k) => k === name || k.startsWith(`${name}.`));

function suppliedByValues(
  name: string,
  rule: string,
  policy: string,
  row: TestResultRow,
  values?: ValuesSpec,
) {
  if (!values) return false;
  if (supplies(values.globalValues, name)) return true;
  const pol = values.policies?.find((p) => p.name === policy);
  const r = pol?.rules?.find((x) => x.name === rule);
  if (supplies(r?.values, name)) return true;
  const fv = r?.foreachValues;
  if (fv && (Array.isArray(fv) ? fv.some((m) => supplies(m, name)) : supplies(fv, name))) return true;
  const names = row.resources.map((n) => n.slice(n.indexOf('/') + 1));
  return (
    names.length > 0 && names.every((n) => supplies(pol?.resources?.find((x) => x.name === n)?.values, name))
  );
}

/** Why the row cannot be decided without a registry, or undefined. */
export function registryContextReason(
  policyObject: unknown,
  policyName: string,
  row: TestResultRow,
  values: ValuesSpec | undefined,
): string | undefined {
  const spec = isObj(policyObject) && isObj(policyObject.spec) ? policyObject.spec : {};
  const rules = Array.isArray(spec.rules) ? spec.rules.filter(isObj) : [];
  for (const rule of rules) {
    const ruleName = typeof rule.name === 'string' ? rule.name : '';
    if (row.rule !== '' && row.rule !== ruleName) continue;
    const names = new Set<string>();
    registryEntryNames(rule, names);
    for (const name of names)
      if (!suppliedByValues(name, ruleName, policyName, row, values))
        return `rule ${ruleName} loads imageRegistry context ${name}, which needs registry access (kyverno test --registry)`;
  }
  return undefined;
}
