/**
 * Policy: expand the `--policies` entries, load the pack, apply it to the manifests. An entry that
 * resolves outside the repository or matches nothing is a finding of this stage, so the pipeline and
 * `policy apply` give the same answer for the same bad path.
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { type ApplyPoliciesResult, applyPolicies, loadPolicies } from '@neuroscale/kyverno-test';
import { expandPolicyPaths } from '../input/expand-policy-paths.js';
import type { PipelineOptions } from './pipeline-options.js';
import type { StageWork } from './run-stage.js';

export interface PolicyStageResult {
  /** The wgpolicyk8s.io PolicyReport; undefined when no policy was applied. */
  report?: ApplyPoliciesResult['report'];
}

export async function runPolicyStage(
  manifests: Manifest[],
  options: Pick<PipelineOptions, 'repoRoot' | 'policies' | 'onProgress'>,
): Promise<StageWork<PolicyStageResult>> {
  const { repoRoot } = options;
  const policyPaths = options.policies ? expandPolicyPaths(repoRoot, options.policies) : undefined;
  const findings: Finding[] = [];
  for (const entry of policyPaths?.outside ?? []) {
    findings.push({
      ruleId: 'policy/path-escape',
      severity: 'error',
      message: `policy path ${entry} resolves outside the repository; it was not read`,
    });
  }
  for (const entry of policyPaths?.missing ?? []) {
    findings.push({
      ruleId: 'policy/folder-not-found',
      severity: 'error',
      message: `policy path ${entry} matches nothing`,
    });
  }
  if (!policyPaths || policyPaths.paths.length === 0) {
    return {
      objects: 0,
      findings,
      skipped: options.policies ? `no policy found at ${options.policies.join(', ')}` : 'no policy folder',
      result: {},
    };
  }
  options.onProgress?.('policy: applying the policy pack');
  const loaded = await loadPolicies(policyPaths.paths, { root: repoRoot, baseDir: repoRoot });
  const applied = applyPolicies(manifests, loaded.policies);
  findings.push(...loaded.findings, ...applied.findings);
  return { objects: manifests.length, findings, result: { report: applied.report } };
}
