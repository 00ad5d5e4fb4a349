/**
 * `--format junit`: JUnit XML for CI test tabs (GitLab, Jenkins, Azure, Buildkite).
 * One <testsuite> per stage. The load stage has one test case per file; the other stages one per
 * checked object (`Kind ns/name`, classname = its file). Findings of a stage that name no checked object
 * become test cases of their own, one per file. Errors fail a test case; warnings fail it only with
 * failOnWarning (default: the report's --fail-on is warning or info), otherwise they go to <system-out>.
 * No timings: the same report gives the same bytes.
 */

import type { Finding } from '@neuroscale/core';
import { compareFindings, compareStrings } from '@neuroscale/core';
import { coverageSentence } from './coverage-facts.js';
import {
  displayLocation,
  formatObject,
  formatPosition,
  indexObjects,
  type ObjectIndex,
  orderedStages,
  sortObjects,
} from './finding-facts.js';
import type { CheckedObject, Report, ReportCoverage, StageSummary } from './report-model.js';
import { xmlAttr, xmlText } from './xml-escape.js';

export interface JunitReportOptions {
  /** Warnings fail their test case (`<failure type="warning">`) instead of going to <system-out>. */
  failOnWarning?: boolean;
}

interface TestCase {
  name: string;
  classname: string;
  file?: string;
  findings: Finding[];
  skipped?: string;
}

const NO_LOCATION = '(no location)';

export function writeJunit(report: Report, options: JunitReportOptions = {}): string {
  const failOnWarning =
    options.failOnWarning ?? (report.summary.failOn === 'warning' || report.summary.failOn === 'info');
  const findings = [...report.findings].sort(compareFindings);
  const objects = sortObjects(report.objects);
  const index = indexObjects(objects);
  const byStage = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byStage.get(f.stage);
    if (list) list.push(f);
    else byStage.set(f.stage, [f]);
  }
  const suites = orderedStages(report.stages).map((stage) =>
    suiteXml(stage, testCases(stage, byStage.get(stage.name) ?? [], objects, index, report), {
      failOnWarning,
      properties: stage.name === 'render' && report.coverage ? coverageProperties(report.coverage) : [],
    }),
  );
  const totals = { tests: 0, failures: 0, skipped: 0 };
  for (const s of suites) {
    totals.tests += s.tests;
    totals.failures += s.failures;
    totals.skipped += s.skipped;
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(report.tool.name)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function testCases(
  stage: StageSummary,
  findings: readonly Finding[],
  objects: readonly CheckedObject[],
  index: ObjectIndex,
  report: Report,
): TestCase[] {
  if (stage.skipped !== undefined) {
    return [
      { name: `${stage.name} stage`, classname: report.tool.name, findings: [], skipped: stage.skipped },
    ];
  }
  const cases: TestCase[] = [];
  const loose = new Map<string, Finding[]>();
  const addLoose = (file: string, f: Finding): void => {
    const list = loose.get(file);
    if (list) list.push(f);
    else loose.set(file, [f]);
  };

  if (stage.name === 'load') {
    for (const o of objects) loose.set(o.file, loose.get(o.file) ?? []);
    for (const f of findings) addLoose(f.location?.file ?? NO_LOCATION, f);
  } else {
    const byObject = new Map<CheckedObject, Finding[]>();
    for (const f of findings) {
      const o = index.objectOf(f);
      const list = o ? byObject.get(o) : undefined;
      if (list) list.push(f);
      else if (o) byObject.set(o, [f]);
      else addLoose(displayLocation(f, index)?.file ?? NO_LOCATION, f);
    }
    for (const o of objects) {
      cases.push({
        name: formatObject(o) || o.file,
        classname: o.file,
        file: o.file,
        findings: byObject.get(o) ?? [],
      });
    }
  }
  const files = [...loose.keys()].sort((a, b) =>
    a === NO_LOCATION ? 1 : b === NO_LOCATION ? -1 : compareStrings(a, b),
  );
  for (const file of files) {
    const onFile = loose.get(file) ?? [];
    if (file === NO_LOCATION) {
      cases.push({ name: NO_LOCATION, classname: `${report.tool.name}.${stage.name}`, findings: onFile });
    } else {
      cases.push({ name: file, classname: file, file, findings: onFile });
    }
  }
  return cases;
}

/** The render suite's `<properties>`: the run's coverage, for CI systems that show suite properties. */
function coverageProperties(c: ReportCoverage): [string, string][] {
  const a = c.applications;
  return [
    ['coverage.applications.full', String(a.full)],
    ['coverage.applications.partial', String(a.partial)],
    ['coverage.applications.none', String(a.none)],
    ['coverage.objects', String(c.objects)],
    ['coverage.nothingChecked', String(c.nothingChecked)],
    ['coverage', coverageSentence(c)],
  ];
}

function suiteXml(
  stage: StageSummary,
  cases: readonly TestCase[],
  { failOnWarning, properties }: { failOnWarning: boolean; properties: [string, string][] },
): { xml: string; tests: number; failures: number; skipped: number } {
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  if (properties.length > 0) {
    body.push('    <properties>');
    for (const [name, value] of properties)
      body.push(`      <property name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`);
    body.push('    </properties>');
  }
  for (const c of cases) {
    const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}"${c.file ? ` file="${xmlAttr(c.file)}"` : ''}`;
    if (c.skipped !== undefined) {
      skipped++;
      body.push(`${open}>`, `      <skipped message="${xmlAttr(c.skipped)}"/>`, '    </testcase>');
      continue;
    }
    const failing: Finding[] = [];
    const other: Finding[] = [];
    for (const f of c.findings) {
      if (f.severity === 'error' || (failOnWarning && f.severity === 'warning')) failing.push(f);
      else other.push(f);
    }
    if (failing.length === 0 && other.length === 0) {
      body.push(`${open}/>`);
      continue;
    }
    body.push(`${open}>`);
    if (failing.length > 0) {
      failures++;
      const type = failing.some((f) => f.severity === 'error') ? 'error' : 'warning';
      const first = failing[0]!;
      const message =
        failing.length === 1
          ? `${first.ruleId}: ${first.message}`
          : `${failing.length} findings; first: ${first.ruleId}: ${first.message}`;
      body.push(
        `      <failure type="${type}" message="${xmlAttr(message)}">${xmlText(failing.map(findingLine).join('\n'))}</failure>`,
      );
    }
    if (other.length > 0)
      body.push(`      <system-out>${xmlText(other.map(findingLine).join('\n'))}</system-out>`);
    body.push('    </testcase>');
  }
  const head = `  <testsuite name="${xmlAttr(stage.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`;
  return {
    xml: [head, ...body, '  </testsuite>'].join('\n'),
    tests: cases.length,
    failures,
    skipped,
  };
}

/** `error schema/type apps/x.yaml:3:5 Deployment ns/web: message` */
function findingLine(f: Finding): string {
  const where = [formatPosition(f.location), formatObject(f.object)].filter((s) => s).join(' ');
  return `${f.severity} ${f.ruleId}${where ? ` ${where}` : ''}: ${f.message}`;
}
