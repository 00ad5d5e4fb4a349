/**
 * The policy pack of a run: the `--policies` / `--exceptions` entries expanded and loaded. An entry that
 * resolves outside the repository or matches nothing is a finding, so the pipeline, `policy apply` and
 * `cost` give the same answer for the same bad path.
 */
import type { Finding, Manifest } from '@neuroscale/core';
import {
  type AdmitManifestsResult,
  admitManifests,
  type LoadPoliciesResult,
  loadPolicies,
} from '@neuroscale/kyverno-test';
import { expandPolicyPaths } from '../input/expand-policy-paths.js';
import type { PipelineOptions } from './pipeline-options.js';

export interface PolicyPack {
  /** Path findings (refused or empty entries) and the loader's own findings. */
  findings: Finding[];
  /** Undefined when no policy file was found; `skipped` then says why. */
  loaded?: LoadPoliciesResult;
  skipped?: string;
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

export async function loadPolicyPack(
  options: Pick<PipelineOptions, 'repoRoot' | 'policies' | 'policyExceptions'>,
): Promise<PolicyPack> {
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
    const skipped = options.policies
      ? `no policy found at ${options.policies.join(', ')}`
      : 'no policy folder';
    return { findings, skipped };
  }
  const loaded = await loadPolicies(policyPaths.paths, {
    root: repoRoot,
    baseDir: repoRoot,
    ...(exceptionPaths?.paths.length ? { exceptions: exceptionPaths.paths } : {}),
  });
  findings.push(...loaded.findings);
  return { findings, loaded };
}

/**
 * Admission (mutate, then generate rules) of `manifests` with a loaded pack, as the cluster would store
 * them; `treeManifests` is the whole tree when `manifests` is one shard of it.
 */
export function admitWithPack(
  manifests: readonly Manifest[],
  loaded: LoadPoliciesResult,
  treeManifests?: readonly Manifest[],
): AdmitManifestsResult {
  return admitManifests(manifests, loaded.policies, {
    exceptions: loaded.exceptions,
    ...(treeManifests ? { treeManifests } : {}),
  });
}
