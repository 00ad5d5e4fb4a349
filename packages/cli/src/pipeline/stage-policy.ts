/**
 * Policy: expand the `--policies` entries, load the pack, apply it to the manifests. An entry that
 * resolves outside the repository or matches nothing is a finding of this stage, so the pipeline and
 * `policy apply` give the same answer for the same bad path.
 */
import type { Finding, Manifest } from '@neuroscale/core';
import {
  type ApplyPoliciesResult,
  admitManifests,
  applyPolicies,
  loadPolicies,
} from '@neuroscale/kyverno-test';
import { expandPolicyPaths } from '../input/expand-policy-paths.js';
import type { PipelineOptions } from './pipeline-options.js';
import type { StageWork } from './run-stage.js';

export interface PolicyStageResult {
  /** The wgpolicyk8s.io PolicyReport; undefined when no policy was applied. */
  report?: ApplyPoliciesResult['report'];
  /**
   * The objects as the cluster would admit them (mutated, plus generated ones), which validate rules saw and
   * cost prices; undefined when no policy was applied or with `--no-mutate`.
   */
  admitted?: Manifest[];
  /** Objects whose admitted form differs from the rendered one, and objects generate rules added. */
  admission?: { mutatedObjects: number; generatedObjects: number };
  /** The same admission for another set (the base revision the cost diff compares with). */
  admit?: (manifests: Manifest[]) => Manifest[];
}

/** Findings for the entries of `--policies` / `--exceptions` that were refused or matched nothing. */
function pathFindings(
  what: 'policy' | 'exception',
  expanded: ReturnType<typeof expandPolicyPaths> | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const entry of expanded?.outside ?? []) {
    findings.push({
      ruleId: 'policy/path-escape',
      severity: 'error',
      message: `${what} path ${entry} resolves outside the repository; it was not read`,
    });
  }
  for (const entry of expanded?.missing ?? []) {
    findings.push({
      ruleId: 'policy/folder-not-found',
      severity: 'error',
      message: `${what} path ${entry} matches nothing`,
    });
  }
  return findings;
}

export async function runPolicyStage(
  manifests: Manifest[],
  options: Pick<PipelineOptions, 'repoRoot' | 'policies' | 'policyExceptions' | 'onProgress' | 'mutate'>,
): Promise<StageWork<PolicyStageResult>> {
  const { repoRoot } = options;
  const policyPaths = options.policies ? expandPolicyPaths(repoRoot, options.policies) : undefined;
  const exceptionPaths = options.policyExceptions
    ? expandPolicyPaths(repoRoot, options.policyExceptions)
    : undefined;
  const findings: Finding[] = [
    ...pathFindings('policy', policyPaths),
    ...pathFindings('exception', exceptionPaths),
  ];
  if (!policyPaths || policyPaths.paths.length === 0) {
    return {
      objects: 0,
      findings,
      skipped: options.policies ? `no policy found at ${options.policies.join(', ')}` : 'no policy folder',
      result: {},
    };
  }
  options.onProgress?.('policy: applying the policy pack');
  const loaded = await loadPolicies(policyPaths.paths, {
    root: repoRoot,
    baseDir: repoRoot,
    ...(exceptionPaths?.paths.length ? { exceptions: exceptionPaths.paths } : {}),
  });
  // exceptions found among the policies and those of --exceptions / policyExceptions;
  // admission order: mutate (and generate) first, then validate rules on what the cluster would store
  const admission =
    options.mutate === false
      ? undefined
      : admitManifests(manifests, loaded.policies, { exceptions: loaded.exceptions });
  const checked = admission?.manifests ?? manifests;
  const applied = applyPolicies(checked, loaded.policies, { exceptions: loaded.exceptions });
  findings.push(...loaded.findings, ...(admission?.findings ?? []), ...applied.findings);
  const result: PolicyStageResult = { report: applied.report };
  if (admission) {
    result.admitted = admission.manifests;
    result.admit = (other) =>
      admitManifests(other, loaded.policies, { exceptions: loaded.exceptions }).manifests;
    result.admission = {
      mutatedObjects: admission.mutatedObjects,
      generatedObjects: admission.generatedObjects,
    };
  }
  return { objects: checked.length, findings, result };
}
