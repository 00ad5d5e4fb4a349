/**
 * Conformance with `kyverno test` on the upstream kyverno/policies suites
 * ($NEUROSCALE_SHARED/conformance/kyverno-policies, classified by MANIFEST.tsv tiers).
 *
 * A result row counts as conformant when our engine produced the expected verdict from a rule
 * response (strict), or when it is one of the reviewed rows upstream `kyverno test` also answers
 * with "Excluded" (known-excluded.ts). `kyverno test` passes every "Excluded" row whatever it
 * expects; that lenient figure is printed too, but the targets use the strict one, so an engine
 * that answers nothing cannot look conformant. Targets: tier 1 100%, tiers 2-3 >= 98% of result rows;
 * the "cel" tier (tier-4 suites whose policies use validate.cel or kind ValidatingPolicy, per the
 * MANIFEST features column) >= 98%; the "pss" tier (tier-4 suites whose only feature beyond tiers 1-3 is
 * validate.podSecurity) 100%; the rest of tier 4 (mutate, generate, verifyImages,
 * podSecurity...) is counted as not supported.
 *
 * The per-row mismatch lists go to bench/.out/kyverno-conformance-mismatches.txt (tiers 1-3) and
 * bench/.out/kyverno-cel-mismatches.txt (cel tier), both git-ignored.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTestSuites, type SuiteResult } from '../../src/index.js';
import { KNOWN_EXCLUDED } from './known-excluded.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SHARED = process.env.NEUROSCALE_SHARED ?? path.resolve(REPO, '../shared');
const CORPUS = path.join(SHARED, 'conformance/kyverno-policies');
const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');
const OUT = path.join(REPO, 'bench/.out/kyverno-conformance-mismatches.txt');
const CEL_OUT = path.join(REPO, 'bench/.out/kyverno-cel-mismatches.txt');
const MUTATE_OUT = path.join(REPO, 'bench/.out/kyverno-mutate-mismatches.txt');
/** Strict conformance floor of the mutate/generate tier (tier 4 minus cel and pss). */
const MUTATE_TARGET = 0.97;
const present = existsSync(MANIFEST);
if (!present) console.warn(`[kyverno conformance] SKIPPED: ${MANIFEST} not found (set NEUROSCALE_SHARED)`);

type Tier = 1 | 2 | 3 | 4 | 'cel' | 'pss' | 'mutate';

interface ManifestRow {
  suite: string;
  tier: Tier;
  verdicts: number;
}

interface TierStats {
  suites: number;
  suitesClean: number;
  verdicts: number;
  checks: number;
  strict: number;
  lenient: number;
  excluded: number;
  unsupported: number;
  loadErrors: number;
}

const TARGET: Partial<Record<string, number>> = {
  1: 1,
  2: 0.98,
  3: 0.98,
  cel: 0.98,
  pss: 1,
  mutate: MUTATE_TARGET,
};
const TIER_ORDER: Tier[] = [1, 2, 3, 'cel', 'pss', 'mutate', 4];

function readManifest(): ManifestRow[] {
  const rows = readFileSync(MANIFEST, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [suite, tier, n, features = ''] = l.split('\t');
      return { suite: suite!, tier: Number(tier), verdicts: Number(n), features: features.split(',') };
    });
  // features that tiers 1-3 use: a tier-4 suite whose only other feature is validate.podSecurity is "pss"
  const engineFeatures = new Set(rows.filter((r) => r.tier < 4).flatMap((r) => r.features));
  return rows.map(({ suite, tier, verdicts, features: f }) => {
    const cel = f.includes('validate.cel') || f.includes('kind:ValidatingPolicy');
    const pss =
      f.includes('validate.podSecurity') &&
      f.every((x) => x === 'validate.podSecurity' || engineFeatures.has(x));
    // the rest of tier 4: mutate / generate rules, MutatingPolicy and GeneratingPolicy suites
    const mutate = tier === 4 && !cel && !pss;
    return { suite, tier: cel ? 'cel' : pss ? 'pss' : mutate ? 'mutate' : (tier as Tier), verdicts };
  });
}

/** Strict rate of a tier: rows with the expected verdict / (rows checked + verdicts not supported). */
const rate = (s: TierStats) => (s.checks + s.unsupported === 0 ? 1 : s.strict / (s.checks + s.unsupported));

