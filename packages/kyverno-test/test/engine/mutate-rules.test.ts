/**
 * Mutate rules, fixture-driven (test/fixtures/mutate/cases.yaml): each case is one rule, one resource,
 * the rule response Kyverno gives and the resource afterwards.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compilePolicy, type K8sObject } from '../../src/engine/index.js';
import { mutatePolicy } from '../../src/engine/mutate/mutate-policy.js';

interface Case {
  name: string;
  rule: Record<string, unknown>;
  resource: K8sObject;
  status: string;
  rule_name?: string;
  patched?: K8sObject;
}

const cases = parse(
  readFileSync(new URL('../fixtures/mutate/cases.yaml', import.meta.url), 'utf8'),
) as Case[];

function policyOf(rule: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'p' },
    spec: { rules: [{ name: 'r', ...rule }] },
  } as K8sObject;
}

describe('mutate rules (fixtures/mutate/cases.yaml)', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(10));
  for (const c of cases) {
    it(c.name, () => {
      const compiled = compilePolicy(policyOf(c.rule));
      expect(compiled.findings).toEqual([]);
      const before = structuredClone(c.resource);
      const out = mutatePolicy(compiled.policy!, c.resource);
      expect(out.results.map((r) => [r.rule, r.status])).toEqual([[c.rule_name ?? 'r', c.status]]);
      expect(out.resource).toEqual(c.patched ?? c.resource);
      // the input object is never changed in place
      expect(c.resource).toEqual(before);
      expect(out.changes.length).toBe(c.patched ? 1 : 0);
    });
  }
});
