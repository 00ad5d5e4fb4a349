/**
 * The one report every writer turns into bytes. Writers are pure functions
 * `(report, options) => string`; only the CLI writes files, prints, or calls the network.
 */
import type { AppNode, Finding, Severity } from '@neuroscale/core';
import type { CostDiff, CostSnapshot } from '@neuroscale/cost-proxy';
import type { RenderDiff } from '@neuroscale/diff';

/** The head snapshot's prices and objects not costed, for the cost section of the Markdown reports. */
export type CostHead = Pick<CostSnapshot, 'pricing' | 'notCosted'>;

export const REPORT_SCHEMA_VERSION = '1';

export type StageName = 'load' | 'render' | 'validate' | 'policy' | 'cost' | 'diff';

export interface StageSummary {
  name: StageName;
  /** Objects the stage looked at. */
  objects: number;
  findings: number;
  /** Wall time in milliseconds (omitted in deterministic outputs: JSON/SARIF/JUnit never print timings). */
  durationMs?: number;
  /** Why the stage did not run (e.g. no policies folder). */
  skipped?: string;
}

/**
 * A finding with the stage that produced it. Core's Finding has no stage; the CLI's runStage
 * (pipeline/run-stage.ts) stamps it on every finding a stage returns, so no writer guesses a
 * stage from a rule id. The JSON report leaves it out (schema version 1 has no such member).
 */
export interface StagedFinding extends Finding {
  stage: StageName;
}

/** One object the pipeline checked, for JUnit (one test case per object × stage). */
export interface CheckedObject {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  file: string;
  line: number;
  app?: string;
}

/** What the run could check (from render's coverage); present when the run rendered Applications. */
export interface ReportCoverage {
  applications: { total: number; full: number; partial: number; none: number };
  /** Objects checked by the stages after render. */
  objects: number;
  /** The tree holds Applications but no object was checked: never "passed" (exit 1 without --allow-empty). */
  nothingChecked: boolean;
}

/** Which shard a report holds (1-based index of count). */
export interface ShardOfReport {
  index: number;
  count: number;
}

export interface ChangedOnlyOfReport {
  base: string;
  changedFiles: number;
  affected: number;
  unchanged: string[];
  everything?: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'neuroscale-validate'; version: string };
  /** Repository root the paths are relative to ('.' in outputs; never an absolute path). */
  root: string;
  stages: StageSummary[];
  findings: StagedFinding[];
  objects: CheckedObject[];
  apps?: AppNode[];
  coverage?: ReportCoverage;
  /** Cost diff from @neuroscale/cost-proxy (`diffCost`), when --base was given. */
  cost?: CostDiff;
  /**
   * What the cost section shows beside the diff: the head snapshot's prices and the objects it could
   * not cost (cost-proxy's renderCostMarkdown options). Not part of the JSON report.
   */
  costHead?: CostHead;
  /** Admission (Kyverno mutate/generate rules applied before validation). Absent with `--no-mutate` or without policies. */
  admission?: ReportAdmission;
  /**
   * What the change does to the cluster, per Argo CD Application (@neuroscale/diff), when --base was given. The
   * PR comment and the job summary show it; not part of the JSON report (`diff --format json` is its contract).
   */
  diff?: RenderDiff;
  /**
   * One shard of a `--shard i/n` run. Its JSON report then also carries what the merge needs to write
   * every other format (objects, costHead, each finding's stage): see report/merge-reports.ts.
   */
  shard?: ShardOfReport;
  /**
   * A `--changed-only` run: the base, how many files changed, how many apps the change affects (checked), and
   * every app it does not affect (skipped-unchanged, sorted names); `everything` says why all apps were checked.
   */
  changedOnly?: ChangedOnlyOfReport;
  summary: {
    errors: number;
    warnings: number;
    infos: number;
    objects: number;
    failOn: Severity | 'never';
    failed: boolean;
  };
}

/**
 * What admission did to the checked objects: mutated (admitted form differs from the rendered one),
 * generated (added by generate rules), unchanged, and failed (a mutate rule errored: checked and priced as
 * rendered, with an error finding each).
 */
export interface ReportAdmission {
  mutatedObjects: number;
  generatedObjects: number;
  unchangedObjects: number;
  failedObjects: number;
}
