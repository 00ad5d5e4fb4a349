/**
 * How many threads a list of files is worth (validateFiles uses the count; the threads then share the files
 * through a counter): one per MIN_BYTES_PER_THREAD, as contiguous runs of about equal bytes.
 */

/** Below this many bytes per thread a worker costs more (its start, its module loading) than it saves. */
export const MIN_BYTES_PER_THREAD = 1024 * 1024;

export interface BatchPlanOptions {
  /** Threads at most (the caller's concurrency, else the CPU count). */
  maxThreads: number;
  /** Bytes each thread must have at least (default MIN_BYTES_PER_THREAD). */
  minBytesPerThread?: number;
}

/** Index ranges [start, end) over `sizes`, one per thread; a single range means "no worker thread". */
export function planBatches(sizes: readonly number[], options: BatchPlanOptions): [number, number][] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const minBytes = options.minBytesPerThread ?? MIN_BYTES_PER_THREAD;
  const threads = Math.max(
    1,
    Math.min(Math.floor(options.maxThreads), Math.floor(total / Math.max(1, minBytes)), sizes.length),
  );
  if (threads <= 1) return [[0, sizes.length]];
  const ranges: [number, number][] = [];
  let start = 0;
  let seen = 0;
  for (let t = 1; t < threads; t++) {
    const target = (total * t) / threads;
    let end = start;
    // at least one file per batch, and leave one file for each batch still to come
    while (end < sizes.length - (threads - t) && (end === start || seen + (sizes[end] ?? 0) <= target)) {
      seen += sizes[end] ?? 0;
      end++;
    }
    ranges.push([start, end]);
    start = end;
  }
  ranges.push([start, sizes.length]);
  return ranges;
}