describe.skipIf(!present)('kyverno policies conformance', () => {
  const stats = new Map<Tier, TierStats>();
  const seenKnownExcluded = new Set<string>();
  beforeAll(async () => {
    const manifest = readManifest();
    const header = '# tier\tsuite\tpolicy\trule\tresource\texpected\tactual\treason\tmessage';
    const lines: string[] = [header];
    const celLines: string[] = [header];
    const mutateLines: string[] = [header];
    for (const row of manifest) {
      const s = stats.get(row.tier) ?? {
        suites: 0,
        suitesClean: 0,
        verdicts: 0,
        checks: 0,
        strict: 0,
        lenient: 0,
        excluded: 0,
        unsupported: 0,
        loadErrors: 0,
      };
      stats.set(row.tier, s);
      s.suites++;
      s.verdicts += row.verdicts;
      const file = path.join(CORPUS, row.suite);
      const result = await runTestSuites([file], { root: CORPUS });
      const suites: SuiteResult[] = result.suites;
      let clean = true;
      const out =
        row.tier === 'cel'
          ? celLines
          : row.tier === 'mutate'
            ? mutateLines
            : row.tier !== 4
              ? lines
              : undefined;
      for (const suite of suites) {
        if (suite.findings?.some((f) => f.severity === 'error')) {
          s.loadErrors++;
          clean = false;
          for (const f of suite.findings.filter((x) => x.severity === 'error')) {
            out?.push(
              [
                row.tier,
                row.suite,
                '-',
                '-',
                '-',
                '-',
                'load-error',
                `${f.location?.file}:${f.location?.line ?? ''}`,
                f.message,
              ].join('\t'),
            );
          }
        }
        for (const r of suite.results) {
          s.checks++;
          if (r.ok) s.lenient++;
          const known = `${row.suite}\t${r.resource}`;
          if (r.actual === 'excluded' && KNOWN_EXCLUDED[known] !== undefined) {
            seenKnownExcluded.add(known);
            s.strict++;
          } else if (r.actual === r.expected && r.ok) s.strict++;
          else {
            clean = false;
            if (r.actual === 'excluded') s.excluded++;
            if (out) {
              out.push(
                [
                  row.tier,
                  row.suite,
                  r.policy,
                  r.rule,
                  r.resource,
                  r.expected,
                  r.actual,
                  r.reason ?? '',
                  (r.message ?? '').replace(/\s+/g, ' '),
                ].join('\t'),
              );
            }
          }
        }
        for (const u of suite.unsupported ?? []) {
          s.unsupported += u.verdicts;
          clean = false;
          if (out)
            out.push(
              [
                row.tier,
                row.suite,
                u.policy,
                u.rule,
                u.resources.join(','),
                u.expected,
                'unsupported',
                u.reason,
                '',
              ].join('\t'),
            );
        }
      }
      if (clean) s.suitesClean++;
    }
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${lines.join('\n')}\n`);
    writeFileSync(CEL_OUT, `${celLines.join('\n')}\n`);
    writeFileSync(MUTATE_OUT, `${mutateLines.join('\n')}\n`);
    const table = [...stats.entries()]
      .sort((a, b) => TIER_ORDER.indexOf(a[0]) - TIER_ORDER.indexOf(b[0]))
      .map(([tier, s]) => ({
        tier,
        suites: s.suites,
        'suites all ok': s.suitesClean,
        'expected verdicts': s.verdicts,
        'rows checked': s.checks,
        'rows ok (strict)': s.strict,
        'rows ok (kyverno test)': s.lenient,
        excluded: s.excluded,
        unsupported: s.unsupported,
        'load errors': s.loadErrors,
        strict: `${(rate(s) * 100).toFixed(1)}%`,
        target: TARGET[String(tier)] !== undefined ? `${TARGET[String(tier)]! * 100}%` : 'not supported',
      }));
    console.log(
      `kyverno conformance (${CORPUS}); mismatches in ${path.relative(REPO, OUT)} and ${path.relative(REPO, CEL_OUT)}`,
    );
    console.table(table);
  }, 120_000);

  for (const tier of [1, 2, 3, 'cel', 'pss', 'mutate'] as const) {
    it(`tier ${tier}: at least ${TARGET[String(tier)]! * 100}% of result rows conform`, () => {
      const s = stats.get(tier)!;
      expect(s.suites).toBeGreaterThan(0);
      expect(rate(s)).toBeGreaterThanOrEqual(TARGET[String(tier)]!);
    });
  }

  it('the cel tier is the 227 suites / 2,915 verdicts of the issue, and none of it is unsupported', () => {
    const s = stats.get('cel')!;
    expect(s.suites).toBe(227);
    expect(s.verdicts).toBe(2915);
    expect(s.unsupported).toBe(0);
  });

  it('the pss tier (suites whose only engine-external feature is validate.podSecurity) is fully evaluated', () => {
    const s = stats.get('pss')!;
    expect(s.suites).toBe(4);
    expect(s.verdicts).toBe(8);
    expect(s.unsupported).toBe(0);
    expect(s.strict).toBe(8);
  });

  it('every reviewed upstream exclusion is still observed (known-excluded.ts is not stale)', () => {
    expect(Object.keys(KNOWN_EXCLUDED).filter((k) => !seenKnownExcluded.has(k))).toEqual([]);
  });

  it('the mutate tier is the 89 mutate/generate suites (184 verdicts); unsupported rows count against it', () => {
    const s = stats.get('mutate')!;
    expect(s.suites).toBe(89);
    expect(s.verdicts).toBe(184);
  });
});
