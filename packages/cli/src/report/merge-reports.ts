/**
 * `neuroscale-validate merge`: the JSON reports of the n shards of one `--shard i/n` run → the Report the
 * unsharded run would have made, so every writer gives the same bytes (pipeline/select-shard.ts says
 * what each shard owns). Pure: the command reads the files and writes the outputs.
 *
 * One combine rule per section; a new section of the report plugs in by adding its rule here:
 * - `findings`: concatenated, then de-duplicated again (build-report's dedupeFindings) — a finding
 *   seen by two shards' stages counts once, exactly as in one run;
 * - `stages`: per stage, `objects` and `findings` summed, `skipped` taken from shard 1 (each object and
 *   each finding belongs to one shard, and tree-wide stages run in shard 1 only);
 * - `objects`, `apps`: concatenated (each app and object belongs to one shard; writers sort them);
 * - `cost`, `costHead`, `diff`: tree-wide, from shard 1 (the only shard that prices and diffs the change);
 * - `coverage`: the application counts are the whole tree's in every shard (each renders the whole tree),
 *   taken from shard 1; `objects` is the merged objects; `nothingChecked` is the tree's (shard 1's);
 * - `changedOnly`: tree-wide, from shard 1 (every shard selects the same affected apps before it shards them);
 * - `admission`: objects mutated, generated, unchanged and failed, summed (each object is admitted in the
 *   shard that owns it);
 * - `summary`: recomputed from the merged findings and objects (counts, failed) — `failOn` must agree;
 * - `tool`, `schemaVersion`, `root`: must agree across the shards.
 * A section that is a per-app list merges like `apps`; a tree-wide one like `cost` (from shard 1); a
 * count per stage like `stages`. Shards that disagree (other versions, options, shard counts, a missing
 * or repeated shard) are an error, never a partial report.
 */
import { countBySeverity, hasFindingsAtOrAbove, type Severity } from '@neuroscale/core';
import { dedupeFindings } from './build-report.js';
import { STAGE_ORDER } from './finding-facts.js';
import type { CheckedObject, Report, StagedFinding, StageName, StageSummary } from './report-model.js';
import { REPORT_SCHEMA_VERSION } from './report-model.js';

export type MergeResult = { ok: true; report: Report } | { ok: false; message: string };

export function mergeReports(shards: readonly Report[]): MergeResult {
  const problem = checkShardSet(shards);
  if (problem) return { ok: false, message: problem };
  const ordered = [...shards].sort((a, b) => a.shard!.index - b.shard!.index);
  const first = ordered[0]!;
  const findings = dedupeFindings(ordered.flatMap((r) => r.findings));
  const objects: CheckedObject[] = ordered.flatMap((r) => r.objects);
  const counts = countBySeverity(findings);
  const { failOn } = first.summary;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { ...first.tool },
    root: first.root,
    stages: mergeStages(ordered),
    findings,
    objects,
    summary: {
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      objects: objects.length,
      failOn,
      failed: failOn !== 'never' && hasFindingsAtOrAbove(findings, failOn),
    },
  };
  if (first.coverage !== undefined) {
    report.coverage = { ...first.coverage, objects: objects.length };
    // a tree that checked nothing fails whatever --fail-on says, unless --allow-empty (shard 1 knows which)
    if (first.coverage.nothingChecked && first.summary.failed) report.summary.failed = true;
  }
  const admitted = ordered.flatMap((r) => (r.admission ? [r.admission] : []));
  if (admitted.length > 0) {
    report.admission = {
      mutatedObjects: admitted.reduce((n, a) => n + a.mutatedObjects, 0),
      generatedObjects: admitted.reduce((n, a) => n + a.generatedObjects, 0),
      unchangedObjects: admitted.reduce((n, a) => n + a.unchangedObjects, 0),
      failedObjects: admitted.reduce((n, a) => n + a.failedObjects, 0),
    };
  }
  if (ordered.some((r) => r.apps)) report.apps = ordered.flatMap((r) => r.apps ?? []);
  if (first.cost !== undefined) report.cost = first.cost;
  if (first.costHead !== undefined) report.costHead = first.costHead;
  if (first.diff !== undefined) report.diff = first.diff;
  if (first.changedOnly !== undefined) report.changedOnly = first.changedOnly;
  return { ok: true, report };
}

