/**
 * Turn one Report into every requested output: the --format on stdout, each --output to its
 * file, the GitHub step summary, and the sticky PR comment.
 */
import type { CliIO } from '../cli-io.js';
import { githubLinksFromEnv } from '../report/github-links.js';
import type { Report } from '../report/report-model.js';
import { loadReportWriters } from './load-report-writer.js';
import { neutralizeForFormat } from './neutralize-workflow-commands.js';
import type { OutputFormat } from './parse-output-flags.js';
import { writeOutputFile } from './write-output-file.js';

export interface EmitOptions {
  format: OutputFormat;
  outputs: { format: OutputFormat; file: string }[];
  color: boolean;
  quiet: boolean;
  comment: boolean;
  /** `--diff-file`: the full cluster diff, when the run has one (with --base). */
  diffFile?: string;
}

export async function emitReport(report: Report, options: EmitOptions, io: CliIO): Promise<void> {
  const links = githubLinksFromEnv(io.env);
  const printed = !(options.quiet && options.format === 'text' && !report.summary.failed);
  // only the writers this run uses are loaded (see load-report-writer.ts)
  const writers = await loadReportWriters([
    ...(printed ? [options.format] : []),
    ...options.outputs.map((o) => o.format),
    ...(options.comment ? (['markdown'] as const) : []),
  ]);
  const written = (format: OutputFormat, color: boolean) => {
    const write = writers.get(format);
    if (!write) throw new TypeError(`no writer loaded for ${format}`);
    return write(report, {
      color,
      ...links,
      ...(options.diffFile ? { diffFullAt: `the diff file (${options.diffFile}) and the job summary` } : {}),
      ...(format === 'sarif' ? { category: 'neuroscale-validate' } : {}),
    });
  };
  // printed or cat-ed in a CI log: no workflow command from the pull request (the PR comment is not a log)
  const render = (format: OutputFormat, color: boolean) =>
    neutralizeForFormat(written(format, color), format);
  if (printed) {
    io.stdout(render(options.format, options.color));
  }
  for (const out of options.outputs) {
    writeOutputFile(out.file, render(out.format, false), { cwd: io.cwd, what: `--output ${out.format}` });
  }
  if (options.diffFile && report.diff) {
    const { diffFileText } = await import('./diff-file.js');
    writeOutputFile(options.diffFile, diffFileText(report.diff, options.diffFile), {
      cwd: io.cwd,
      what: '--diff-file',
    });
  }
  const wantsGithub = options.format === 'github' || options.outputs.some((o) => o.format === 'github');
  if (wantsGithub && io.env.GITHUB_STEP_SUMMARY) {
    const { writeStepSummary } = await import('../report/write-step-summary.js');
    writeOutputFile(io.env.GITHUB_STEP_SUMMARY, writeStepSummary(report, links), {
      cwd: io.cwd,
      what: 'the job summary (GITHUB_STEP_SUMMARY)',
      append: true,
    });
  }
  if (options.comment) {
    // loaded with --comment only, like the diff file and the job summary writers above
    const { commentContextFromEnv, postStickyComment } = await import('./post-sticky-comment.js');
    const ctx = commentContextFromEnv(io.env);
    if ('skip' in ctx) io.stderr(`neuroscale-validate: ${ctx.skip}\n`);
    else {
      try {
        io.stderr(`neuroscale-validate: ${await postStickyComment(ctx, written('markdown', false))}\n`);
      } catch (e) {
        io.stderr(`neuroscale-validate: PR comment failed: ${(e as Error).message}\n`);
      }
    }
  }
}
