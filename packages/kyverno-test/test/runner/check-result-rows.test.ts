import { describe, expect, it } from 'vitest';
import type { CompiledPolicy, RuleResult } from '../../src/engine/index.js';
import type { LoadedPolicy } from '../../src/policies/load-policies.js';
import { type CheckRowsInput, checkResultRows } from '../../src/runner/check-result-rows.js';
import type { SuiteResource } from '../../src/runner/load-suite.js';
import type { TestResultRow, TestSpec } from '../../src/runner/test-file-types.js';

function policy(name: string, extra: Partial<CompiledPolicy> = {}): LoadedPolicy {
  return {
    policy: {
      name,
      kind: 'ClusterPolicy',
      key: name,
      rules: [],
      validationFailureAction: 'Audit',
      scored: true,
      source: {},
      unsupportedRules: [],
      internal: undefined,
      ...extra,
    },
    object: {},
    file: 'p.yaml',
    line: 1,
    annotations: {},
  };
}

function resource(kind: string, name: string, namespace = 'default', apiVersion = 'v1'): SuiteResource {
  return {
    object: { apiVersion, kind, metadata: { name, namespace } },
    apiVersion,
    kind,
    namespace,
    name,
    file: 'r.yaml',
    line: 1,
  };
}

function row(init: Partial<TestResultRow> & Pick<TestResultRow, 'policy' | 'result'>): TestResultRow {
  return { index: 0, line: 0, rule: '', resources: [], resourceSpecs: [], unsupportedFields: [], ...init };
}

function test(results: TestResultRow[], extra: Partial<TestSpec> = {}): TestSpec {
  return {
    name: 't',
    legacy: false,
    policies: [],
    resources: [],
    exceptions: [],
    results,
    unsupportedFields: [],
    ...extra,
  };
}

const rr = (rule: string, status: RuleResult['status'], baseRule = rule): RuleResult => ({
  policy: 'p',
  rule,
  baseRule,
  status,
  message: `${rule} ${status}`,
});

/** Engine stand-in: responses keyed by `<resource name>`. */
function input(
  t: TestSpec,
  resources: SuiteResource[],
  responses: Record<string, RuleResult[]>,
  extra: Partial<CheckRowsInput> = {},
): CheckRowsInput {
  return {
    test: t,
    resources,
    policies: [policy('p')],
    invalid: [],
    unsupportedPolicies: [],
    evaluate: (ri) => ({ results: responses[resources[ri]!.name] ?? [] }),
    ...extra,
  };
}

