import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatTestTable, runTestSuites, type TestRunResult } from '../../src/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/runner');

/** Engine messages are the engine's business; everything else is the runner's contract. */
function withoutMessages(result: TestRunResult): TestRunResult {
  return {
    ...result,
    suites: result.suites.map((s) => ({ ...s, results: s.results.map(({ message: _m, ...r }) => r) })),
  };
}

describe('runTestSuites on fixture suites (expected.json beside each)', () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    it(name, async () => {
      const dir = path.join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
      const actual = await runTestSuites([dir], { root: dir });
      expect(withoutMessages(actual)).toEqual(expected);
    });
  }

  it('reports missing inputs as suite findings and keeps going', async () => {
    const dir = path.join(FIXTURES, 'basic');
    const result = await runTestSuites([path.join(FIXTURES, 'no-such-dir'), dir], { root: FIXTURES });
    expect(result.summary.errors).toBe(1);
    expect(result.suites[0]!.findings![0]!.message).toMatch(/no such file or directory/);
    expect(result.suites[1]!.path).toBe('basic/kyverno-test.yaml');
  });

  it("a suite not started within the run's time budget is an error, never a pass", async () => {
    const dir = path.join(FIXTURES, 'basic');
    const spent = await runTestSuites([dir], { root: FIXTURES, timeBudgetMs: 0 });
    expect(spent.summary).toEqual({ pass: 0, fail: 0, unsupported: 0, errors: 1 });
    expect(spent.suites[0]!.findings![0]).toMatchObject({
      ruleId: 'kyverno-test/time-budget',
      severity: 'error',
      location: { file: 'basic/kyverno-test.yaml' },
    });
    const whole = await runTestSuites([dir], { root: FIXTURES });
    expect(whole.summary.errors).toBe(0);
  });
});

describe('formatTestTable', () => {
  it('prints the kyverno test table and summary', () => {
    const text = formatTestTable({
      suites: [
        {
          path: 'p/kyverno-test.yaml',
          name: 'demo',
          results: [
            {
              policy: 'p',
              rule: 'r',
              resource: 'v1/Pod/default/a',
              expected: 'pass',
              actual: 'pass',
              ok: true,
              reason: 'Ok',
            },
            {
              policy: 'p',
              rule: 'r',
              resource: 'v1/Pod/default/bb',
              expected: 'pass',
              actual: 'fail',
              ok: false,
              reason: 'Want pass, got fail',
            },
          ],
          unsupported: [
            {
              policy: 'm',
              rule: 'add',
              resources: ['a'],
              expected: 'pass',
              reason: 'rule add uses mutate',
              verdicts: 1,
            },
          ],
        },
      ],
      summary: { pass: 1, fail: 1, unsupported: 1, errors: 0 },
    });
    expect(text).toBe(
      [
        'Loading test demo ( p/kyverno-test.yaml ) ...',
        '  Not supported: m/add on a (want pass): rule add uses mutate',
        '│────│────────│──────│───────────────────│────────│─────────────────────│',
        '│ ID │ POLICY │ RULE │ RESOURCE          │ RESULT │ REASON              │',
        '│────│────────│──────│───────────────────│────────│─────────────────────│',
        '│ 1  │ p      │ r    │ v1/Pod/default/a  │ Pass   │ Ok                  │',
        '│ 2  │ p      │ r    │ v1/Pod/default/bb │ Fail   │ Want pass, got fail │',
        '│────│────────│──────│───────────────────│────────│─────────────────────│',
        '',
        'Test Summary: 1 tests passed and 1 tests failed; 1 expected results not checked (unsupported features)',
        '',
      ].join('\n'),
    );
  });
});
