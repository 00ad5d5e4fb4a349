/**
 * Markdown for `$GITHUB_STEP_SUMMARY`: a table of counts per stage, the top findings (most severe
 * first, positions linked when a blob URL is given) and the cost section. GitHub caps one step's summary
 * at 1 MiB; the findings list is capped well below that and the body is cut as a last resort.
 */

import { admissionSentence, coverageSentence, verdictWord } from './coverage-facts.js';
import { diffSection } from './diff-section.js';
import {
  compareBySeverity,
  count,
  countByStage,
  countsSentence,
  indexObjects,
  orderedStages,
} from './finding-facts.js';
import { costSection, findingsTable, mdCell, stageIcon } from './markdown-parts.js';
import type { Report } from './report-model.js';

/** GitHub's limit for one step's summary, in bytes. */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

export interface StepSummaryOptions {
  /** Rows in "Top findings" (25). */
  maxFindings?: number;
  /** `https://github.com/<org>/<repo>/blob/<sha>`: makes positions links. */
  blobUrl?: string;
}

export function writeStepSummary(report: Report, options: StepSummaryOptions = {}): string {
  const s = report.summary;
  const byStage = countByStage(report.findings);
  const lines: string[] = [
    `## ${verdictWord(report) === 'passed' ? '✅' : '❌'} neuroscale-validate ${verdictWord(report)}: ${countsSentence(s)}`,
    '',
    `${count(s.objects, 'object')} checked; fails on ${s.failOn === 'never' ? 'nothing' : `\`${s.failOn}\``}.`,
    '',
    ...(report.coverage ? [`${coverageSentence(report.coverage)}.`, ''] : []),
    ...(report.admission ? [`${admissionSentence(report.admission)}.`, ''] : []),
    '| Stage | Status | Objects | Errors | Warnings | Infos |',
    '|---|---|--:|--:|--:|--:|',
  ];
  for (const stage of orderedStages(report.stages)) {
    const c = byStage.get(stage.name) ?? { error: 0, warning: 0, info: 0 };
    const status =
      stage.skipped !== undefined
        ? `${stageIcon(stage, c)} skipped: ${mdCell(stage.skipped)}`
        : stageIcon(stage, c);
    lines.push(`| ${stage.name} | ${status} | ${stage.objects} | ${c.error} | ${c.warning} | ${c.info} |`);
  }

  const sorted = [...report.findings].sort(compareBySeverity);
  if (sorted.length > 0) {
    const shown = sorted.slice(0, options.maxFindings ?? 25);
    lines.push(
      '',
      `### ${shown.length === sorted.length ? 'Findings' : `Top ${shown.length} findings`}`,
      '',
      ...findingsTable(shown, {
        objects: indexObjects(report.objects),
        blobUrl: options.blobUrl,
        showApp: true,
      }),
    );
    const more = sorted.length - shown.length;
    if (more > 0) {
      lines.push(
        '',
        `…and ${count(more, 'more finding', 'more findings')}: the SARIF and JSON reports list them all.`,
      );
    }
  }
  const cost = costSection(report);
  if (cost) lines.push('', cost);
  const diff = diffSection(report);
  if (diff) lines.push('', diff);

  const body = `${lines.join('\n')}\n`;
  return Buffer.byteLength(body, 'utf8') <= STEP_SUMMARY_MAX_BYTES
    ? body
    : cutToBytes(body, STEP_SUMMARY_MAX_BYTES);
}

function cutToBytes(text: string, maxBytes: number): string {
  const note = '\n\n_…summary cut at GitHub’s 1 MiB limit._\n';
  const bytes = Buffer.from(text, 'utf8').subarray(0, maxBytes - Buffer.byteLength(note, 'utf8'));
  const decoded = bytes.toString('utf8').replace(/\uFFFD$/, '');
  const cut = decoded.lastIndexOf('\n');
  return `${cut > 0 ? decoded.slice(0, cut) : decoded}${note}`;
}
