/**
 * The coverage line every report format carries: how many Applications were rendered fully, partly and
 * not at all, and how many objects were checked. A run over Applications that checked no object says so
 * instead of "passed".
 */
import { count } from './finding-facts.js';
import type { Report, ReportAdmission, ReportCoverage } from './report-model.js';

/** `coverage: 5 apps rendered fully, 1 partly, 2 not at all; 40 objects checked`. */
export function coverageSentence(coverage: ReportCoverage): string {
  const a = coverage.applications;
  return `coverage: ${count(a.full, 'app')} rendered fully, ${a.partial} partly, ${a.none} not at all; ${count(coverage.objects, 'object')} checked`;
}

/**
 * `admission: 2 objects mutated, 1 generated, 40 unchanged, 1 failed (checked as rendered)`: what the
 * validate rules, the schema re-check and cost saw instead of the rendered objects.
 */
export function admissionSentence(a: ReportAdmission): string {
  const failed = a.failedObjects > 0 ? `, ${a.failedObjects} failed (checked as rendered)` : '';
  return `admission: ${count(a.mutatedObjects, 'object')} mutated, ${a.generatedObjects} generated, ${a.unchangedObjects} unchanged${failed}`;
}

/** Admission counts in the documented key order (JSON report). */
export function jsonAdmission(a: ReportAdmission): Record<string, number> {
  return {
    mutatedObjects: a.mutatedObjects,
    generatedObjects: a.generatedObjects,
    unchangedObjects: a.unchangedObjects,
    failedObjects: a.failedObjects,
  };
}

/** `changed only (since origin/main, 3 files changed): 2 apps affected, 4998 skipped-unchanged`. */
export function changedOnlySentence(c: NonNullable<Report['changedOnly']>): string {
  const what = c.everything
    ? `every app checked, because ${c.everything}`
    : `${count(c.affected, 'app')} affected and checked, ${c.unchanged.length} skipped-unchanged`;
  return `changed only (since ${c.base}, ${count(c.changedFiles, 'file')} changed): ${what}`;
}

/** The verdict word of a report: `passed`, `failed`, or `nothing checked`. */
export function verdictWord(report: Report): 'passed' | 'failed' | 'nothing checked' {
  if (report.coverage?.nothingChecked) return 'nothing checked';
  return report.summary.failed ? 'failed' : 'passed';
}

/** Coverage with its keys in the documented order (JSON report summary, SARIF run properties). */
export function jsonCoverage(c: ReportCoverage): Record<string, unknown> {
  const a = c.applications;
  return {
    applications: { total: a.total, full: a.full, partial: a.partial, none: a.none },
    objects: c.objects,
    nothingChecked: c.nothingChecked,
  };
}
