/**
 * A kyverno-test.yaml whose values, resources and policies use `__proto__` / `constructor` keys:
 * the keys are ordinary keys (verdicts as Kyverno gives them) and Object.prototype is unchanged.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTestSuites } from '../../src/index.js';

const SUITE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hostile/proto-suite');

describe('hostile suite: prototype keys', () => {
  it('gives the expected verdicts and leaves Object.prototype untouched', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const result = await runTestSuites([SUITE], { root: SUITE });
    expect(result.suites[0]?.findings ?? []).toEqual([]);
    expect(result.suites[0]?.results.map((r) => [r.rule, r.actual, r.ok])).toEqual([
      ['value-with-proto-key', 'fail', true],
      ['label-pattern', 'pass', true],
      ['data-key', 'fail', true],
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
