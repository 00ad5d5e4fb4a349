/**
 * The one way into a stage. The pipeline and every stage subcommand call a stage through runStage,
 * which times it, builds its summary and stamps its name on every finding it returns: the report then
 * knows each finding's stage from the stage that produced it, never from the shape of its rule id.
 */
import type { Finding } from '@neuroscale/core';
import type { StagedFinding, StageName, StageSummary } from '../report/report-model.js';

/** What a stage function hands back to runStage. */
export interface StageWork<T> {
  /** Objects the stage looked at (its summary's `objects`). */
  objects: number;
  findings: readonly Finding[];
  /** Why the stage did not run; findings it still made (a policy path that matches nothing) count for it. */
  skipped?: string;
  /** What later stages or the command need (rendered manifests, the policy report, the cost diff). */
  result: T;
}

export interface StageRun<T> {
  summary: StageSummary;
  /** The stage's findings, each stamped with the stage's name. */
  findings: StagedFinding[];
  result: T;
}

export async function runStage<T>(
  name: StageName,
  fn: () => StageWork<T> | Promise<StageWork<T>>,
): Promise<StageRun<T>> {
  const start = performance.now();
  const work = await fn();
  const findings = work.findings.map((f): StagedFinding => ({ ...f, stage: name }));
  const summary: StageSummary =
    work.skipped !== undefined
      ? { name, objects: work.objects, findings: findings.length, skipped: work.skipped }
      : {
          name,
          objects: work.objects,
          findings: findings.length,
          durationMs: Math.round(performance.now() - start),
        };
  return { summary, findings, result: work.result };
}
