/** The messages between validateFiles and its worker threads (structured-clone data only, no functions). */
import type { Finding, Manifest, YamlLimits } from '@neuroscale/core';
import type { SchemaRegistryStats } from '../schemas/schema-registry.js';
import type { ManifestFile } from './load-batch.js';
import type { ValidatedFile } from './validate-loaded-files.js';

/** What a worker needs to build its own schema registry: the plain-data part of ValidateOptions. */
export interface WorkerSchemaOptions {
  kubeVersion?: string;
  schemaLocations?: string[];
  strict?: boolean;
  repoRoot?: string;
  cacheDir: string | false;
  catalog?: boolean;
  skipChecks?: string[];
  /** Run the per-document checks on the files too (not with Applications: see runPerDocumentChecks). */
  perDocumentChecks: boolean;
}

export interface BatchWorkerData {
  files: ManifestFile[];
  /**
   * Over a SharedArrayBuffer: [0] the next file index to claim (Atomics.add); [slot] set to 1 by this worker
   * before its first claim (a worker still at 0 when the files run out loaded none and need not be awaited).
   */
  counter: Int32Array;
  slot: number;
  limits?: Partial<YamlLimits>;
  schema: WorkerSchemaOptions;
  /**
   * What the worker hands back of each object it validated (ValidateFilesOptions `objects`): the whole
   * object, or only its identity (object-identity.ts). Objects it only loaded always come back whole.
   */
  objects: 'whole' | 'identity';
}

/** Worker → main, once no file is left to claim: whether its files hold a CRD (then the main thread validates everything). */
export interface LoadedMessage {
  type: 'loaded';
  hasCrd: boolean;
}

/**
 * Main → worker, only when some thread met a CRD: hand the loaded manifests back whole and unvalidated
 * (a `whole` DoneMessage), as the main thread validates everything.
 */
export interface WholeRequest {
  type: 'send-whole';
}

/** One file as a worker loaded (and maybe validated) it. `locate` is left off: `text` rebuilds it. */
export interface WorkerFile {
  index: number;
  manifests: Omit<Manifest, 'locate'>[];
  findings: Finding[];
  text?: string;
  validated?: ValidatedFile;
}

/**
 * Worker → main: `done` right after a worker without a CRD among its files validated them (sent unasked);
 * `whole` in answer to a WholeRequest (the manifests whole, nothing validated).
 */
export interface DoneMessage {
  type: 'done' | 'whole';
  files: WorkerFile[];
  /** The worker registry's schema problems and compile figures (when it validated). */
  problems: Finding[];
  stats?: SchemaRegistryStats;
}

export type WorkerMessage = LoadedMessage | DoneMessage;
