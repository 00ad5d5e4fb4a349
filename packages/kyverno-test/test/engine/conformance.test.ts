import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS, manifest, runSuite } from './harness/run-suite.js';

const present = existsSync(CORPUS);
if (!present)
  console.warn(
    `[kyverno-test engine] conformance corpus not found at ${CORPUS}: set NEUROSCALE_SHARED; skipping`,
  );

function tierRate(tier: number): { ok: number; total: number; failures: string[] } {
  let ok = 0;
  let total = 0;
  const failures: string[] = [];
  for (const s of manifest().filter((m) => m.tier === tier)) {
    let out: ReturnType<typeof runSuite>;
    try {
      out = runSuite(s.path);
    } catch (e) {
      failures.push(`CRASH ${s.path}: ${(e as Error).message}`);
      continue;
    }
    for (const r of out.rows) {
      total++;
      if (r.ok) ok++;
      else
        failures.push(
          `${s.path.split('kyverno-policies/')[1]} :: ${r.policy}/${r.rule} ${r.resource} want ${r.expected} got ${r.actual}`,
        );
    }
  }
  if (process.env.KYVERNO_ENGINE_DEBUG) console.log(`tier ${tier}: ${ok}/${total}\n${failures.join('\n')}`);
  return { ok, total, failures };
}

describe.skipIf(!present)('upstream kyverno/policies suites through the engine (local harness)', () => {
  it('tier 1 (patterns, anchors, autogen): every verdict matches', () => {
    const r = tierRate(1);
    expect(r.total).toBeGreaterThan(1000);
    expect(r.failures).toEqual([]);
  });
  it('tier 2 (deny, preconditions, JMESPath): ≥98% of verdicts match', () => {
    const r = tierRate(2);
    expect(r.total).toBeGreaterThan(350);
    expect(r.ok / r.total).toBeGreaterThanOrEqual(0.98);
  });
  it('tier 3 (foreach, context, values, userinfo, exceptions): ≥98% of verdicts match', () => {
    const r = tierRate(3);
    expect(r.total).toBeGreaterThan(250);
    expect(r.ok / r.total).toBeGreaterThanOrEqual(0.98);
  });
});
