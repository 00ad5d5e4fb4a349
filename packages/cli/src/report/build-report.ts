/**
 * Findings of the stages → one Report: severity overrides from the config file, de-duplication of a
 * problem seen by two stages, counts and the fail verdict. Pure; the pipeline and the stage
 * subcommands build their reports here.
 */
import {
  type AppNode,
  compareFindings,
  countBySeverity,
  type Finding,
  hasFindingsAtOrAbove,
  type Manifest,
  objectRef,
  type Severity,
} from '@neuroscale/core';
import type { CostDiff } from '@neuroscale/cost-proxy';
import type { RenderDiff } from '@neuroscale/diff';
import { VERSION } from '../version.js';
import { STAGE_ORDER } from './finding-facts.js';
import {
  type CheckedObject,
  type CostHead,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportCoverage,
  type StagedFinding,
  type StageName,
  type StageSummary,
} from './report-model.js';

const stageRank = (name: StageName): number => STAGE_ORDER.indexOf(name);

/**
 * Apply `rules` severity overrides: an exact rule id wins over the longest `family/*` prefix.
 * The original severity is kept in details so nothing is hidden.
 */
export function applySeverityOverrides<T extends Finding>(
  findings: T[],
  overrides: Record<string, Finding['severity']> | undefined,
): T[] {
  if (!overrides || Object.keys(overrides).length === 0) return findings;
  const prefixes = Object.keys(overrides)
    .filter((k) => k.endsWith('/*'))
    .sort((a, b) => b.length - a.length);
  return findings.map((f) => {
    const exact = overrides[f.ruleId];
    const family = exact ? undefined : prefixes.find((p) => f.ruleId.startsWith(p.slice(0, -1)));
    const level = exact ?? (family ? overrides[family] : undefined);
    if (!level || level === f.severity) return f;
    return { ...f, severity: level, details: { ...f.details, defaultSeverity: f.severity } };
  });
}

export function buildReport(input: {
  options: { failOn: Severity | 'never'; ruleSeverity?: Record<string, Severity>; allowEmpty?: boolean };
  stages: StageSummary[];
  findings: StagedFinding[];
  manifests: Manifest[];
  apps?: AppNode[];
  /** Render's coverage counts; with apps, the report states coverage and refuses an empty run. */
  coverage?: Omit<ReportCoverage, 'nothingChecked'>;
  /** Whether the whole tree checked nothing, when these manifests are one shard of it (default: judged from them). */
  treeNothingChecked?: boolean;
  cost?: CostDiff;
  costHead?: CostHead;
  admission?: Report['admission'];
  diff?: RenderDiff;
}): Report {
  const unique = dedupeFindings(applySeverityOverrides(input.findings, input.options.ruleSeverity));
  const counts = countBySeverity(unique);
  const objects: CheckedObject[] = input.manifests.map((m) => {
    // objectRef returns a fresh object: completed in place (the same keys in the same order as a copy)
    const o = objectRef(m.object) as CheckedObject;
    o.file = m.source.file;
    o.line = m.source.line;
    const app = m.source.apps.at(-1);
    if (app) o.app = app;
    return o;
  });
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'neuroscale-validate', version: VERSION },
    root: '.',
    stages: input.stages,
    findings: unique,
    objects,
    summary: {
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      objects: objects.length,
      failOn: input.options.failOn,
      failed: input.options.failOn !== 'never' && hasFindingsAtOrAbove(unique, input.options.failOn),
    },
  };
  // render's provenance (AppNode.inputs) selects apps for --changed-only; the report does not repeat it
  if (input.apps) report.apps = input.apps.map(({ inputs: _inputs, ...app }) => app);
  if (input.coverage) {
    // Applications in the tree and not one object checked: not a pass, whatever --fail-on says
    const nothingChecked =
      input.treeNothingChecked ?? ((input.apps?.length ?? 0) > 0 && objects.length === 0);
    report.coverage = { ...input.coverage, objects: objects.length, nothingChecked };
    if (nothingChecked && !input.options.allowEmpty) report.summary.failed = true;
  }
  if (input.cost !== undefined) report.cost = input.cost;
  if (input.costHead !== undefined) report.costHead = input.costHead;
  if (input.admission !== undefined) report.admission = input.admission;
  if (input.diff !== undefined) report.diff = input.diff;
  return report;
}

/**
 * The same problem reported by two stages (e.g. a YAML error seen by load and by render) counts once;
 * the copy that knows its Application wins, and it counts for the earliest stage that saw it.
 */
export function dedupeFindings(findings: StagedFinding[]): StagedFinding[] {
  const byKey = new Map<string, StagedFinding>();
  for (const f of [...findings].sort(compareFindings)) {
    const key = JSON.stringify([
      f.ruleId,
      f.severity,
      f.message,
      f.location?.file,
      f.location?.line,
      f.location?.column,
      f.object,
      f.path,
    ]);
    const seen = byKey.get(key);
    const kept = !seen || (!seen.app && f.app) ? f : seen;
    const stage = seen && stageRank(seen.stage) < stageRank(f.stage) ? seen.stage : f.stage;
    byKey.set(key, kept.stage === stage ? kept : { ...kept, stage });
  }
  return [...byKey.values()].sort(compareFindings);
}

/**
 * The finding as its stage made it, without the stamp: for the outputs with a contract of their own
 * (`validate --format json`, `render --format json`, `cost --format json`), which never carried a stage.
 */
export function withoutStage(f: StagedFinding): Finding {
  const { stage: _stage, ...finding } = f;
  return finding;
}
