/**
 * Bad CEL input never stops a run: a compile error is a finding at the expression's file:line and
 * an `error` result naming the policy and the validation index; unknown functions, runtime type
 * errors and runaway expressions are `error` results, bounded in time; other policies still run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyPolicies, loadPolicies, runTestSuites } from '../../src/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CASE = path.join(ROOT, 'fixtures/cel/bad-input');

describe('bad CEL input', () => {
  it('kyverno test: every row gets its verdict, compile errors are located findings', async () => {
    const t0 = Date.now();
    const result = await runTestSuites([CASE], { root: ROOT, ruleTimeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    const suite = result.suites[0]!;
    const byPolicy = Object.fromEntries(suite.results.map((r) => [`${r.policy} ${r.resource}`, r]));
    expect(suite.results.map((r) => `${r.policy} ${r.resource.split('/').at(-1)} ${r.actual}`)).toEqual([
      'does-not-compile tagged error',
      'unknown-function tagged error',
      'runtime-type-error tagged error',
      'runaway tagged error',
      'still-runs tagged pass',
      'still-runs untagged fail',
    ]);
    expect(result.summary).toMatchObject({ pass: 6, fail: 0 });
    expect(byPolicy['does-not-compile v1/Pod/default/tagged']!.message).toMatch(
      /does-not-compile: validations\[1\]: compilation failed/,
    );
    expect(byPolicy['unknown-function v1/Pod/default/tagged']!.message).toMatch(
      /validations\[0\]: compilation failed: .*isFancy/,
    );
    expect(byPolicy['runtime-type-error v1/Pod/default/tagged']!.message).toMatch(
      /runtime-type-error: validations\[1\]: .*overload/,
    );
    expect(byPolicy['runaway v1/Pod/default/tagged']!.message).toMatch(/runaway: validations\[0\]: .*budget/);
    expect(byPolicy['still-runs v1/Pod/default/untagged']!.message).toBe('images need a tag');

    const findings = (suite.findings ?? []).map(
      (f) => `${f.ruleId} ${f.location?.file}:${f.location?.line} ${f.message}`,
    );
    expect(findings).toEqual([
      expect.stringMatching(
        /^kyverno\/invalid-cel fixtures\/cel\/bad-input\/policies.yaml:14 .*does-not-compile: validations\[1\]\.expression: compilation failed/,
      ),
      expect.stringMatching(
        /^kyverno\/invalid-cel fixtures\/cel\/bad-input\/policies.yaml:29 .*unknown-function: validations\[0\]\.expression: compilation failed/,
      ),
    ]);
  });

  it('apply mode: error findings name the policy, other policies still report', async () => {
    const loaded = await loadPolicies([path.join(CASE, 'policies.yaml')], { root: ROOT });
    expect(loaded.policies.map((p) => p.policy.name)).toEqual([
      'does-not-compile',
      'unknown-function',
      'runtime-type-error',
      'runaway',
      'still-runs',
    ]);
    const manifests = [
      {
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'untagged', namespace: 'default' },
          spec: { containers: [{ name: 'a', image: 'nginx' }] },
        },
        source: { file: 'rendered/pod.yaml', line: 3, apps: [] },
      },
    ];
    // biome-ignore lint/suspicious/noExplicitAny: minimal Manifest for the test
    const applied = applyPolicies(manifests as any, loaded.policies, { ruleTimeoutMs: 300 });
    expect(
      applied.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location?.file}:${f.location?.line}`),
    ).toEqual([
      'policy/does-not-compile error rendered/pod.yaml:3',
      'policy/unknown-function error rendered/pod.yaml:3',
      'policy/runtime-type-error error rendered/pod.yaml:3',
      'policy/runaway error rendered/pod.yaml:3',
      'policy/still-runs error rendered/pod.yaml:3',
    ]);
    expect(applied.report.summary).toEqual({ pass: 0, fail: 1, warn: 0, error: 4, skip: 0 });
  });
});
