/**
 * validateFiles: plain manifest files → loaded manifests, their load findings and the validate result, using
 * every core for a large input: the main thread and worker threads take files one at a time, each validates
 * what it loaded, and the results are merged in file order, so findings, summary and output are exactly those
 * of a single-threaded run. A small input (under MIN_BYTES_PER_THREAD per thread) never starts a thread.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Finding, Manifest, YamlLimits } from '@neuroscale/core';
import { type ValidateOptions, type ValidateResult, validate } from '../validate.js';
import { loadAllFiles, type ManifestFile } from './load-batch.js';
import { planBatches } from './plan-batches.js';
import { validateInThreads } from './validate-in-threads.js';

export type { ManifestFile } from './load-batch.js';

export interface ValidateFilesOptions extends ValidateOptions {
  /** Threads at most, the main thread included (default: the CPU count); 1 never starts a worker. */
  concurrency?: number;
  /** YAML limits for every file (default core's DEFAULT_YAML_LIMITS). */
  limits?: Partial<YamlLimits>;
  /** Bytes of input each thread must have at least (default 1 MiB): below, fewer threads or none. */
  minBytesPerThread?: number;
  /**
   * What `manifests[].object` must hold (default 'whole'): 'identity' lets a document validated on a worker
   * thread come back as its identity only (apiVersion, kind, metadata name, generateName and namespace;
   * findings and summary are the same), which saves copying every object between threads. For callers that
   * read no more of the objects than that, such as a report's object list.
   */
  objects?: 'whole' | 'identity';
}

export interface ValidateFilesResult {
  /** Every document of every file, in file order then document order. */
  manifests: Manifest[];
  /** Problems of the files themselves (yaml/*), file by file. */
  loadFindings: Finding[];
  /** What validate(manifests, options) returns for them. */
  validation: ValidateResult;
  /** Threads that loaded and validated (1: the main thread alone). */
  threads: number;
  /** Wall time until every file was loaded (the rest is validation). */
  loadMs: number;
}

export async function validateFiles(
  files: readonly ManifestFile[],
  options: ValidateFilesOptions = {},
): Promise<ValidateFilesResult> {
  const ranges = planBatches(files.map(sizeOf), {
    maxThreads: options.concurrency ?? availableParallelism(),
    ...(options.minBytesPerThread !== undefined ? { minBytesPerThread: options.minBytesPerThread } : {}),
  });
  if (ranges.length > 1) return validateInThreads(files, ranges.length, options);
  const started = performance.now();
  const batch = await loadAllFiles(files, options.limits ? { limits: options.limits } : {});
  const loadMs = performance.now() - started;
  return {
    manifests: batch.manifests,
    loadFindings: batch.findings,
    validation: await validate(batch.manifests, options),
    threads: 1,
    loadMs,
  };
}

/** The file's size for planning only (the load itself re-checks it on the open file); 0 when unknown. */
function sizeOf(f: ManifestFile): number {
  try {
    return statSync(f.path).size;
  } catch {
    return 0;
  }
}
