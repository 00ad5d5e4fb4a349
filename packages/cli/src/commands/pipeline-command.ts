import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { type EmitOptions, emitReport } from '../output/emit-report.js';
import {
  type CommonFlags,
  outsideRootNote,
  resolvePipelineOptions,
} from '../pipeline/resolve-pipeline-options.js';
import { resolveShardFlags, type ShardFlags } from '../pipeline/resolve-shard-flags.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { isSafeRef, selectChangedApps } from '../pipeline/select-changed-apps.js';

export async function pipelineCommand(
  path: string,
  flags: CommonFlags & ShardFlags & { changedOnly?: boolean },
  emit: EmitOptions,
  io: CliIO,
): Promise<number> {
  const options = await resolvePipelineOptions(path, flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  const shard = resolveShardFlags(flags, io.cwd);
  if (shard) options.shard = shard;
  if (flags.changedOnly) {
    if (!options.base)
      throw new UsageError('--changed-only needs --base <ref> (the revision the change is against)');
    if (!isSafeRef(options.base)) throw new UsageError(`--base "${options.base}" is not a revision name`);
    options.changedOnly = selectChangedApps({
      repoRoot: options.repoRoot,
      base: options.base,
      ...(options.configFile ? { configFile: repoRelativeConfig(options.repoRoot, options.configFile) } : {}),
      ...(options.policies ? { policies: options.policies } : {}),
      ...(options.policyExceptions ? { policyExceptions: options.policyExceptions } : {}),
    });
  }
  if (io.isTTY && !emit.quiet) options.onProgress = (line) => io.stderr(`… ${line}\n`);
  const report = await runPipeline(options);
  await emitReport(report, emit, io);
  const note = outsideRootNote(options, report.findings);
  if (note) io.stderr(note);
  return report.summary.failed ? EXIT_FINDINGS : EXIT_OK;
}

/** The config file as a repo-relative path (a file outside the repository is no part of the change). */
function repoRelativeConfig(repoRoot: string, file: string): string {
  const rel = relative(repoRoot, file).split(sep).join('/');
  return rel.startsWith('..') ? '' : rel;
}
