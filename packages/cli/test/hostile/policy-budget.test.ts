/**
 * A policy under test comes from the pull request too. A catastrophic regex must not hang the run
 * (Kyverno's regex functions are Go RE2: linear time, and so are ours), wildcard patterns are linear,
 * and an expensive JMESPath expression hits the per-rule time budget and yields `error`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';

const rule = (name: string, validate: string) => `    - name: ${name}
      match:
        any:
          - resources:
              kinds: [ConfigMap]
      validate:
${validate}`;

// Two equal trees built separately, 32 levels of `[@,@]` each: building them is cheap (each level holds
// the level below twice, by reference), but `==` between them compares 2^32 pairs of leaves, which no
// machine finishes within the 2 s rule budget. (A filter of 200 `||` terms over 100,000 elements, the
// previous heavy expression, finished inside the budget on a fast machine: the test must not depend on
// the machine's speed.)
const TREE = `request.object.data${' | [@,@]'.repeat(32)}`;

const POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: hostile
spec:
  validationFailureAction: Enforce
  background: true
  rules:
${rule(
  'catastrophic-regex',
  `        message: backtracking regex
        deny:
          conditions:
            any:
              - key: "{{ regex_match('(a+)+$', request.object.data.s) }}"
                operator: Equals
                value: false
`,
)}${rule(
  'catastrophic-wildcard',
  `        message: wildcard
        pattern:
          data:
            s: "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"
`,
)}${rule(
  'heavy-jmespath',
  `        message: heavy
        deny:
          conditions:
            any:
              - key: "{{ [${TREE}, ${TREE}] | @[0] == @[1] }}"
                operator: Equals
                value: false
`,
)}`;

const RESOURCE = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'victim', namespace: 'default' },
  data: { s: `${'a'.repeat(50_000)}!` },
});

const row = (name: string, result: string) =>
  `  - policy: hostile\n    rule: ${name}\n    resources: [victim]\n    kind: ConfigMap\n    result: ${result}\n`;

const TEST = `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: hostile
policies: [policy.yaml]
resources: [resource.json]
results:
${row('catastrophic-regex', 'fail')}${row('catastrophic-wildcard', 'fail')}${row('heavy-jmespath', 'error')}`;

describe('policy engine: pathological rules cannot hang `policy test`', () => {
  it('regex and wildcards run in linear time; heavy JMESPath ends in `error` on the time budget', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-policy-hostile-'));
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    writeFileSync(join(dir, 'resource.json'), RESOURCE);
    writeFileSync(join(dir, 'kyverno-test.yaml'), TEST);
    const start = Date.now();
    const r = await cli(['policy', 'test', '.', '--format', 'json'], { cwd: dir });
    const elapsed = Date.now() - start;
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const results = out.suites[0].results.map((x: { rule: string; actual: string; message?: string }) => [
      x.rule,
      x.actual,
    ]);
    expect(results).toEqual([
      ['catastrophic-regex', 'fail'],
      ['catastrophic-wildcard', 'fail'],
      ['heavy-jmespath', 'error'],
    ]);
    const heavy = out.suites[0].results.find((x: { rule: string }) => x.rule === 'heavy-jmespath');
    expect(heavy.message).toMatch(/time budget/);
    expect(out.summary).toEqual({ pass: 3, fail: 0, unsupported: 0, errors: 0 });
    expect(r.code).toBe(0);
    // generous guard against a hang (the default budget is 2 s per rule), not a speed check
    expect(elapsed).toBeLessThan(60_000);
  }, 120_000);
});
