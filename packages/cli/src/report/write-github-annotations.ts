/**
 * `--format github`: workflow commands (`::error title=…,file=…,line=…,col=…::message`) that GitHub
 * Actions turns into annotations on the PR diff.
 *
 * Escaping is exactly @actions/core's (lib/command.js): data escapes `%`, `\r`, `\n`; properties also
 * escape `:` and `,`. GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, so
 * at most that many of each are written (most severe and first in file order first), followed by one
 * `::notice::` that says how many were left out. The notice counts against the notice cap, so one
 * notice slot is kept for it when findings are left out.
 */
import type { Finding, Severity } from '@neuroscale/core';
import {
  compareBySeverity,
  displayLocation,
  formatObject,
  indexObjects,
  showControlChars,
} from './finding-facts.js';
import type { Report } from './report-model.js';

export interface GithubAnnotationOptions {
  /** Annotations per level GitHub displays for one step (10). */
  maxPerLevel?: number;
}

export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

type Command = 'error' | 'warning' | 'notice';
const COMMAND: Record<Severity, Command> = { error: 'error', warning: 'warning', info: 'notice' };

/** @actions/core escapeData. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core escapeProperty. */
export function escapeProperty(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');
}

export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

/** One workflow command line, properties in @actions/core's order (title, file, line, endLine, col, endColumn), empty ones left out. */
export function workflowCommand(command: string, properties: AnnotationProperties, message: string): string {
  const props = (['title', 'file', 'line', 'endLine', 'col', 'endColumn'] as const)
    .filter((k) => properties[k] !== undefined && properties[k] !== '')
    .map((k) => `${k}=${escapeProperty(String(properties[k]))}`);
  return `::${command}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

export function writeGithubAnnotations(report: Report, options: GithubAnnotationOptions = {}): string {
  const cap = options.maxPerLevel ?? GITHUB_ANNOTATIONS_PER_LEVEL;
  const objects = indexObjects(report.objects);
  const sorted = [...report.findings].sort(compareBySeverity);
  const byLevel: Record<Command, Finding[]> = { error: [], warning: [], notice: [] };
  for (const f of sorted) byLevel[COMMAND[f.severity]].push(f);

  const total = sorted.length;
  const fits = (['error', 'warning', 'notice'] as const).reduce(
    (n, c) => n + Math.min(cap, byLevel[c].length),
    0,
  );
  const overflow = total > fits;
  const keep: Record<Command, number> = {
    error: cap,
    warning: cap,
    // The closing ::notice:: is itself a notice annotation: keep a slot for it.
    notice: overflow ? Math.max(0, cap - 1) : cap,
  };

  const lines: string[] = [];
  let written = 0;
  for (const command of ['error', 'warning', 'notice'] as const) {
    for (const f of byLevel[command].slice(0, keep[command])) {
      lines.push(annotation(command, f, displayLocation(f, objects)));
      written++;
    }
  }
  const left = total - written;
  if (left > 0) {
    lines.push(
      workflowCommand(
        'notice',
        { title: 'neuroscale-validate' },
        `${left} more finding${left === 1 ? ' was' : 's were'} not annotated (GitHub shows ${cap} annotations per level and step); see the job summary, the SARIF upload or the JSON report for all ${total}.`,
      ),
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function annotation(command: Command, f: Finding, loc: Finding['location']): string {
  const props: AnnotationProperties = { title: f.ruleId };
  if (loc) {
    props.file = loc.file;
    if (loc.line !== undefined && loc.line > 0) {
      props.line = loc.line;
      if (loc.endLine !== undefined && loc.endLine >= loc.line) props.endLine = loc.endLine;
      if (loc.column !== undefined && loc.column > 0) {
        props.col = loc.column;
        // GitHub only honours endColumn on single-line annotations.
        if (loc.endColumn !== undefined && (loc.endLine === undefined || loc.endLine === loc.line)) {
          props.endColumn = loc.endColumn;
        }
      }
    }
  }
  const object = formatObject(f.object);
  const appPart = f.app ? ` (app ${f.app})` : '';
  const message = object ? `${f.message}\n${object}${appPart}` : `${f.message}${appPart}`;
  return workflowCommand(command, props, showControlChars(message));
}
