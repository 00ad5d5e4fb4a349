/**
 * The reporters: pure functions from a Report to the bytes of one output format. Only the CLI prints,
 * writes files or talks to GitHub.
 */
import type { Report } from './report-model.js';
import { type GithubAnnotationOptions, writeGithubAnnotations } from './write-github-annotations.js';
import { type JsonReportOptions, writeJson } from './write-json.js';
import { type JunitReportOptions, writeJunit } from './write-junit.js';
import { type MarkdownCommentOptions, writeMarkdownComment } from './write-markdown-comment.js';
import { type SarifReportOptions, writeSarif } from './write-sarif.js';
import { type TextReportOptions, writeText } from './write-text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Usual file extension per format (the CLI's default output names). */
export const REPORT_FILE_EXTENSIONS: Record<ReportFormat, string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  junit: 'xml',
  github: 'txt',
  markdown: 'md',
};

/** Options of every writer in one bag; each writer reads only its own. */
export type ReportOptions = TextReportOptions &
  JsonReportOptions &
  SarifReportOptions &
  JunitReportOptions &
  GithubAnnotationOptions &
  MarkdownCommentOptions;

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function writeReport(format: ReportFormat, report: Report, options: ReportOptions = {}): string {
  switch (format) {
    case 'text':
      return writeText(report, options);
    case 'json':
      return writeJson(report, options);
    case 'sarif':
      return writeSarif(report, options);
    case 'junit':
      return writeJunit(report, options);
    case 'github':
      return writeGithubAnnotations(report, options);
    case 'markdown':
      return writeMarkdownComment(report, options);
    default: {
      const never: never = format;
      throw new TypeError(`unknown report format: ${String(never)}`);
    }
  }
}

export {
  compareBySeverity,
  countByStage,
  formatObject,
  formatPosition,
  STAGE_ORDER,
} from './finding-facts.js';
export { type GithubLinks, githubLinksFromEnv } from './github-links.js';
export * from './report-model.js';
export { type RuleHelp, ruleHelp } from './rule-help.js';
export {
  escapeData,
  escapeProperty,
  GITHUB_ANNOTATIONS_PER_LEVEL,
  type GithubAnnotationOptions,
  workflowCommand,
  writeGithubAnnotations,
} from './write-github-annotations.js';
export { type JsonReportOptions, writeJson } from './write-json.js';
export { type JunitReportOptions, writeJunit } from './write-junit.js';
export {
  COMMENT_MARKER,
  GITHUB_COMMENT_MAX_CHARS,
  type MarkdownCommentOptions,
  writeMarkdownComment,
} from './write-markdown-comment.js';
export { FINGERPRINT_KEY, type SarifReportOptions, writeSarif } from './write-sarif.js';
export { STEP_SUMMARY_MAX_BYTES, type StepSummaryOptions, writeStepSummary } from './write-step-summary.js';
export { type TextReportOptions, writeText } from './write-text.js';
