/**
 * The threaded half of validateFiles: batch 0 on the main thread, the others in worker threads, then one
 * merge in batch order. When any batch holds a CustomResourceDefinition (its schema applies to documents of
 * every batch) the workers only load, and the main thread validates everything as validate() would.
 */
import { Worker } from 'node:worker_threads';
import { type Finding, locateYamlDocuments, type Manifest } from '@neuroscale/core';
import {
  createRegistryOrFinding,
  defaultCacheDir,
  type PrecomputedSchemaStage,
  runChecks,
  runPerDocumentChecks,
  validate,
} from '../validate.js';
import { validateAgainstSchemas } from '../validate-against-schemas.js';
import type {
  BatchSchemaResult,
  BatchWorkerData,
  DoneMessage,
  ProceedMessage,
  WorkerMessage,
  WorkerSchemaOptions,
} from './batch-protocol.js';
import { loadBatch, type ManifestFile } from './load-batch.js';
import type { ValidateFilesOptions, ValidateFilesResult } from './validate-files.js';

// The worker is its own bundle entry (tsup.config.ts) next to the package's dist/index.js; from the
// sources (tests), the built one.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/batch-worker.js', import.meta.url)
  : new URL('./batch-worker.js', import.meta.url);

interface BatchThread {
  loaded: Promise<boolean>;
  done: Promise<DoneMessage>;
  proceed(message: ProceedMessage): void;
  stop(): Promise<number>;
}

export async function validateInThreads(
  files: readonly ManifestFile[],
  ranges: readonly [number, number][],
  options: ValidateFilesOptions,
): Promise<ValidateFilesResult> {
  const schemaOptions = workerSchemaOptions(options);
  const [first, ...rest] = ranges;
  const threads = rest.map(([s, e]) =>
    startBatchThread({
      files: files.slice(s, e),
      ...(options.limits ? { limits: options.limits } : {}),
      schema: schemaOptions,
    }),
  );
  const started = performance.now();
  try {
    const main = await loadBatch(files.slice(first?.[0] ?? 0, first?.[1] ?? 0), {
      ...(options.limits ? { limits: options.limits } : {}),
    });
    const anyCrd = main.hasCrd || (await Promise.all(threads.map((t) => t.loaded))).some(Boolean);
    const loadMs = performance.now() - started;
    const registry = anyCrd ? undefined : createRegistryOrFinding(main.manifests, options);
    const perDocument = registry !== undefined && !('summary' in registry);
    for (const t of threads) t.proceed({ schema: perDocument });
    const own =
      perDocument && registry && !('summary' in registry)
        ? {
            ...validateAgainstSchemas(main.manifests, registry, { strict: options.strict === true }),
            ...(schemaOptions.perDocumentChecks
              ? { checks: runPerDocumentChecks(registry, main.manifests, options) }
              : {}),
          }
        : undefined;
    const done = await Promise.all(threads.map((t) => t.done));
    const manifests = [...main.manifests, ...done.flatMap(withLocators)];
    const loadFindings = [...main.findings, ...done.flatMap((d) => d.findings)];
    const validation =
      perDocument && registry && !('summary' in registry) && own
        ? await runChecks(registry, manifests, options, mergeSchemaResults(own, done))
        : await validate(manifests, options);
    return { manifests, loadFindings, validation, threads: ranges.length, loadMs };
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
  }
}

function workerSchemaOptions(options: ValidateFilesOptions): WorkerSchemaOptions {
  return {
    ...(options.kubeVersion !== undefined ? { kubeVersion: options.kubeVersion } : {}),
    ...(options.schemaLocations ? { schemaLocations: options.schemaLocations } : {}),
    ...(options.strict !== undefined ? { strict: options.strict } : {}),
    ...(options.repoRoot !== undefined ? { repoRoot: options.repoRoot } : {}),
    // resolved here: a worker's environment is a copy, and every thread must share one cache folder
    cacheDir: options.cacheDir === false ? false : (options.cacheDir ?? defaultCacheDir()),
    ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
    ...(options.skipChecks ? { skipChecks: options.skipChecks } : {}),
    perDocumentChecks: !options.apps?.length,
  };
}

