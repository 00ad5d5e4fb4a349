import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CliIO, EXIT_FINDINGS, EXIT_OK } from '../cli-io.js';
import { type EmitOptions, emitReport } from '../output/emit-report.js';
import {
  type CommonFlags,
  outsideRootNote,
  resolvePipelineOptions,
} from '../pipeline/resolve-pipeline-options.js';
import { resolveShardFlags, type ShardFlags } from '../pipeline/resolve-shard-flags.js';
import { runPipeline } from '../pipeline/run-pipeline.js';

export async function pipelineCommand(
  path: string,
  flags: CommonFlags & ShardFlags,
  emit: EmitOptions,
  io: CliIO,
): Promise<number> {
  const options = await resolvePipelineOptions(path, flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  const shard = resolveShardFlags(flags, io.cwd);
  if (shard) options.shard = shard;
  if (io.isTTY && !emit.quiet) options.onProgress = (line) => io.stderr(`… ${line}\n`);
  const report = await runPipeline(options);
  await emitReport(report, emit, io);
  const note = outsideRootNote(options, report.findings);
  if (note) io.stderr(note);
  return report.summary.failed ? EXIT_FINDINGS : EXIT_OK;
}
