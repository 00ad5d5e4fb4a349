/**
 * `--format json`: the versioned machine-readable report (schema: packages/cli/schemas/report.schema.json).
 * Same report → same bytes: every key order is fixed here (free-form data such as finding details,
 * apps and the cost diff gets its keys sorted), findings are sorted with core's sortFindings,
 * and timings are left out.
 */

import type { AppNode, Finding } from '@neuroscale/core';
import { compareFindings, compareStrings } from '@neuroscale/core';
import { jsonAdmission, jsonCoverage } from './coverage-facts.js';
import { orderedStages, sortObjects } from './finding-facts.js';
import type { Report, ShardOfReport } from './report-model.js';
import { REPORT_SCHEMA_VERSION } from './report-model.js';

export interface JsonReportOptions {
  /** Indentation; 2 unless told otherwise (0 writes one line). */
  indent?: number;
}

export function writeJson(report: Report, options: JsonReportOptions = {}): string {
  const doc: Record<string, unknown> = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    root: report.root,
    summary: {
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      infos: report.summary.infos,
      objects: report.summary.objects,
      failOn: report.summary.failOn,
      failed: report.summary.failed,
      ...(report.coverage ? { coverage: jsonCoverage(report.coverage) } : {}),
    },
    stages: orderedStages(report.stages).map((s) => {
      const stage: Record<string, unknown> = { name: s.name, objects: s.objects, findings: s.findings };
      if (s.skipped !== undefined) stage.skipped = s.skipped;
      return stage;
    }),
    findings: [...report.findings]
      .sort(compareFindings)
      .map((f) => (report.shard ? { ...jsonFinding(f), stage: f.stage } : jsonFinding(f))),
  };
  if (report.apps) doc.apps = sortApps(report.apps).map((a) => sortKeysDeep(a));
  if (report.admission !== undefined) doc.admission = jsonAdmission(report.admission);
  if (report.cost !== undefined) doc.cost = sortKeysDeep(report.cost);
  if (report.changedOnly !== undefined) doc.changedOnly = sortKeysDeep(report.changedOnly);
  if (report.shard) Object.assign(doc, shardMembers(report, report.shard));
  return `${JSON.stringify(doc, null, options.indent ?? 2)}\n`;
}

/**
 * A shard report also carries what the other formats of the merged report need (report/merge-reports.ts):
 * the checked objects, the head prices beside the cost diff, the rendered diff and the coverage as the report
 * model holds it (and each finding its `stage`, above).
 */
function shardMembers(report: Report, shard: ShardOfReport): Record<string, unknown> {
  const members: Record<string, unknown> = {
    shard: { index: shard.index, count: shard.count },
    objects: sortObjects(report.objects).map((o) => sortKeysDeep(o)),
  };
  if (report.costHead !== undefined) members.costHead = sortKeysDeep(report.costHead);
  // the rendered diff is tree-wide (shard 1) and no part of the unsharded JSON: the merge needs it for the comment
  if (report.diff !== undefined) members.diff = report.diff;
  if (report.coverage !== undefined) members.coverage = report.coverage;
  return members;
}

/** A finding with its keys in the documented order and no undefined members. */
export function jsonFinding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = { ruleId: f.ruleId, severity: f.severity, message: f.message };
  if (f.object) {
    const o: Record<string, string> = {};
    if (f.object.apiVersion) o.apiVersion = f.object.apiVersion;
    if (f.object.kind) o.kind = f.object.kind;
    if (f.object.namespace) o.namespace = f.object.namespace;
    if (f.object.name) o.name = f.object.name;
    out.object = o;
  }
  if (f.location) {
    const l: Record<string, unknown> = { file: f.location.file };
    if (f.location.line !== undefined) l.line = f.location.line;
    if (f.location.column !== undefined) l.column = f.location.column;
    if (f.location.endLine !== undefined) l.endLine = f.location.endLine;
    if (f.location.endColumn !== undefined) l.endColumn = f.location.endColumn;
    out.location = l;
  }
  if (f.app !== undefined) out.app = f.app;
  if (f.path !== undefined) out.path = f.path;
  if (f.details !== undefined) out.details = sortKeysDeep(f.details);
  return out;
}

const cmp = compareStrings;

function sortApps(apps: readonly AppNode[]): AppNode[] {
  return [...apps].sort(
    (a, b) =>
      cmp(a.name, b.name) ||
      cmp(a.kind, b.kind) ||
      cmp(a.namespace ?? '', b.namespace ?? '') ||
      cmp(a.location.file, b.location.file) ||
      (a.location.line ?? 0) - (b.location.line ?? 0),
  );
}

/** Plain JSON data with every object's keys in `<` order (arrays keep their order: it means something). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(cmp)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}