describe('checkResultRows (kyverno test row matching)', () => {
  it('compares each selected rule response with the expected result and reports a wrong expectation', () => {
    const resources = [resource('Pod', 'good'), resource('Pod', 'bad')];
    const out = checkResultRows(
      input(
        test([
          row({ policy: 'p', rule: 'r', resources: ['good'], result: 'pass' }),
          row({ policy: 'p', rule: 'r', resources: ['bad'], result: 'pass' }),
        ]),
        resources,
        { good: [rr('r', 'pass')], bad: [rr('r', 'fail')] },
      ),
    );
    expect(out.results.map((r) => [r.resource, r.actual, r.ok, r.reason])).toEqual([
      ['v1/Pod/default/good', 'pass', true, 'Ok'],
      ['v1/Pod/default/bad', 'fail', false, 'Want pass, got fail'],
    ]);
  });

  it('matches autogen rule names to the base rule and ignores the row kind', () => {
    const resources = [
      resource('Deployment', 'web', 'default', 'apps/v1'),
      resource('CronJob', 'job', 'default', 'batch/v1'),
    ];
    const out = checkResultRows(
      input(
        test([row({ policy: 'p', rule: 'r', kind: 'Pod', resources: ['web', 'job'], result: 'fail' })]),
        resources,
        {
          web: [rr('autogen-r', 'fail', 'r'), rr('autogen-other', 'pass', 'other')],
          job: [rr('autogen-cronjob-r', 'fail', 'r')],
        },
      ),
    );
    expect(out.results.map((r) => [r.rule, r.ok])).toEqual([
      ['autogen-r', true],
      ['autogen-cronjob-r', true],
    ]);
  });

  it('selects by namespace/name, and checks ALL resources when no name matches', () => {
    const resources = [resource('Pod', 'a', 'ns1'), resource('Pod', 'a', 'ns2'), resource('Pod', 'b')];
    const responses = { a: [rr('r', 'pass')], b: [rr('r', 'pass')] };
    const byNs = checkResultRows(
      input(
        test([row({ policy: 'p', rule: 'r', resources: ['ns2/a'], result: 'pass' })]),
        resources,
        responses,
      ),
    );
    expect(byNs.results.map((r) => r.resource)).toEqual(['v1/Pod/ns2/a']);
    const byName = checkResultRows(
      input(test([row({ policy: 'p', rule: 'r', resources: ['a'], result: 'pass' })]), resources, responses),
    );
    expect(byName.results.map((r) => r.resource)).toEqual(['v1/Pod/ns1/a', 'v1/Pod/ns2/a']);
    const typo = checkResultRows(
      input(
        test([row({ policy: 'p', rule: 'r', resources: ['nope'], result: 'pass' })]),
        resources,
        responses,
      ),
    );
    expect(typo.results).toHaveLength(3);
  });

  it('reports Excluded (passed, whatever was expected) when the policy answered without that rule', () => {
    const out = checkResultRows(
      input(
        test([row({ policy: 'p', rule: 'r', resources: ['x'], result: 'fail' })]),
        [resource('Pod', 'x')],
        { x: [] },
      ),
    );
    expect(out.results).toEqual([
      expect.objectContaining({
        actual: 'excluded',
        ok: true,
        reason: 'Excluded',
        expected: 'fail',
        rule: 'r',
      }),
    ]);
  });

  it('compares only the last segment of ns/policy and reports an unknown policy as Not found', () => {
    const resources = [resource('Pod', 'x')];
    const ok = checkResultRows(
      input(test([row({ policy: 'team/p', rule: 'r', resources: ['x'], result: 'pass' })]), resources, {
        x: [rr('r', 'pass')],
      }),
    );
    expect(ok.results[0]).toMatchObject({ policy: 'team/p', ok: true });
    const missing = checkResultRows(
      input(test([row({ policy: 'q', rule: 'r', resources: ['x'], result: 'pass' })]), resources, { x: [] }),
    );
    expect(missing.results[0]).toMatchObject({ actual: 'not-found', ok: false, reason: 'Not found' });
  });

  it('reports rows of a policy that failed to compile as Invalid Policy (passed)', () => {
    const out = checkResultRows(
      input(
        test([row({ policy: 'q', rule: 'r', resources: ['x'], result: 'fail' })]),
        [resource('Pod', 'x')],
        {},
        {
          invalid: [{ name: 'q', file: 'q.yaml', line: 1 }],
        },
      ),
    );
    expect(out.results[0]).toMatchObject({ actual: 'invalid-policy', ok: true, reason: 'Invalid Policy' });
  });

  it('an empty rule compares every rule response of the policy', () => {
    const out = checkResultRows(
      input(test([row({ policy: 'p', resources: ['x'], result: 'pass' })]), [resource('Pod', 'x')], {
        x: [rr('r1', 'pass'), rr('r2', 'skip')],
      }),
    );
    expect(out.results.map((r) => [r.rule, r.ok])).toEqual([
      ['r1', true],
      ['r2', false],
    ]);
  });

  it('never passes rows that need unsupported features; counts their verdicts', () => {
    const resources = [resource('Pod', 'x'), resource('Pod', 'y')];
    const out = checkResultRows(
      input(
        test([
          row({ policy: 'm', rule: 'add-label', resources: ['x', 'y'], result: 'pass' }),
          row({
            policy: 'p',
            rule: 'r',
            resources: ['x'],
            result: 'pass',
            unsupportedFields: ['patchedResources'],
          }),
          row({ policy: 'v', rule: '', resources: ['x'], result: 'fail' }),
        ]),
        resources,
        { x: [rr('r', 'pass')] },
        {
          policies: [
            policy('p'),
            policy('m', { unsupportedRules: [{ rule: 'add-label', reason: 'mutate' }] }),
          ],
          unsupportedPolicies: [{ name: 'v', kind: 'ValidatingPolicy', file: 'v.yaml', line: 1 }],
        },
      ),
    );
    expect(out.results).toEqual([]);
    expect(out.unsupported.map((u) => [u.policy, u.verdicts, u.reason])).toEqual([
      ['m', 2, 'rule add-label uses mutate'],
      ['p', 1, 'result row uses patchedResources'],
      ['v', 1, 'policy kind ValidatingPolicy is not supported'],
    ]);
  });

  it('marks validate rows unsupported when another policy of the suite mutates resources first', () => {
    const out = checkResultRows(
      input(
        test([row({ policy: 'p', rule: 'r', resources: ['x'], result: 'pass' })]),
        [resource('Pod', 'x')],
        { x: [rr('r', 'pass')] },
        {
          policies: [policy('p'), policy('m', { unsupportedRules: [{ rule: 'add', reason: 'mutate' }] })],
        },
      ),
    );
    expect(out.results).toEqual([]);
    expect(out.unsupported[0]!.reason).toMatch(/mutated by m\/add/);
  });

  it('turns an engine exception into a failed check, never a pass', () => {
    const out = checkResultRows({
      ...input(
        test([row({ policy: 'p', rule: 'r', resources: ['x'], result: 'pass' })]),
        [resource('Pod', 'x')],
        {},
      ),
      evaluate: () => ({ results: [], error: 'boom' }),
    });
    expect(out.results[0]).toMatchObject({ actual: 'error', ok: false, message: 'boom' });
  });

  it('evaluates rows with an operation separately', () => {
    const seen: (string | undefined)[] = [];
    checkResultRows({
      ...input(
        test([row({ policy: 'p', rule: 'r', resources: ['x'], result: 'pass', operation: 'DELETE' })]),
        [resource('Pod', 'x')],
        {},
      ),
      evaluate: (_ri, _pi, op) => {
        seen.push(op);
        return { results: [] };
      },
    });
    expect(seen).toEqual(['DELETE']);
  });
});
