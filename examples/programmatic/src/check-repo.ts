/**
 * Render an Argo CD GitOps repository offline and validate every rendered object, from code.
 *
 * This is what `neuroscale-validate validate` does without the CLI: `render()` walks the
 * app-of-apps tree from the root Applications (default `gitops/bootstrap/*.yaml`) exactly as
 * Argo CD would, and `validate()` checks each object against the strict Kubernetes and CRD
 * schemas. Both return findings as values; nothing is printed and nothing throws for a bad tree.
 */
import { type AppNode, type Finding, sortFindings } from '@neuroscale/core';
import { render } from '@neuroscale/render';
import { validate } from '@neuroscale/validate';

export interface CheckRepoOptions {
  /** Kubernetes minor for the schemas and for helm's `--kube-version` (default 1.33). */
  kubeVersion?: string;
  /** repoURLs that designate this repository, besides its git remotes. */
  repoURLs?: string[];
  /** Root Application files, repo-relative globs (default `gitops/bootstrap/*.yaml`). */
  roots?: string[];
}

export interface CheckRepoResult {
  /** Every Application and ApplicationSet render found, with its status and provenance. */
  apps: AppNode[];
  /** Error findings of both stages, in the one deterministic order every report uses. */
  errors: Finding[];
  /** Number of rendered objects that were validated. */
  objects: number;
}

export async function checkRepo(repoRoot: string, options: CheckRepoOptions = {}): Promise<CheckRepoResult> {
  const kubeVersion = options.kubeVersion ?? '1.33';
  const rendered = await render({
    repoRoot,
    kubeVersion,
    offline: true,
    repoURLs: options.repoURLs ?? [],
    ...(options.roots ? { roots: options.roots } : {}),
  });
  const validated = await validate(rendered.manifests, { kubeVersion, apps: rendered.apps, repoRoot });
  const errors = sortFindings(
    [...rendered.findings, ...validated.findings].filter((f) => f.severity === 'error'),
  );
  return { apps: rendered.apps, errors, objects: rendered.manifests.length };
}
