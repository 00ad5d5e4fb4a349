import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { type EmitOptions, emitReport } from '../output/emit-report.js';
import { mergeReports, readShardReport } from '../report/merge-reports.js';
import type { Report } from '../report/report-model.js';

/** A shard report larger than this is refused before it is read (5,000 apps write about 30 MiB). */
export const MAX_SHARD_REPORT_BYTES = 512 * 1024 * 1024;

/**
 * `merge <reports...>`: the JSON reports of the `--shard i/n` jobs of one run → the report, comment, SARIF
 * and job summary the unsharded run would have written (report/merge-reports.ts). Exit code as the
 * unsharded run: 1 when the merged findings reach --fail-on of the shards.
 */
export async function mergeCommand(files: string[], emit: EmitOptions, io: CliIO): Promise<number> {
  const reports: Report[] = [];
  for (const file of files) {
    const abs = resolve(io.cwd, file);
    let size: number;
    try {
      size = statSync(abs).size;
    } catch {
      throw new UsageError(`no such file: ${file}`);
    }
    if (size > MAX_SHARD_REPORT_BYTES)
      throw new UsageError(`${file} is larger than ${MAX_SHARD_REPORT_BYTES} bytes; not read`);
    const read = readShardReport(readFileSync(abs, 'utf8'), file);
    if (!read.ok) throw new UsageError(read.message);
    reports.push(read.report);
  }
  const merged = mergeReports(reports);
  if (!merged.ok) throw new UsageError(`cannot merge: ${merged.message}`);
  await emitReport(merged.report, emit, io);
  return merged.report.summary.failed ? EXIT_FINDINGS : EXIT_OK;
}