function startBatchThread(data: BatchWorkerData): BatchThread {
  // execArgv: none of the parent's flags (a test runner's `--conditions` would send the worker to the sources)
  const worker = new Worker(WORKER_URL, { workerData: data, execArgv: [] });
  let onLoaded: (crd: boolean) => void = () => {};
  let onDone: (m: DoneMessage) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const loaded = new Promise<boolean>((resolve, reject) => {
    onLoaded = resolve;
    fail = reject;
  });
  const done = new Promise<DoneMessage>((resolve, reject) => {
    onDone = resolve;
    const before = fail;
    fail = (e) => {
      before(e);
      reject(e);
    };
  });
  // a rejection nobody awaits yet (the main batch is still loading) must not end the process
  loaded.catch(() => {});
  done.catch(() => {});
  let finished = false;
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'loaded') onLoaded(m.hasCrd);
    else {
      finished = true;
      onDone(m);
    }
  });
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => {
    if (!finished)
      fail(new Error(`a validation worker thread stopped (exit code ${code}) before its batch was done`));
  });
  return {
    loaded,
    done,
    proceed: (message) => worker.postMessage(message),
    stop: () => worker.terminate(),
  };
}

/** A worker's manifests with their `locate` rebuilt from the file texts it sent. */
function withLocators(d: DoneMessage): Manifest[] {
  const locators = d.texts.map(locateYamlDocuments);
  return d.manifests.map((m, i) => {
    const at = locators[d.textOf[i] ?? -1];
    return at ? { ...m, locate: at(m.source.documentIndex) } : m;
  });
}

/**
 * The batches' schema results as one single-threaded pass would give them: findings in batch order, except
 * the once-per-kind CEL note, kept only where the kind first appears; counts summed.
 */
function mergeSchemaResults(
  own: Pick<BatchSchemaResult, 'findings' | 'summary' | 'checks'>,
  done: readonly DoneMessage[],
): PrecomputedSchemaStage {
  const checks = own.checks ? mergeChecks(own.checks, done) : undefined;
  const summary = { ...own.summary };
  const findings = [...own.findings];
  const noted = new Set(own.findings.filter(isCelNote).map((f) => f.message));
  const problems: Finding[] = [];
  const stats = { compiled: 0, cacheHits: 0, compileMs: 0 };
  for (const d of done) {
    const s = d.schema;
    if (!s) continue;
    summary.objects += s.summary.objects;
    summary.valid += s.summary.valid;
    summary.invalid += s.summary.invalid;
    summary.skipped += s.summary.skipped;
    for (const f of s.findings) {
      if (isCelNote(f)) {
        if (noted.has(f.message)) continue;
        noted.add(f.message);
      }
      findings.push(f);
    }
    problems.push(...s.problems);
    stats.compiled += s.stats.compiled;
    stats.cacheHits += s.stats.cacheHits;
    stats.compileMs += s.stats.compileMs;
  }
  return { findings, summary, problems, stats, ...(checks ? { checks } : {}) };
}

/** Each check's findings, batch after batch; a check some batch did not run is left to the main thread. */
function mergeChecks(
  own: Record<string, Finding[]>,
  done: readonly DoneMessage[],
): Record<string, Finding[]> {
  const out: Record<string, Finding[]> = {};
  for (const [name, findings] of Object.entries(own)) {
    const all = [...findings];
    let complete = true;
    for (const d of done) {
      const theirs = d.schema?.checks?.[name];
      if (theirs) all.push(...theirs);
      else complete = false;
    }
    if (complete) out[name] = all;
  }
  return out;
}

const isCelNote = (f: Finding): boolean => f.ruleId === 'schema/cel-not-evaluated';
