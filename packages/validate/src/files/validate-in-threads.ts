/**
 * The threaded half of validateFiles: the main thread and the worker threads take files one at a time from a
 * shared counter (a thread that starts late or runs slow loads fewer; the main thread leaves the last few to
 * the workers, as the merge is its work alone), each validates the files it loaded as soon as it has loaded
 * them, and the main thread merges every file's results in file order. When any file holds a
 * CustomResourceDefinition (its schema applies to documents of every file) those results are dropped and the
 * main thread validates everything as validate() would.
 */
import { type Finding, locateYamlDocuments, type Manifest } from '@neuroscale/core';
import {
  createRegistryOrFinding,
  defaultCacheDir,
  type PrecomputedSchemaStage,
  runChecks,
  validate,
} from '../validate.js';
import type {
  BatchWorkerData,
  DoneMessage,
  WholeRequest,
  WorkerFile,
  WorkerMessage,
  WorkerSchemaOptions,
} from './batch-protocol.js';
import { claimFrom, type LoadedFile, loadClaimedFiles, type ManifestFile } from './load-batch.js';
import type { ValidateFilesOptions, ValidateFilesResult } from './validate-files.js';
import { type ValidatedFile, validateLoadedFiles } from './validate-loaded-files.js';

// The worker is its own bundle entry (tsup.config.ts) next to the package's dist/index.js; from the
// sources (tests), the built one.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/batch-worker.js', import.meta.url)
  : new URL('./batch-worker.js', import.meta.url);

interface BatchThread {
  /** Whether the worker's files hold a CRD. */
  loaded: Promise<boolean>;
  /** Its validated files, sent unasked by a worker without a CRD among them. */
  done: Promise<DoneMessage>;
  /** Ask for its manifests whole and unvalidated (some thread met a CRD). */
  whole(): Promise<DoneMessage>;
  stop(): Promise<number>;
}

/**
 * The share of the files the main thread leaves to the workers (times workers / threads): it alone merges,
 * runs the cross-object check and builds the report afterwards, so it takes fewer files than the others.
 */
const MAIN_TAIL_SHARE = 0.2;

export async function validateInThreads(
  files: readonly ManifestFile[],
  threadCount: number,
  options: ValidateFilesOptions,
): Promise<ValidateFilesResult> {
  const schemaOptions = workerSchemaOptions(options);
  const counter = new Int32Array(new SharedArrayBuffer(4 * threadCount));
  const limits = options.limits ? { limits: options.limits } : {};
  const list = [...files];
  let threads = Array.from({ length: threadCount - 1 }, (_, i) =>
    startBatchThread({
      files: list,
      counter,
      slot: i + 1,
      ...limits,
      schema: schemaOptions,
      objects: options.objects ?? 'whole',
    }),
  );
  const started = performance.now();
  let ownMs = 0;
  try {
    const reserve = Math.floor((files.length * MAIN_TAIL_SHARE * (threadCount - 1)) / threadCount);
    const main = await loadClaimedFiles(
      files,
      claimFrom(counter, files.length, files.length - reserve),
      limits,
    );
    // Without a CRD among its own files the main thread validates them at once, while the workers still
    // load; a CRD anywhere else (learnt below) throws this away and the main thread validates everything.
    let registry: ReturnType<typeof createRegistryOrFinding> | undefined;
    let own: ValidatedFile[] | undefined;
    const validateOwn = (loaded: readonly LoadedFile[]) => {
      if (main.hasCrd) return;
      const t = performance.now();
      registry ??= createRegistryOrFinding(mainManifests(main.files), options);
      if (!('summary' in registry))
        own = [...(own ?? []), ...validateLoadedFiles(loaded, registry, schemaOptions)];
      ownMs += performance.now() - t;
    };
    validateOwn(main.files);
    // the reserve nobody took (a worker still starting, or slow): the main thread loads it after all
    const rest = await loadClaimedFiles(files, claimFrom(counter, files.length), limits);
    main.files.push(...rest.files);
    main.hasCrd ||= rest.hasCrd;
    if (rest.files.length) validateOwn(rest.files);
    // every file is claimed: a worker that never tried to claim one (still starting) loaded none
    const idle = threads.filter((_, i) => Atomics.load(counter, i + 1) === 0);
    await Promise.all(idle.map((t) => t.stop()));
    threads = threads.filter((t) => !idle.includes(t));
    const anyCrd = main.hasCrd || (await Promise.all(threads.map((t) => t.loaded))).some(Boolean);
    const loadMs = Math.max(0, performance.now() - started - ownMs);
    const usable = !anyCrd && registry !== undefined && !('summary' in registry) ? registry : undefined;
    // without a CRD anywhere each worker has sent its validated files unasked
    const done = await Promise.all(threads.map((t) => (anyCrd ? t.whole() : t.done)));
    const merged = mergeInFileOrder(files.length, main.files, usable ? own : undefined, done);
    const validation = usable
      ? await runChecks(usable, merged.manifests, options, {
          ...merged.schema,
          problems: done.flatMap((d) => d.problems),
          stats: sumStats(done),
        })
      : await validate(merged.manifests, options);
    return {
      manifests: merged.manifests,
      loadFindings: merged.loadFindings,
      validation,
      threads: threadCount,
      loadMs,
    };
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
  }
}

