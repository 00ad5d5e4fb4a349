/** `--shard i/n` and `--previous-report <file>` → the pipeline's ShardSpec (pipeline/select-shard.ts). */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli-io.js';
import { parseShard, readShardWeights, type ShardSpec } from './select-shard.js';

export interface ShardFlags {
  shard?: string;
  previousReport?: string;
}

/** A previous report larger than this is refused before it is read. */
const MAX_PREVIOUS_REPORT_BYTES = 512 * 1024 * 1024;

export function resolveShardFlags(flags: ShardFlags, cwd: string): ShardSpec | undefined {
  if (flags.shard === undefined) {
    if (flags.previousReport !== undefined) throw new UsageError('--previous-report needs --shard i/n');
    return undefined;
  }
  const parsed = parseShard(flags.shard);
  if ('error' in parsed) throw new UsageError(parsed.error);
  if (flags.previousReport === undefined) return parsed;
  const abs = resolve(cwd, flags.previousReport);
  let size: number;
  try {
    size = statSync(abs).size;
  } catch {
    throw new UsageError(`no such file: ${flags.previousReport}`);
  }
  if (size > MAX_PREVIOUS_REPORT_BYTES)
    throw new UsageError(`--previous-report is larger than ${MAX_PREVIOUS_REPORT_BYTES} bytes; not read`);
  const weights = readShardWeights(readFileSync(abs, 'utf8'));
  if ('error' in weights) throw new UsageError(weights.error);
  return { ...parsed, weights };
}
