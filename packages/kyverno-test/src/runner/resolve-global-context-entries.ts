/**
 * A Test's `globalContextEntries` (offline data for `globalReference` context entries), shaped the way
 * `kyverno test` shapes them (cmd/cli/kubectl-kyverno/apis/v1alpha1/test.go: GlobalContextEntryValue,
 * ValidateGlobalContextEntries): `name` required and unique, `data` a JSON object; `fieldPath` (JMESPath)
 * picks the root, and each `projections[]` entry `{name, path}` is a JMESPath over that root.
 * An invalid entry is an error finding on the Test, and is not used.
 */
import { type Finding, finding, isPlainRecord as isObj } from '@neuroscale/core';
import { searchJmesPath } from '../engine/jmespath/search.js';

export interface GlobalContextEntryData {
  name: string;
  data: unknown;
  projections?: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

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
    if (!isObj(e.data)) {
      bad(`entry "${name}": data must be a JSON object`);
      continue;
    }
    try {
      const root = str(e.fieldPath) ? searchJmesPath(str(e.fieldPath), e.data) : e.data;
      const resolved: GlobalContextEntryData = { name, data: root };
      const projections = Array.isArray(e.projections) ? e.projections.filter(isObj) : [];
      if (projections.length > 0) {
        const byName: Record<string, unknown> = Object.create(null);
        for (const p of projections) {
          if (!str(p.name) || !str(p.path)) {
            throw new Error(`projection ${str(p.name) || '(unnamed)'}: name and path are required`);
          }
          byName[str(p.name)] = searchJmesPath(str(p.path), root);
        }
        resolved.projections = byName;
      }
      out.push(resolved);
    } catch (err) {
      bad(`entry "${name}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { entries: out, findings };
}
