/**
 * The writer of one output format, imported when a run first needs it: a run loads only the writers of the
 * formats it prints. The Markdown writers (PR comment, job summary) bring cost-proxy's and diff's renderers
 * along, which `validate --format text` never needs.
 */
import type { ReportFormat, ReportOptions } from '../report/index.js';
import type { Report } from '../report/report-model.js';

export type ReportWriter = (report: Report, options: ReportOptions) => string;

export async function loadReportWriter(format: ReportFormat): Promise<ReportWriter> {
  switch (format) {
    case 'text':
      return (await import('../report/write-text.js')).writeText;
    case 'json':
      return (await import('../report/write-json.js')).writeJson;
    case 'sarif':
      return (await import('../report/write-sarif.js')).writeSarif;
    case 'junit':
      return (await import('../report/write-junit.js')).writeJunit;
    case 'github':
      return (await import('../report/write-github-annotations.js')).writeGithubAnnotations;
    case 'markdown':
      return (await import('../report/write-markdown-comment.js')).writeMarkdownComment;
    default: {
      const never: never = format;
      throw new TypeError(`unknown report format: ${String(never)}`);
    }
  }
}

/** The writers of every format in `formats`, loaded once each. */
export async function loadReportWriters(
  formats: readonly ReportFormat[],
): Promise<Map<ReportFormat, ReportWriter>> {
  const writers = new Map<ReportFormat, ReportWriter>();
  for (const format of formats) if (!writers.has(format)) writers.set(format, await loadReportWriter(format));
  return writers;
}
