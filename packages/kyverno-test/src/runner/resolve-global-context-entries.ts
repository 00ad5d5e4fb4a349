/**
 * A Test's `globalContextEntries` (offline data for `globalReference` context entries), shaped the way
 * `kyverno test` shapes them (cmd/cli/kubectl-kyverno/apis/v1alpha1/test.go: GlobalContextEntryValue,
 * ValidateGlobalContextEntries; the CLI store's applyFieldPathAndProjections): `name` required and
 * unique; the root is `data` (a JSON object) or the inline `resources` list; `fieldPath` (JMESPath)
 * narrows the root; with `projections`, the entry becomes the object `{<projection name>: <path over
 * the root>}`. An invalid entry is an error finding on the Test, and is not used.
 */
import { type Finding, finding, isPlainRecord as isObj } from '@neuroscale/core';
import { searchJmesPath } from '../engine/jmespath/search.js';

export interface GlobalContextEntryData {
  name: string;
  data: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The entry's value, or a message saying why it is invalid. */
function entryValue(e: Record<string, unknown>, name: string): { value: unknown } | { error: string } {
  let root: unknown;
  if (isObj(e.data)) root = e.data;
  else if (Array.isArray(e.resources)) root = e.resources;
  else return { error: `entry "${name}": data is required (a JSON object)` };
  try {
    if (str(e.fieldPath)) root = searchJmesPath(str(e.fieldPath), root);
    const projections = Array.isArray(e.projections) ? e.projections.filter(isObj) : [];
    if (projections.length === 0) return { value: root };
    const out: Record<string, unknown> = Object.create(null);
    for (const p of projections) {
      if (!str(p.name) || !str(p.path))
        return { error: `entry "${name}": every projection needs a name and a path` };
      out[str(p.name)] = searchJmesPath(str(p.path), root);
    }
    return { value: { ...out } };
  } catch (err) {
    return { error: `entry "${name}": ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function resolveGlobalContextEntries(
  entries: ReadonlyArray<Record<string, unknown>>,
  where: { file: string; line: number },
): { entries: GlobalContextEntryData[]; findings: Finding[] } {
  const out: GlobalContextEntryData[] = [];
  const findings: Finding[] = [];
  const bad = (message: string) =>
    findings.push(
      finding({
        ruleId: 'kyverno-test/invalid-global-context',
        message: `globalContextEntries: ${message}`,
        location: { file: where.file, line: where.line, column: 1 },
      }),
    );
  const seen = new Set<string>();
  for (const e of entries) {
    const name = str(e.name);
    if (!name) {
      bad('name is required');
      continue;
    }
    if (seen.has(name)) {
      bad(`duplicate name "${name}"`);
      continue;
    }
    seen.add(name);
    const resolved = entryValue(e, name);
    if ('error' in resolved) bad(resolved.error);
    else out.push({ name, data: resolved.value });
  }
  return { entries: out, findings };
}