function checkShardSet(shards: readonly Report[]): string | undefined {
  if (shards.length === 0) return 'no report to merge';
  const first = shards[0]!;
  const count = first.shard?.count;
  const seen = new Set<number>();
  for (const r of shards) {
    if (!r.shard) return 'a report without "shard": merge takes the JSON reports of --shard i/n runs';
    if (r.shard.count !== count) return `reports of different shard counts (${count} and ${r.shard.count})`;
    if (seen.has(r.shard.index)) return `shard ${r.shard.index}/${count} given twice`;
    seen.add(r.shard.index);
    if (r.tool.version !== first.tool.version)
      return `reports of different versions (${first.tool.version} and ${r.tool.version})`;
    if (r.summary.failOn !== first.summary.failOn)
      return `reports with different --fail-on (${first.summary.failOn} and ${r.summary.failOn})`;
    if (r.root !== first.root) return `reports of different roots (${first.root} and ${r.root})`;
  }
  const missing = Array.from({ length: count ?? 0 }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) return `shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing`;
  return undefined;
}

function mergeStages(ordered: readonly Report[]): StageSummary[] {
  const byName = new Map<StageName, StageSummary>();
  for (const r of ordered) {
    for (const s of r.stages) {
      const seen = byName.get(s.name);
      if (!seen) {
        // shard 1 comes first: its skipped reason is the merged one
        byName.set(s.name, { name: s.name, objects: s.objects, findings: s.findings, ...skippedOf(s) });
      } else {
        seen.objects += s.objects;
        seen.findings += s.findings;
      }
    }
  }
  return [...byName.values()].sort((a, b) => STAGE_ORDER.indexOf(a.name) - STAGE_ORDER.indexOf(b.name));
}

const skippedOf = (s: StageSummary) => (s.skipped !== undefined ? { skipped: s.skipped } : {});

/** Parsed shard report text → Report; a message when it is not the JSON report of a shard. */
export function readShardReport(
  text: string,
  name: string,
): { ok: true; report: Report } | { ok: false; message: string } {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, message: `${name}: not JSON (${(e as Error).message})` };
  }
  const bad = (what: string) => ({ ok: false as const, message: `${name}: ${what}` });
  if (!doc || typeof doc !== 'object' || doc.schemaVersion !== REPORT_SCHEMA_VERSION)
    return bad(`not a neuroscale-validate JSON report of schema version ${REPORT_SCHEMA_VERSION}`);
  const shard = doc.shard as Report['shard'];
  if (!shard || !Number.isInteger(shard.index) || !Number.isInteger(shard.count))
    return bad('no "shard" member: write shard reports with --shard i/n --format json');
  const findings = doc.findings as StagedFinding[] | undefined;
  if (!Array.isArray(findings) || findings.some((f) => !STAGE_ORDER.includes(f?.stage)))
    return bad('a finding without its stage');
  const summary = doc.summary as Report['summary'] | undefined;
  if (!Array.isArray(doc.stages) || !Array.isArray(doc.objects) || !summary || !isFailOn(summary.failOn))
    return bad('stages, objects or summary missing');
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: doc.tool as Report['tool'],
    root: String(doc.root),
    stages: doc.stages as StageSummary[],
    findings,
    objects: doc.objects as CheckedObject[],
    shard: { index: shard.index, count: shard.count },
    summary: {
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      objects: summary.objects,
      failOn: summary.failOn,
      failed: summary.failed,
    },
  };
  if (Array.isArray(doc.apps)) report.apps = doc.apps as NonNullable<Report['apps']>;
  if (doc.cost !== undefined) report.cost = doc.cost as NonNullable<Report['cost']>;
  if (doc.costHead !== undefined) report.costHead = doc.costHead as NonNullable<Report['costHead']>;
  if (doc.diff !== undefined) report.diff = doc.diff as NonNullable<Report['diff']>;
  if (doc.coverage !== undefined) report.coverage = doc.coverage as NonNullable<Report['coverage']>;
  if (doc.admission !== undefined) report.admission = readAdmission(doc.admission);
  if (doc.changedOnly !== undefined)
    report.changedOnly = doc.changedOnly as NonNullable<Report['changedOnly']>;
  return { ok: true, report };
}

function isFailOn(value: unknown): value is Severity | 'never' {
  return value === 'error' || value === 'warning' || value === 'info' || value === 'never';
}

/** A shard's `admission` counts (a count the shard's version did not write is 0). */
function readAdmission(value: unknown): NonNullable<Report['admission']> {
  const v = (value ?? {}) as Record<string, unknown>;
  const n = (key: string) => (typeof v[key] === 'number' ? (v[key] as number) : 0);
  return {
    mutatedObjects: n('mutatedObjects'),
    generatedObjects: n('generatedObjects'),
    unchangedObjects: n('unchangedObjects'),
    failedObjects: n('failedObjects'),
  };
}
