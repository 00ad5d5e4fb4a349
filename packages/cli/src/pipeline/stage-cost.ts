/**
 * Cost: price the base revision (rendered once by render-base-revision.ts, shared with the diff stage)
 * and the head, diff them. A base that cannot be checked out or rendered is a finding, never a zero
 * delta presented as right.
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { type CostDiff, computeCost, diffCost } from '@neuroscale/cost-proxy';
import type { CostHead } from '../report/report-model.js';
import type { PipelineOptions } from './pipeline-options.js';
import type { BaseRender } from './render-base-revision.js';
import type { StageWork } from './run-stage.js';

export interface CostStageResult {
  /** Undefined when the base revision could not be checked out. */
  diff?: CostDiff;
  /** The head snapshot's prices and objects not costed, which the cost Markdown shows beside the diff. */
  head?: CostHead;
}

export async function runCostStage(
  headManifests: Manifest[],
  options: PipelineOptions,
  base: BaseRender | undefined,
  /** Admission applied to the head (mutate/generate rules): applied to the base too, so both sides compare alike. */
  admit?: (manifests: Manifest[]) => Manifest[],
): Promise<StageWork<CostStageResult>> {
  if (!base) return { objects: 0, findings: [], skipped: 'no --base revision', result: {} };
  if (!base.ok) {
    return {
      objects: 0,
      findings: [{ ruleId: 'cost/base-unavailable', severity: 'error', message: base.message }],
      result: {},
    };
  }
  const baseRender = base.result;
  const baseErrors = baseRender.findings.filter(
    (f) => f.severity === 'error' && f.ruleId.startsWith('render/'),
  );
  const findings: Finding[] = [];
  if (baseErrors.length > 0) {
    findings.push({
      ruleId: 'cost/base-render-failed',
      severity: 'warning',
      message: `the base revision ${options.base} (${base.commit.slice(0, 12)}) rendered with ${baseErrors.length} error(s); deltas for the affected apps are not reliable`,
    });
  }
  const baseManifests = admit ? admit(baseRender.manifests) : baseRender.manifests;
  const baseCost = computeCost(baseManifests, options.cost.compute);
  const headCost = computeCost(headManifests, options.cost.compute);
  const diff = diffCost(baseCost, headCost, options.cost.diff);
  findings.push(...headCost.findings, ...diff.findings);
  return {
    objects: diff.workloads.length,
    findings,
    result: { diff, head: { pricing: headCost.pricing, notCosted: headCost.notCosted } },
  };
}
