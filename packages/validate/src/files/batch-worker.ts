/**
 * Worker thread entry of validateFiles: load one batch of files, tell the main thread whether it holds a
 * CRD, then (when told to) validate each document against its schema with this thread's own registry.
 * Validators come from the on-disk standalone cache the other threads share (compiled once per kind).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRegistryOrFinding, runPerDocumentChecks } from '../validate.js';
import { validateAgainstSchemas } from '../validate-against-schemas.js';
import type {
  BatchSchemaResult,
  BatchWorkerData,
  DoneMessage,
  LoadedMessage,
  ProceedMessage,
} from './batch-protocol.js';
import { loadBatch } from './load-batch.js';

const port = parentPort;
if (port) {
  const data = workerData as BatchWorkerData;
  const batch = await loadBatch(data.files, {
    ...(data.limits ? { limits: data.limits } : {}),
    keepText: true,
  });
  port.once('message', (proceed: ProceedMessage) => {
    let schema: BatchSchemaResult | undefined;
    if (proceed.schema) {
      const registry = createRegistryOrFinding([], data.schema);
      if (!('summary' in registry)) {
        const r = validateAgainstSchemas(batch.manifests, registry, { strict: data.schema.strict === true });
        const checks = data.schema.perDocumentChecks
          ? runPerDocumentChecks(registry, batch.manifests, data.schema)
          : undefined;
        schema = {
          ...r,
          problems: registry.findings(),
          stats: registry.stats(),
          ...(checks ? { checks } : {}),
        };
      }
    }
    const done: DoneMessage = {
      type: 'done',
      manifests: batch.manifests.map(({ object, source }) => ({ object, source })),
      findings: batch.findings,
      texts: batch.texts,
      textOf: batch.textOf,
      ...(schema ? { schema } : {}),
    };
    port.postMessage(done);
  });
  port.postMessage({ type: 'loaded', hasCrd: batch.hasCrd } satisfies LoadedMessage);
}
