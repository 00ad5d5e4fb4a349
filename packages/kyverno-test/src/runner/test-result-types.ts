/**
 * Output of runTestSuites — a contract: the CLI prints it as JSON for
 * `neuroscale-validate policy test --format json`. Only add fields, never rename.
 */
import type { Finding, K8sObject } from '@neuroscale/core';
import type { RuleStatus } from '../engine/index.js';

/** What the engine produced for a row, or why nothing was compared. */
export type ActualResult = RuleStatus | 'excluded' | 'not-found' | 'invalid-policy';

/** One checked test: a results[] row × a selected resource × a matching rule response. */
export interface TestRowResult {
  /** `policy` as written in the row. */
  policy: string;
  /** The rule that answered (`autogen-…` for pod controllers), or the row's rule when none did. */
  rule: string;
  /**
   * `<apiVersion>/<Kind>/<namespace>/<name>` (no namespace segment for cluster-scoped objects); for a
   * generate rule or GeneratingPolicy that generated objects, the generated object the row checked.
   */
  resource: string;
  expected: RuleStatus;
  actual: ActualResult;
  ok: boolean;
  /** `Ok`, `Want fail, got pass`, `Excluded`, `Not found`, `Invalid Policy` (as `kyverno test` prints). */
  reason?: string;
  /** The engine's message for the rule response. */
  message?: string;
  /** 1-based line of the results[] row in the test file. */
  line?: number;
}

/** A results[] row that was not checked because it needs an engine we do not have. */
export interface UnsupportedRow {
  policy: string;
  rule: string;
  resources: string[];
  expected: RuleStatus;
  reason: string;
  /** Number of expected verdicts the row holds (one per resource name, at least 1). */
  verdicts: number;
  line?: number;
}

export interface SuiteResult {
  /** Test file path (relative to the root). */
  path: string;
  /** metadata.name of the Test. */
  name: string;
  results: TestRowResult[];
  unsupported?: UnsupportedRow[];
  /** Load problems (missing files, invalid test, policies that do not compile). */
  findings?: Finding[];
  /**
   * With `RunTestSuitesOptions.collectAdmitted`: the resources the suite's mutate rules changed (as admitted)
   * and the objects its generate rules produced, in resource order.
   */
  admitted?: K8sObject[];
}

export interface TestRunSummary {
  /** Checked tests whose outcome matched (Excluded and Invalid Policy count here, as in `kyverno test`). */
  pass: number;
  fail: number;
  /** Expected verdicts not checked (unsupported features). */
  unsupported: number;
  /** Suites that failed to load (`kyverno test` exits non-zero for these). */
  errors: number;
}

export interface TestRunResult {
  suites: SuiteResult[];
  summary: TestRunSummary;
}
