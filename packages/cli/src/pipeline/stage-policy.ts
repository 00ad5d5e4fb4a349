/**
 * Policy: load the pack (load-policy-pack.ts), admit the manifests as the cluster would (mutate, then
 * generate rules: what it stores), apply the validate rules to the admitted objects. A `--policies`
 * entry outside the repository or matching nothing is a finding of this stage, so the pipeline and
 * `policy apply` give the same answer for the same bad path.
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { type ApplyPoliciesResult, applyPolicies } from '@neuroscale/kyverno-test';
import type { ReportAdmission } from '../report/report-model.js';
import { annotateAdmittedFindings } from './annotate-admitted-findings.js';
import { admitWithPack, loadPolicyPack } from './load-policy-pack.js';
import type { PipelineOptions } from './pipeline-options.js';
import type { StageWork } from './run-stage.js';

export interface PolicyStageResult {
  /** The wgpolicyk8s.io PolicyReport; undefined when no policy was applied. */
  report?: ApplyPoliciesResult['report'];
  /**
   * The objects as the cluster would admit them (mutated, plus generated ones, each with
   * `source.admission` saying which rule), which validate rules saw, the schema stage re-checks and cost
   * prices; undefined when no policy was applied or with `--no-mutate`.
   */
  admitted?: Manifest[];
  /** Objects mutated, generated, left unchanged, and those admission failed on (checked as rendered). */
  admission?: ReportAdmission;
  /** The same admission for another set (the base revision the cost diff compares with). */
  admit?: (manifests: Manifest[]) => Manifest[];
}

export async function runPolicyStage(
  manifests: Manifest[],
  options: Pick<PipelineOptions, 'repoRoot' | 'policies' | 'policyExceptions' | 'onProgress' | 'mutate'>,
  input: {
    /** The whole rendered tree when `manifests` is one shard of it: namespace labels and clone sources. */
    treeManifests?: Manifest[];
  } = {},
): Promise<StageWork<PolicyStageResult>> {
  const pack = await loadPolicyPack(options);
  const findings: Finding[] = [...pack.findings];
  const { loaded } = pack;
  if (!loaded) return { objects: 0, findings, skipped: pack.skipped ?? 'no policy folder', result: {} };
  options.onProgress?.('policy: applying the policy pack');
  // admission order: mutate (and generate) first, then validate rules on what the cluster would store
  const admission =
    options.mutate === false ? undefined : admitWithPack(manifests, loaded, input.treeManifests);
  const checked = admission?.manifests ?? manifests;
  const applied = applyPolicies(checked, loaded.policies, {
    exceptions: loaded.exceptions,
    ...(admission?.classicStage.size ? { classicStage: admission.classicStage } : {}),
  });
  // a finding on a generated object says so (it is located at its trigger's line)
  const appliedFindings = admission
    ? annotateAdmittedFindings(applied.findings, admission.manifests, { which: 'generated', matchLine: true })
    : applied.findings;
  findings.push(...(admission?.findings ?? []), ...appliedFindings);
  const result: PolicyStageResult = { report: applied.report };
  if (admission) {
    result.admitted = admission.manifests;
    result.admit = (other) => admitWithPack(other, loaded).manifests;
    result.admission = {
      mutatedObjects: admission.mutatedObjects,
      generatedObjects: admission.generatedObjects,
      unchangedObjects: admission.unchangedObjects,
      failedObjects: admission.failedObjects,
    };
  }
  return { objects: checked.length, findings, result };
}
