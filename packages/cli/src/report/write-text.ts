/**
 * `--format text` (the default on a terminal): findings grouped by Application and file, one line each
 * starting with `path/to/file.yaml:12:5` so terminals and editors make it clickable, then severity,
 * rule id, message and object. One summary line with counts and per-stage timings closes the report;
 * timings appear in this format only. Colour only when asked (the CLI decides from the TTY/NO_COLOR).
 */

import type { Finding, SourceLocation } from '@neuroscale/core';
import { compareFindings, compareStrings } from '@neuroscale/core';
import pc from 'picocolors';
import { admissionSentence, changedOnlySentence, coverageSentence, verdictWord } from './coverage-facts.js';
import {
  count,
  countsSentence,
  displayLocation,
  formatObject,
  formatPosition,
  indexObjects,
  orderedStages,
  showControlChars,
} from './finding-facts.js';
import type { Report, StageSummary } from './report-model.js';

export interface TextReportOptions {
  color?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

const NO_LOCATION = '(no location)';

interface Located {
  f: Finding;
  loc: SourceLocation | undefined;
}

export function writeText(report: Report, options: TextReportOptions = {}): string {
  const c = pc.createColors(options.color === true);
  const objects = indexObjects(report.objects);
  const located: Located[] = report.findings.map((f) => ({ f, loc: displayLocation(f, objects) }));
  located.sort(compareLocated);

  const byApp = new Map<string, Located[]>();
  for (const item of located) {
    const key = item.f.app ?? '';
    const list = byApp.get(key);
    if (list) list.push(item);
    else byApp.set(key, [item]);
  }
  const showApps = located.some((x) => x.f.app !== undefined);
  const apps = [...byApp.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : compareStrings(a, b)));

  const out: string[] = [];
  for (const app of apps) {
    const indent = showApps ? '  ' : '';
    if (showApps) out.push(c.bold(app ? `app ${showControlChars(app)}` : 'outside any app'));
    const byFile = new Map<string, Located[]>();
    for (const item of byApp.get(app) ?? []) {
      const file = item.loc?.file ?? NO_LOCATION;
      const list = byFile.get(file);
      if (list) list.push(item);
      else byFile.set(file, [item]);
    }
    for (const [file, items] of byFile) {
      out.push(`${indent}${c.underline(showControlChars(file))}`);
      for (const line of fileLines(items, `${indent}  `, c)) out.push(line);
    }
    out.push('');
  }
  if (report.coverage) out.push(coverageSentence(report.coverage));
  if (report.changedOnly) out.push(changedOnlySentence(report.changedOnly));
  out.push(summaryLine(report, c));
  return `${out.join('\n')}\n`;
}

function fileLines(items: readonly Located[], indent: string, c: Colors): string[] {
  const pos = items.map((x) => showControlChars(formatPosition(x.loc)) || '-');
  // reduce, not Math.max(...): a file can hold more findings than a call has argument slots.
  const posWidth = pos.reduce((w, p) => Math.max(w, p.length), 0);
  const ruleWidth = items.reduce((w, x) => Math.max(w, x.f.ruleId.length), 0);
  return items.map((x, i) => {
    const sev = severityLabel(x.f, c);
    const object = showControlChars(formatObject(x.f.object));
    const [first = '', ...rest] = showControlChars(x.f.message).split(/\r\n|\r|\n/);
    const head = `${indent}${(pos[i] ?? '-').padEnd(posWidth)}  ${sev}  ${c.dim(x.f.ruleId.padEnd(ruleWidth))}  ${first}`;
    const more = rest.map((line) => `${indent}    ${line}`);
    const tail = object ? [`${indent}    ${c.dim(`(${object})`)}`] : [];
    // The object goes on the first line when the message is one line; otherwise after the message.
    if (rest.length === 0 && object) return `${head}  ${c.dim(`(${object})`)}`;
    return [head, ...more, ...tail].join('\n');
  });
}

function severityLabel(f: Finding, c: Colors): string {
  const label = f.severity.padEnd(7);
  if (f.severity === 'error') return c.red(label);
  if (f.severity === 'warning') return c.yellow(label);
  return c.cyan(label);
}

function summaryLine(report: Report, c: Colors): string {
  const s = report.summary;
  const verdict = verdictWord(report);
  const mark =
    verdict === 'passed' ? c.green('✔ passed') : s.failed ? c.red(`✖ ${verdict}`) : c.yellow(`○ ${verdict}`);
  const timings = orderedStages(report.stages).map(stageTiming);
  const total = report.stages.reduce((n, st) => n + (st.durationMs ?? 0), 0);
  const failOn = s.failOn === 'never' ? 'never fails' : `fails on ${s.failOn}`;
  const parts = [`${mark}: ${countsSentence(s)} in ${count(s.objects, 'object')} (${failOn})`];
  const a = report.admission;
  if (a) parts.push(admissionSentence(a));
  parts.push(...timings);
  if (report.stages.some((st) => st.durationMs !== undefined)) parts.push(`total ${duration(total)}`);
  return parts.join(' · ');
}

function stageTiming(stage: StageSummary): string {
  if (stage.skipped !== undefined) return `${stage.name} skipped`;
  return stage.durationMs === undefined ? stage.name : `${stage.name} ${duration(stage.durationMs)}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

function compareLocated(a: Located, b: Located): number {
  const fa = a.loc?.file;
  const fb = b.loc?.file;
  if (fa !== fb) {
    if (fa === undefined) return 1;
    if (fb === undefined) return -1;
    return fa < fb ? -1 : 1;
  }
  return (
    (a.loc?.line ?? 0) - (b.loc?.line ?? 0) ||
    (a.loc?.column ?? 0) - (b.loc?.column ?? 0) ||
    compareFindings(a.f, b.f)
  );
}
