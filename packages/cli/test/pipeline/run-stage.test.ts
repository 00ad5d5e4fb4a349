import { describe, expect, it } from 'vitest';
import { runStage } from '../../src/pipeline/run-stage.js';

describe('runStage', () => {
  it('stamps the stage on every finding and summarises the stage', async () => {
    const run = await runStage('policy', async () => ({
      objects: 3,
      findings: [
        // a rule id that names another stage is still the policy stage's finding
        { ruleId: 'yaml/syntax', severity: 'error', message: 'a' },
        { ruleId: 'policy/x/y', severity: 'warning', message: 'b' },
      ],
      result: 'the result',
    }));
    expect(run.findings.map((f) => [f.ruleId, f.stage])).toEqual([
      ['yaml/syntax', 'policy'],
      ['policy/x/y', 'policy'],
    ]);
    expect(run.summary).toMatchObject({ name: 'policy', objects: 3, findings: 2 });
    expect(run.summary.durationMs).toEqual(expect.any(Number));
    expect(run.summary.skipped).toBeUndefined();
    expect(run.result).toBe('the result');
  });

  it('a skipped stage keeps its reason and its findings, and has no timing', async () => {
    const run = await runStage('policy', () => ({
      objects: 0,
      findings: [{ ruleId: 'policy/folder-not-found', severity: 'error', message: 'c' }],
      skipped: 'no policy found at nope',
      result: undefined,
    }));
    expect(run.summary).toEqual({
      name: 'policy',
      objects: 0,
      findings: 1,
      skipped: 'no policy found at nope',
    });
    expect(run.findings[0]?.stage).toBe('policy');
  });

  it('leaves the findings it was given untouched', async () => {
    const finding = { ruleId: 'schema/type', severity: 'error' as const, message: 'd' };
    await runStage('validate', () => ({ objects: 1, findings: [finding], result: null }));
    expect(finding).toEqual({ ruleId: 'schema/type', severity: 'error', message: 'd' });
  });
});