const mainManifests = (files: readonly LoadedFile[]): Manifest[] => files.flatMap((f) => f.manifests);

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

// Node's worker_threads is loaded by the first thread, not with this module: a small input never starts one.
const workerThreads = () => process.getBuiltinModule('node:worker_threads');

function startBatchThread(data: BatchWorkerData): BatchThread {
  // execArgv: none of the parent's flags (a test runner's `--conditions` would send the worker to the sources)
  const worker = new (workerThreads().Worker)(WORKER_URL, { workerData: data, execArgv: [] });
  const loaded = settled<boolean>();
  const done = settled<DoneMessage>();
  const whole = settled<DoneMessage>();
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'loaded') loaded.resolve(m.hasCrd);
    else (m.type === 'whole' ? whole : done).resolve(m);
  });
  // what the worker had sent stays settled; only what is still awaited fails
  const fail = (e: Error) => {
    for (const p of [loaded, done, whole]) p.reject(e);
  };
  worker.on('error', fail);
  worker.on('exit', (code) =>
    fail(new Error(`a validation worker thread stopped (exit code ${code}) before its batch was done`)),
  );
  return {
    loaded: loaded.promise,
    done: done.promise,
    whole: () => {
      worker.postMessage({ type: 'send-whole' } satisfies WholeRequest);
      return whole.promise;
    },
    stop: () => worker.terminate(),
  };
}

/** A promise with its settle functions; a rejection nobody awaits yet (the main batch is still loading) is not unhandled. */
function settled<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: Error): void } {
  let resolve: (v: T) => void = () => {};
  let reject: (e: Error) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * A worker's file with its manifests' `locate` rebuilt from the text it sent (lazily: the text is split and
 * scanned only for a document a finding points into). The manifests are this thread's structured-clone copies,
 * so each gets its locator in place rather than a second object.
 */
function withLocators(f: WorkerFile): Manifest[] {
  if (f.text === undefined) return f.manifests;
  const at = locateYamlDocuments(f.text);
  // `locate` is optional in Manifest: the clones become Manifests once it is set
  const manifests = f.manifests as Manifest[];
  for (const m of manifests) m.locate = at(m.source.documentIndex);
  return manifests;
}

interface MergedFiles {
  manifests: Manifest[];
  loadFindings: Finding[];
  schema: Pick<PrecomputedSchemaStage, 'findings' | 'summary' | 'checks'>;
}

/**
 * Every thread's files in file order, as one single-threaded pass gives them: manifests, load findings,
 * schema findings (the once-per-kind CEL note kept only where the kind first appears), counts summed, and
 * each per-document check's findings file after file.
 */
// long: one pass over the files in order; each step is a few lines and shares the accumulators
function mergeInFileOrder(
  count: number,
  mainFiles: readonly LoadedFile[],
  own: readonly ValidatedFile[] | undefined,
  done: readonly DoneMessage[],
): MergedFiles {
  const byIndex: { manifests: Manifest[]; findings: Finding[]; validated?: ValidatedFile }[] = [];
  mainFiles.forEach((f, i) => {
    const v = own?.[i];
    byIndex[f.index] = { manifests: f.manifests, findings: f.findings, ...(v ? { validated: v } : {}) };
  });
  for (const d of done)
    for (const f of d.files)
      byIndex[f.index] = {
        manifests: withLocators(f),
        findings: f.findings,
        ...(f.validated ? { validated: f.validated } : {}),
      };
  const out: MergedFiles = {
    manifests: [],
    loadFindings: [],
    schema: { findings: [], summary: { objects: 0, valid: 0, invalid: 0, skipped: 0 } },
  };
  const checks: Record<string, Finding[]> = {};
  const noted = new Set<string>();
  for (let i = 0; i < count; i++) {
    const f = byIndex[i];
    if (!f) continue;
    out.manifests.push(...f.manifests);
    out.loadFindings.push(...f.findings);
    const v = f.validated;
    if (!v) continue;
    const { summary } = out.schema;
    summary.objects += v.summary.objects;
    summary.valid += v.summary.valid;
    summary.invalid += v.summary.invalid;
    summary.skipped += v.summary.skipped;
    for (const finding of v.findings) {
      if (finding.ruleId === 'schema/cel-not-evaluated') {
        if (noted.has(finding.message)) continue;
        noted.add(finding.message);
      }
      out.schema.findings.push(finding);
    }
    for (const [name, found] of Object.entries(v.checks ?? {})) {
      const list = checks[name] ?? [];
      list.push(...found);
      checks[name] = list;
    }
  }
  if (own?.every((v) => v.checks) !== false && Object.keys(checks).length) out.schema.checks = checks;
  return out;
}

function sumStats(done: readonly DoneMessage[]): PrecomputedSchemaStage['stats'] {
  const stats = { compiled: 0, cacheHits: 0, compileMs: 0 };
  for (const d of done) {
    stats.compiled += d.stats?.compiled ?? 0;
    stats.cacheHits += d.stats?.cacheHits ?? 0;
    stats.compileMs += d.stats?.compileMs ?? 0;
  }
  return stats;
}
