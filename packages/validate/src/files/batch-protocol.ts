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

/** Main → worker: validate the files against the schemas, or only hand the loaded manifests back. */
export interface ProceedMessage {
  schema: boolean;
}

/** One file as a worker loaded (and maybe validated) it. `locate` is left off: `text` rebuilds it. */
export interface WorkerFile {
  index: number;
  manifests: Omit<Manifest, 'locate'>[];
  findings: Finding[];
  text?: string;
  validated?: ValidatedFile;
}

/** Worker → main, last message. */
export interface DoneMessage {
  type: 'done';
  files: WorkerFile[];
  /** The worker registry's schema problems and compile figures (when it validated). */
  problems: Finding[];
  stats?: SchemaRegistryStats;
}

export type WorkerMessage = LoadedMessage | DoneMessage;
