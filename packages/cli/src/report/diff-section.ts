/**
 * The "Cluster diff" section of the sticky PR comment and the job summary (@neuroscale/diff's Markdown). In the
 * comment it gets the room the rest of the body leaves under GitHub's limit: apps that do not fit are counted in
 * a note that points to the full diff (the job summary, or the `--diff-file`).
 */
import { renderDiffMarkdown } from '@neuroscale/diff';
import type { Report } from './report-model.js';

/** Below this many characters a diff section says nothing useful: it is left out of the comment. */
const MIN_SECTION_CHARS = 200;

export interface DiffSectionOptions {
  /** Characters the section may take; undefined = no limit (the job summary). */
  room?: number;
  /** Where the full diff is, for the note on apps left out (default "the job summary"). */
  fullDiffAt?: string;
}

export function diffSection(
  report: Pick<Report, 'diff'>,
  options: DiffSectionOptions = {},
): string | undefined {
  if (!report.diff) return undefined;
  const room = options.room;
  if (room !== undefined && room < MIN_SECTION_CHARS) return undefined;
  const text = renderDiffMarkdown(report.diff, {
    ...(room !== undefined ? { maxChars: room } : {}),
    ...(options.fullDiffAt ? { fullDiffAt: options.fullDiffAt } : {}),
  }).trimEnd();
  return room !== undefined && text.length > room ? undefined : text;
}
