/**
 * GitHub-flavoured Markdown pieces shared by the PR comment and the job summary: escaping that keeps
 * finding text from turning into HTML, tables, links or @-mentions, the findings table itself, and the
 * cost section (cost-proxy renders it from the report's CostDiff).
 */
import type { Finding, Severity, SourceLocation } from '@neuroscale/core';
import { renderCostMarkdown } from '@neuroscale/cost-proxy';
import type { ObjectIndex } from './finding-facts.js';
import {
  displayLocation,
  encodePathForUri,
  formatObject,
  formatPosition,
  showControlChars,
} from './finding-facts.js';
import type { Report, StageSummary } from './report-model.js';

export const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** Text for a table cell: no HTML, no Markdown syntax, no pipes, no mentions, newlines as <br>. */
export function mdCell(s: string): string {
  return showControlChars(s)
    .replace(/([\\`*_[\]~|#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** An inline code span that survives backticks and pipes inside a table cell. */
export function mdCode(s: string): string {
  const flat = showControlChars(s)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of flat.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Link to a file position on the forge: `${blobUrl}/${path}#L12` (or `#L12-L14`).
 * `blobUrl` is e.g. `https://github.com/org/repo/blob/<sha>`; without it the position is plain code.
 */
export function positionLink(loc: SourceLocation | undefined, blobUrl: string | undefined): string {
  if (!loc) return '';
  const label = mdCode(formatPosition(loc));
  if (!blobUrl) return label;
  let anchor = '';
  if (loc.line !== undefined && loc.line > 0) {
    anchor = `#L${loc.line}`;
    if (loc.endLine !== undefined && loc.endLine > loc.line) anchor += `-L${loc.endLine}`;
  }
  const url = `${blobUrl.replace(/\/+$/, '')}/${encodePathForUri(loc.file)}${anchor}`;
  // Parentheses would end the link destination early; encodeURIComponent leaves them alone.
  return `[${label}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

export interface FindingsTableOptions {
  objects: ObjectIndex;
  blobUrl?: string;
  /** Also show the app column (when findings are not already grouped by app). */
  showApp?: boolean;
}

/** A findings table, one row per finding, in the order given. */
export function findingsTable(findings: readonly Finding[], options: FindingsTableOptions): string[] {
  const head = options.showApp
    ? ['| | Rule | Location | Object | App | Message |', '|---|---|---|---|---|---|']
    : ['| | Rule | Location | Object | Message |', '|---|---|---|---|---|'];
  const rows = findings.map((f) => {
    const cells = [
      SEVERITY_ICON[f.severity],
      mdCode(f.ruleId),
      positionLink(displayLocation(f, options.objects), options.blobUrl),
      f.object ? mdCode(formatObject(f.object)) : '',
    ];
    if (options.showApp) cells.push(f.app ? mdCode(f.app) : '');
    cells.push(mdCell(f.message));
    return `| ${cells.join(' | ')} |`;
  });
  return [...head, ...rows];
}

/** ✅ ran clean, ⚠️ warnings only, ❌ errors, ⏭️ skipped. */
export function stageIcon(stage: StageSummary, counts: Record<Severity, number> | undefined): string {
  if (stage.skipped !== undefined) return '⏭️';
  if (counts && counts.error > 0) return '❌';
  if (counts && counts.warning > 0) return '⚠️';
  return '✅';
}

/** The cost section of the PR comment and the job summary; undefined when the report has no cost diff. */
export function costSection(report: Pick<Report, 'cost' | 'costHead'>): string | undefined {
  if (!report.cost) return undefined;
  const { pricing, notCosted } = report.costHead ?? {};
  const body = renderCostMarkdown(report.cost, {
    ...(pricing ? { pricing } : {}),
    ...(notCosted ? { notCosted } : {}),
  }).trim();
  return body === '' ? undefined : body;
}
