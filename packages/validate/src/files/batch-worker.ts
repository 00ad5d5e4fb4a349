/**
 * Worker thread entry of validateFiles: load files claimed from the shared counter until none is left, tell
 * the main thread whether they hold a CRD, then (unless they do) validate each file's documents against their
 * schemas with this thread's own registry and send the results at once, without waiting to hear from the
 * main thread. Those results count unless some thread met a CRD (its schema applies to every file): the main
 * thread then asks for the manifests whole and validates everything itself.
 * Validators come from the on-disk standalone cache the threads share (compiled once per kind).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRegistryOrFinding } from '../validate.js';
import type {
  BatchWorkerData,
  DoneMessage,
  LoadedMessage,
  WholeRequest,
  WorkerFile,
} from './batch-protocol.js';
import { claimFrom, type LoadedFile, loadClaimedFiles } from './load-batch.js';
import { identityOfObject } from './object-identity.js';
import { type ValidatedFile, validateLoadedFiles } from './validate-loaded-files.js';

interface OwnValidation {
  files: ValidatedFile[];
  problems: DoneMessage['problems'];
  stats: NonNullable<DoneMessage['stats']>;
}

const port = parentPort;
if (port) {
  const data = workerData as BatchWorkerData;
  Atomics.store(data.counter, data.slot, 1);
  const loaded = await loadClaimedFiles(data.files, claimFrom(data.counter, data.files.length), {
    ...(data.limits ? { limits: data.limits } : {}),
    keepText: true,
  });
  port.postMessage({ type: 'loaded', hasCrd: loaded.hasCrd } satisfies LoadedMessage);
  // a request for the whole manifests comes only when some thread met a CRD (queued until attached)
  port.once('message', (_: WholeRequest) => {
    port.postMessage(doneMessage('whole', loaded.files, undefined, data));
  });
  if (!loaded.hasCrd)
    port.postMessage(doneMessage('done', loaded.files, validateOwnFiles(loaded.files, data), data));
}

function doneMessage(
  type: DoneMessage['type'],
  files: readonly LoadedFile[],
  validated: OwnValidation | undefined,
  data: BatchWorkerData,
): DoneMessage {
  return {
    type,
    files: workerFiles(files, validated?.files, data),
    problems: validated?.problems ?? [],
    ...(validated ? { stats: validated.stats } : {}),
  };
}

function validateOwnFiles(files: readonly LoadedFile[], data: BatchWorkerData): OwnValidation | undefined {
  const registry = createRegistryOrFinding([], data.schema);
  if ('summary' in registry) return undefined;
  const validated = validateLoadedFiles(files, registry, data.schema);
  return { files: validated, problems: registry.findings(), stats: registry.stats() };
}

/**
 * The files as the main thread gets them: `locate` rebuilt there from the text. The main thread reads no
 * more of a validated object than its identity (when the caller said so): no structured-clone copy of every
 * whole object, and less for the main thread to collect.
 */
function workerFiles(
  files: readonly LoadedFile[],
  validated: readonly ValidatedFile[] | undefined,
  data: BatchWorkerData,
): WorkerFile[] {
  const identity = validated !== undefined && data.objects === 'identity' && data.schema.perDocumentChecks;
  return files.map((f, i) => {
    const v = validated?.[i];
    return {
      index: f.index,
      manifests: f.manifests.map(({ object, source }) => ({
        object: identity ? (identityOfObject(object) as typeof object) : object,
        source,
      })),
      findings: f.findings,
      ...(f.text !== undefined ? { text: f.text } : {}),
      ...(v ? { validated: v } : {}),
    };
  });
}
