import type { Finding, Manifest } from '@neuroscale/core';
import { applyPolicies, loadPolicies } from '@neuroscale/kyverno-test';

export async function runPolicyStage(
  manifests: Manifest[],
  policyPaths: string[],
  repoRoot: string,
): Promise<{ findings: Finding[]; report: unknown }> {
  const loaded = await loadPolicies(policyPaths, { root: repoRoot, baseDir: repoRoot });
  const applied = applyPolicies(manifests, loaded.policies);
  return { findings: [...loaded.findings, ...applied.findings], report: applied.report };
}
