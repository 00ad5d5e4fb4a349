/**
 * How much of one Application this render could check. A source that cannot be rendered here for a reason
 * Argo CD would not fail on (a config management plugin, jsonnet, a remote source while offline, a source
 * hydrator, a chart dependency that is not vendored) is a coverage gap: one `coverage/app-not-rendered` warning naming the app, its line and the
 * reason — never an error, never silent. Errors stay for what Argo CD itself fails on.
 */
import type { Finding } from '@neuroscale/core';
import type { AppSpec } from '../render-context.js';

export const COVERAGE_RULE = 'coverage/app-not-rendered';

/** Render rule ids that mean "not rendered here" rather than "Argo CD fails". */
const NOT_RENDERED_HERE = new Set([
  'render/plugin-unsupported',
  'render/jsonnet-unsupported',
  'render/remote-chart-unavailable',
  'render/remote-source-unavailable',
  'render/remote-kustomize-base-unavailable',
  'render/remote-value-file-unavailable',
  'render/source-hydrator-unsupported',
  // Argo CD runs `helm dependency build` against the dependency repositories; offline that needs them vendored
  'render/helm-dependency-missing',
]);

export type AppCoverage = 'full' | 'partial' | 'none';

export interface CoverageInput {
  app: AppSpec;
  status: 'rendered' | 'skipped' | 'failed';
  /** Findings of the app's sources. */
  findings: Finding[];
  /** Objects rendered for the app. */
  objectCount: number;
}

export interface CoverageResult {
  coverage: AppCoverage;
  /** The app's status after the review: a failure made only of coverage gaps is a skip. */
  status: 'rendered' | 'skipped' | 'failed';
  findings: Finding[];
}

export function classifyAppCoverage(input: CoverageInput): CoverageResult {
  const { app } = input;
  const gaps = input.findings.filter((f) => NOT_RENDERED_HERE.has(f.ruleId));
  const findings = input.findings.map((f) =>
    NOT_RENDERED_HERE.has(f.ruleId) ? coverageFinding(app, f, input.objectCount > 0) : f,
  );
  let status = input.status;
  const hasError = findings.some((f) => f.severity === 'error');
  if (status === 'failed' && gaps.length > 0 && !hasError) status = 'skipped';
  if (status === 'rendered' && gaps.length > 0 && input.objectCount === 0) status = 'skipped';
  const coverage: AppCoverage =
    status !== 'rendered' ? 'none' : gaps.length > 0 ? 'partial' : ('full' as AppCoverage);
  return { coverage, status, findings };
}

function coverageFinding(app: AppSpec, f: Finding, partly: boolean): Finding {
  const where = `${app.origin.file}:${app.origin.line}`;
  const what = partly ? 'is only partly rendered here' : 'is not rendered here';
  return {
    ...f,
    ruleId: COVERAGE_RULE,
    severity: 'warning',
    message: `${app.kind} ${app.name} (${where}) ${what}: ${f.message}`,
    app: f.app ?? app.name,
    details: { ...f.details, cause: f.ruleId },
  };
}
