/**
 * The Action's `shard` input and examples/workflows/sharded.yml: a matrix of shard jobs whose reports one
 * merge job combines (safety rules for every workflow: workflow-safety.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers.js';

type Obj = Record<string, unknown>;
const load = (rel: string) => parse(readFileSync(join(REPO_ROOT, rel), 'utf8')) as Obj;

describe('sharding in the Action and the example workflow', () => {
  it('action.yml: shard and previous-report reach the CLI as --shard / --previous-report; no comment from a shard', () => {
    const action = load('action.yml');
    const inputs = action.inputs as Obj;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['shard', 'previous-report']));
    expect(Object.keys(action.outputs as Obj)).toContain('report-file');
    const run = ((action.runs as Obj).steps as Obj[]).find((s) => s.id === 'run')!;
    const script = String(run.run);
    expect(script).toContain('args+=(--shard "$NS_SHARD")');
    expect(script).toContain('--previous-report "$NS_PREVIOUS_REPORT"');
    // the comment flag is only added in the else branch of the shard test
    expect(script.indexOf('--comment')).toBeGreaterThan(script.indexOf('else'));
    expect((run.env as Obj).NS_SHARD).toBe('${{ inputs.shard }}');
  });

  it('action.yml: changed-only adds --changed-only when there is a base (the PR base commit or base-ref)', () => {
    const action = load('action.yml');
    expect((action.inputs as Obj)['changed-only']).toMatchObject({ default: 'false' });
    const run = ((action.runs as Obj).steps as Obj[]).find((s) => s.id === 'run')!;
    expect((run.env as Obj).NS_CHANGED_ONLY).toBe('${{ inputs.changed-only }}');
    expect((run.env as Obj).NS_BASE).toBe('${{ inputs.base-ref || github.event.pull_request.base.sha }}');
    expect(String(run.run)).toContain(
      '[ "$NS_CHANGED_ONLY" = "true" ] && [ -n "$NS_BASE" ] && args+=(--changed-only)',
    );
  });

  it('sharded.yml: every matrix entry i runs shard i/n of the same n, uploads its report; merge reads them all', () => {
    const jobs = load('examples/workflows/sharded.yml').jobs as Obj;
    const shard = jobs.shard as Obj;
    const matrix = ((shard.strategy as Obj).matrix as Obj).shard as number[];
    const steps = shard.steps as Obj[];
    const action = steps.find((s) => String(s.uses ?? '').startsWith('neuroscale/neuroscale'))!;
    const n = matrix.length;
    expect(matrix).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect((action.with as Obj).shard).toBe(`\${{ matrix.shard }}/${n}`);
    expect(steps.some((s) => String(s.uses).startsWith('actions/upload-artifact'))).toBe(true);
    // only the apps the PR can affect are rendered and sharded; the base is the PR base commit (full history)
    expect((action.with as Obj)['changed-only']).toBe('true');
    const checkout = steps.find((s) => String(s.uses ?? '').startsWith('actions/checkout'))!;
    expect((checkout.with as Obj)['fetch-depth']).toBe(0);
    expect((shard.permissions as Obj)['pull-requests']).toBeUndefined();

    const merge = jobs.merge as Obj;
    expect(merge.needs).toBe('shard');
    expect(merge.if).toBe('always()');
    const mergeSteps = merge.steps as Obj[];
    expect(mergeSteps.some((s) => String(s.uses ?? '').startsWith('actions/checkout'))).toBe(false);
    expect(mergeSteps.map((s) => String(s.run ?? '')).join('\n')).toMatch(
      / merge shards\/\*\/neuroscale-report\.json/,
    );
    expect(mergeSteps.some((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif'))).toBe(true);
    expect((jobs.comment as Obj).needs).toBe('merge');
  });
});
