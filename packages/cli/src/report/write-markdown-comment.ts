/**
 * `--format markdown`: the sticky PR comment. The hidden marker is the first line, so no cut can remove
 * it and the CLI can find the comment again. Then a status headline, the per-stage line, the findings
 * (most severe first, grouped by Application, capped with "N more"), and the cost section from
 * cost-proxy when there is one, then the cluster diff (report/diff-section.ts) in the room left. The whole body
 * stays under GitHub's 65,536-character comment limit: the findings table shrinks first, then the cost section is
 * cut at a line boundary; the diff gets what remains and says where the rest is.
 */

import type { Finding } from '@neuroscale/core';
import { compareStrings } from '@neuroscale/core';
import { admissionSentence, changedOnlySentence, coverageSentence, verdictWord } from './coverage-facts.js';
import { diffSection } from './diff-section.js';
import {
  compareBySeverity,
  count,
  countByStage,
  countsSentence,
  indexObjects,
  type ObjectIndex,
  orderedStages,
} from './finding-facts.js';
import { costSection, findingsTable, mdCell, mdCode, stageIcon } from './markdown-parts.js';
import type { Report } from './report-model.js';

export const COMMENT_MARKER = '<!-- neuroscale-validate -->';
/** GitHub rejects comment bodies over 65,536 characters. */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;

export interface MarkdownCommentOptions {
  /** Finding rows before "N more" (50). */
  maxFindings?: number;
  /** Size limit of the body in UTF-16 code units, which never undercounts GitHub's characters (65,536). */
  maxChars?: number;
  /** `https://github.com/<org>/<repo>/blob/<sha>`: makes positions links. */
  blobUrl?: string;
  /** Where the full list lives (job summary / run URL); linked from the "N more" line. */
  detailsUrl?: string;
  /** Where the full cluster diff is, for the comment's note when apps were left out (default the job summary). */
  diffFullAt?: string;
}

export function writeMarkdownComment(report: Report, options: MarkdownCommentOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_MAX_CHARS;
  const sorted = [...report.findings].sort(compareBySeverity);
  const objects = indexObjects(report.objects);
  const head = headline(report);
  const foot = footer(report);
  const cost = costSection(report);

  let rows = Math.min(sorted.length, options.maxFindings ?? 50);
  let body = assemble(head, findingsSection(sorted, rows, objects, options), cost, foot);
  while (body.length > maxChars && rows > 0) {
    rows = Math.floor(rows / 2);
    body = assemble(head, findingsSection(sorted, rows, objects, options), cost, foot);
  }
  if (body.length > maxChars && cost !== undefined) {
    const withoutCost = assemble(head, findingsSection(sorted, rows, objects, options), '', foot);
    const note = '\n\n_…cost details cut to fit the comment size limit._';
    const room = maxChars - withoutCost.length - note.length - 2;
    body = assemble(
      head,
      findingsSection(sorted, rows, objects, options),
      cutAtLine(cost, room) + note,
      foot,
    );
  }
  if (body.length > maxChars) body = `${body.slice(0, maxChars - 2)}\n`;
  return withDiffSection(body, report, foot, maxChars, options);
}

/** The diff section before the footer, in the room the body leaves (a hook: the section is diff-section.ts). */
function withDiffSection(
  body: string,
  report: Report,
  foot: string[],
  maxChars: number,
  options: MarkdownCommentOptions,
): string {
  const footText = `${foot.join('\n')}\n`;
  if (!report.diff || !body.endsWith(footText)) return body;
  const section = diffSection(report, {
    room: maxChars - body.length - 2,
    ...(options.diffFullAt ? { fullDiffAt: options.diffFullAt } : {}),
  });
  return section ? `${body.slice(0, -footText.length)}${section}\n\n${footText}` : body;
}

function headline(report: Report): string[] {
  const s = report.summary;
  const verdict = verdictWord(report);
  const icon = verdict === 'passed' ? '✅' : '❌';
  const byStage = countByStage(report.findings);
  const stages = orderedStages(report.stages)
    .map((st) => `${st.name} ${stageIcon(st, byStage.get(st.name))}`)
    .join(' · ');
  return [
    COMMENT_MARKER,
    `### ${icon} neuroscale-validate ${verdict}: ${countsSentence(s)}`,
    '',
    `${count(s.objects, 'object')} checked · fails on ${s.failOn === 'never' ? 'nothing' : mdCode(s.failOn)} · ${stages}`,
    ...(report.coverage ? ['', coverageSentence(report.coverage)] : []),
    ...(report.admission ? ['', admissionSentence(report.admission)] : []),
    ...(report.changedOnly ? ['', changedOnlySentence(report.changedOnly)] : []),
  ];
}

function findingsSection(
  sorted: readonly Finding[],
  rows: number,
  objects: ObjectIndex,
  options: MarkdownCommentOptions,
): string[] {
  if (sorted.length === 0) return ['No findings.'];
  const shown = sorted.slice(0, rows);
  const out: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const key = f.app ?? '';
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const grouped = groups.size > 1 || !groups.has('');
  const keys = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : compareStrings(a, b)));
  for (const key of keys) {
    const list = groups.get(key) ?? [];
    if (grouped) {
      out.push(`#### ${key ? `Application ${mdCode(key)}` : 'Outside any Application'} (${list.length})`, '');
    }
    for (const line of findingsTable(list, { objects, blobUrl: options.blobUrl })) out.push(line);
    out.push('');
  }
  const more = sorted.length - shown.length;
  if (more > 0) {
    const where = options.detailsUrl ? `[the job summary](${options.detailsUrl})` : 'the job summary';
    out.push(
      `…and ${count(more, 'more finding', 'more findings')} not listed here: see ${where}, the SARIF upload or the JSON report.`,
    );
  } else if (out[out.length - 1] === '') {
    out.pop();
  }
  return out;
}

function footer(report: Report): string[] {
  return [
    `<sub>${mdCell(`${report.tool.name} ${report.tool.version}`)} · this comment is updated on every push.</sub>`,
  ];
}

function assemble(head: string[], findings: string[], cost: string | undefined, foot: string[]): string {
  const parts = [head.join('\n'), findings.join('\n')];
  if (cost) parts.push(cost);
  parts.push(foot.join('\n'));
  return `${parts.join('\n\n')}\n`;
}

/** The longest prefix of `text` that ends at a line break and fits in `room` characters. */
function cutAtLine(text: string, room: number): string {
  if (room <= 0) return '';
  if (text.length <= room) return text;
  let end = text.lastIndexOf('\n', room);
  while (end > 0) {
    const closed = closeOpenBlocks(text.slice(0, end));
    if (closed.length <= room) return closed;
    end = text.lastIndexOf('\n', end - 1);
  }
  return '';
}

/** Closes a code fence or <details> blocks a cut left open, so the rest of the comment renders. */
function closeOpenBlocks(text: string): string {
  let out = text;
  const fences = (out.match(/^\s*```/gm) ?? []).length;
  if (fences % 2 === 1) out += '\n```';
  const open = (out.match(/<details\b/g) ?? []).length - (out.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) out += '\n</details>';
  return out;
}
