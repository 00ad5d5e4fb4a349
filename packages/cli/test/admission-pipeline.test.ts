/**
 * Admission in the pipeline beyond the fixture cases' reduced findings: the standalone `cost` command
 * prices the admitted objects exactly as the pipeline's cost section does; findings on mutated and
 * generated objects say so in their message; `--no-mutate` takes admission (and what it caused) away;
 * the admission counts appear in the JSON, text and Markdown reports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareFixtureRepo } from './fixture-runner/prepare-fixture-repo.js';
import { FIXTURES_DIR } from './fixture-runner/run-fixture-case.js';
import { CLI_BIN, cli } from './helpers.js';

const built = existsSync(CLI_BIN);
const disposers: (() => void)[] = [];
afterAll(() => {
  for (const d of disposers) d();
});

function fixtureRepo(name: string): string {
  const repo = prepareFixtureRepo(join(FIXTURES_DIR, name));
  disposers.push(repo.dispose);
  return repo.dir;
}

interface JsonFinding {
  ruleId: string;
  message: string;
  object?: { kind?: string; name?: string };
}

async function report(dir: string, args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const r = await cli(['.', ...args, '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).not.toBe(2);
  return { code: r.code, json: JSON.parse(r.stdout) };
}

describe.skipIf(!built)('admission in the pipeline', () => {
  it('cost prices the admitted objects as the pipeline does; --no-mutate prices them as rendered in both', async () => {
    const dir = fixtureRepo('mutate-changes-cost');
    const pipeline = (await report(dir, ['--base', 'HEAD~1'])).json.cost;
    const cost = await cli(['cost', '.', '--base', 'HEAD~1', '--format', 'json'], { cwd: dir });
    expect(cost.code, cost.stderr).toBe(0);
    expect(pipeline).toBeDefined();
    expect(JSON.parse(cost.stdout)).toEqual(pipeline);

    const pipelineRendered = (await report(dir, ['--base', 'HEAD~1', '--no-mutate'])).json.cost;
    const costRendered = await cli(['cost', '.', '--base', 'HEAD~1', '--no-mutate', '--format', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(costRendered.stdout)).toEqual(pipelineRendered);
    // the mutate policy's default requests change the price, so the two pairs differ
    expect(pipelineRendered).not.toEqual(pipeline);
  }, 120_000);

  it('findings on a generated object name the generate rule and the trigger', async () => {
    const dir = fixtureRepo('generate-invalid-networkpolicy');
    const { code, json } = await report(dir, ['--policies', 'platform-policies']);
    expect(code).toBe(1);
    const onGenerated = (json.findings as JsonFinding[]).filter((f) => f.object?.kind === 'NetworkPolicy');
    expect(onGenerated.map((f) => f.ruleId).sort()).toEqual([
      'policy/team-default-deny/require-networkpolicy-types',
      'policy/team-default-deny/require-networkpolicy-types',
      'schema/required',
      'schema/required',
      'schema/unknown-field',
      'schema/unknown-field',
    ]);
    for (const f of onGenerated) {
      expect(f.message).toContain('a generated object, not in the repository');
      expect(f.message).toContain('generate rule default-deny of policy team-default-deny');
      expect(f.message).toMatch(
        /Namespace team-(checkout|search) \(gitops\/apps\/namespaces\/namespaces\.yaml:(1|8)\)/,
      );
    }
    expect(json.admission).toEqual({
      mutatedObjects: 0,
      generatedObjects: 2,
      unchangedObjects: 3,
      failedObjects: 0,
    });
  }, 120_000);

  it('a field a mutate rule writes is schema-checked on the admitted object; --no-mutate finds nothing', async () => {
    const dir = fixtureRepo('mutate-writes-invalid-field');
    const admitted = await report(dir, ['--policies', 'platform-policies']);
    const schema = (admitted.json.findings as JsonFinding[]).filter((f) => f.ruleId.startsWith('schema/'));
    expect(schema.map((f) => f.ruleId)).toEqual(['schema/unknown-field']);
    expect(schema[0]?.message).toContain('priorityClass');
    expect(schema[0]?.message).toContain(
      'in the admitted object, after mutate rule(s) add-priority/default-priority',
    );
    const rendered = await report(dir, ['--policies', 'platform-policies', '--no-mutate']);
    expect(rendered.json.findings).toEqual([]);
    expect(rendered.json.admission).toBeUndefined();
    expect(rendered.code).toBe(0);
  }, 120_000);

  it('a failed mutation is counted in every report format; the object is checked as rendered', async () => {
    const dir = fixtureRepo('mutate-rule-error');
    const { json } = await report(dir, ['--policies', 'platform-policies']);
    expect(json.admission).toEqual({
      mutatedObjects: 1,
      generatedObjects: 0,
      unchangedObjects: 0,
      failedObjects: 1,
    });
    const sentence = 'admission: 1 object mutated, 0 generated, 0 unchanged, 1 failed (checked as rendered)';
    for (const format of ['text', 'markdown']) {
      const r = await cli(['.', '--policies', 'platform-policies', '--format', format, '--no-color'], {
        cwd: dir,
      });
      expect(r.stdout, format).toContain(sentence);
    }
    const failed = (json.findings as JsonFinding[]).find(
      (f) => f.ruleId === 'policy/env-from-annotation/label-env' && f.object?.name === 'indexer',
    );
    expect(failed?.message).toContain('checked and priced as rendered');
  }, 120_000);
});
