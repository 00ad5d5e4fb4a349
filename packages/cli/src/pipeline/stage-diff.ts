/**
 * Diff: the base render (shared with cost, rendered once) against the head render, per Argo CD Application,
 * by @neuroscale/diff. The argocd-cm ignoreDifferences overrides and the root Applications' ignoreDifferences
 * come from the head tree. Without `--base`
 * the stage is skipped; a base that could not be checked out is a finding (never an empty diff).
 */
import type { Finding } from '@neuroscale/core';
import { diffRenders, type RenderDiff } from '@neuroscale/diff';
import type { RenderResult } from '@neuroscale/render';
import type { PipelineOptions } from './pipeline-options.js';
import { readArgocdCmIgnoreDifferences } from './read-argocd-cm-ignore-differences.js';
import { readRootAppIgnoreDifferences } from './read-root-app-ignore-differences.js';
import type { BaseRender } from './render-base-revision.js';
import type { StageWork } from './run-stage.js';

export interface DiffStageResult {
  diff?: RenderDiff;
}

/** The label of the head side: the working tree of the scanned repository. */
export const HEAD_LABEL = 'working tree';

export async function runDiffStage(
  head: RenderResult,
  options: PipelineOptions,
  base: BaseRender | undefined,
): Promise<StageWork<DiffStageResult>> {
  if (!base) return { objects: 0, findings: [], skipped: 'no --base revision', result: {} };
  if (!base.ok) {
    const findings: Finding[] = [
      { ruleId: 'diff/base-unavailable', severity: 'error', message: base.message },
    ];
    return { objects: 0, findings, result: {} };
  }
  options.onProgress?.(`diff: ${base.ref} against the ${HEAD_LABEL}`);
  const cm = readArgocdCmIgnoreDifferences(head.manifests);
  const { diff, findings } = await diffRenders(base.result, head, {
    base: base.ref,
    head: HEAD_LABEL,
    ignoreDifferencesOverrides: cm.overrides,
    rootAppIgnoreDifferences: await readRootAppIgnoreDifferences(head.apps, options.repoRoot),
  });
  return {
    objects: diff.summary.objects.added + diff.summary.objects.removed + diff.summary.objects.changed,
    findings: [...cm.findings, ...findings],
    result: { diff },
  };
}
