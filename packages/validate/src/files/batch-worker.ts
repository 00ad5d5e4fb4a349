/**
 * Worker thread entry of validateFiles: load files claimed from the shared counter until none is left, tell
 * the main thread whether they hold a CRD, then (when told to) validate each file's documents against their
 * schemas with this thread's own registry. Validators come from the on-disk standalone cache the threads
 * share (compiled once per kind).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRegistryOrFinding } from '../validate.js';
import type { BatchWorkerData, DoneMessage, LoadedMessage, ProceedMessage } from './batch-protocol.js';
import { claimFrom, loadClaimedFiles } from './load-batch.js';
import { identityOfObject } from './object-identity.js';
import { type ValidatedFile, validateLoadedFiles } from './validate-loaded-files.js';

const port = parentPort;
if (port) {
  const data = workerData as BatchWorkerData;
  Atomics.store(data.counter, data.slot, 1);
  const loaded = await loadClaimedFiles(data.files, claimFrom(data.counter, data.files.length), {
    ...(data.limits ? { limits: data.limits } : {}),
    keepText: true,
  });
  port.once('message', (proceed: ProceedMessage) => {
    let validated: ValidatedFile[] | undefined;
    const done: DoneMessage = { type: 'done', files: [], problems: [] };
    if (proceed.schema) {
      const registry = createRegistryOrFinding([], data.schema);
      if (!('summary' in registry)) {
        validated = validateLoadedFiles(loaded.files, registry, data.schema);
        done.problems = registry.findings();
        done.stats = registry.stats();
      }
    }
    // the main thread reads no more of a validated object than its identity (when the caller said so):
    // no structured-clone copy of every whole object, and less for the main thread to collect
    const identity = validated !== undefined && data.objects === 'identity' && data.schema.perDocumentChecks;
    done.files = loaded.files.map((f, i) => {
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
    port.postMessage(done);
  });
  port.postMessage({ type: 'loaded', hasCrd: loaded.hasCrd } satisfies LoadedMessage);
}
