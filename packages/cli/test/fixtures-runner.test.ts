/**
 * Regression fixtures for every guardrail: each fixtures/<case>/ is a small GitOps repository
 * standing for one real failure, with the exact findings and exit code the BUILT CLI must give
 * (fixtures/README.md). `UPDATE_FIXTURES=1` re-records expected.json from the current output —
 * read the diff before committing it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExpectedResult } from './fixture-runner/normalise-report.js';
import { listPolicyCopies, refreshPolicyCopies } from './fixture-runner/policy-copies.js';
import {
  CLI_BIN,
  FIXTURES_DIR,
  listFixtureCases,
  runFixtureCase,
} from './fixture-runner/run-fixture-case.js';

const UPDATE = process.env.UPDATE_FIXTURES === '1';
const built = existsSync(CLI_BIN);
if (!built)
  console.warn(`fixtures: ${CLI_BIN} is missing; run \`pnpm run build\` first. Skipping the fixture cases.`);

const cases = listFixtureCases();

/** The guardrails that must each keep a regression case (fixtures/README.md lists them). */
const REQUIRED_CASES = [
  'app-of-apps-cycle',
  'appset-invalid-application',
  'backstage-incident',
  'clean-compliant-tree',
  'cost-over-threshold',
  'cost-under-threshold',
  'duplicate-object-across-apps',
  'isvc-maxreplicas-over-bound',
  'isvc-unknown-field',
  'isvc-without-resources',
  'latest-and-untagged-images',
  'missing-owner-costcenter-labels',
  'missing-requests-limits',
  'missing-values-file',
  'oversized-crd-without-ssa',
  'privileged-and-missing-runasnonroot',
  'remote-chart-offline',
  'removed-api-version',
  'source-path-escape',
  'typo-field-resource',
  'wrong-type',
  'yaml-duplicate-key',
  'yaml-syntax-error',
  'yaml11-boolean-in-string-field',
  'mutate-fixes-missing-env-label',
  'mutate-causes-violation',
  'mutate-changes-cost',
  'generate-networkpolicy-per-team-namespace',
  'generate-invalid-networkpolicy',
  'mutate-writes-invalid-field',
  'mutate-rule-error',
];

describe('fixture layout', () => {
  it('keeps a case for every guardrail, each with a README', () => {
    expect(REQUIRED_CASES.filter((c) => !cases.includes(c))).toEqual([]);
    expect(cases.filter((c) => !existsSync(join(FIXTURES_DIR, c, 'README.md')))).toEqual([]);
  });
});

describe('fixture policy copies', () => {
  it('match the policy pack (refresh with UPDATE_FIXTURES=1, then re-record)', () => {
    const copies = listPolicyCopies();
    if (UPDATE) refreshPolicyCopies(copies);
    const stale = (UPDATE ? listPolicyCopies() : copies).filter((c) => c.state !== 'same');
    expect(stale).toEqual([]);
  });
});

describe.concurrent('fixtures', () => {
  for (const name of cases) {
    it.skipIf(!built)(name, { timeout: 300_000 }, async () => {
      const expectedFile = join(FIXTURES_DIR, name, 'expected.json');
      const run = await runFixtureCase(name);
      if (UPDATE || !existsSync(expectedFile)) {
        writeFileSync(expectedFile, `${JSON.stringify(run.actual, null, 2)}\n`);
        if (!UPDATE) throw new Error(`${name}: no expected.json; wrote one from this run, review it`);
        return;
      }
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedResult;
      expect(run.actual, `${run.command}\n${run.stderr.slice(0, 2000)}`).toEqual(expected);
    });
  }
});
