/** The messages between validateFiles and its worker threads (structured-clone data only, no functions). */
import type { Finding, Manifest, YamlLimits } from '@neuroscale/core';
import type { SchemaRegistryStats } from '../schemas/schema-registry.js';
import type { SchemaSummary } from '../validate-against-schemas.js';
import type { ManifestFile } from './load-batch.js';

/** What a worker needs to build its own schema registry: the plain-data part of ValidateOptions. */
export interface WorkerSchemaOptions {
  kubeVersion?: string;
  schemaLocations?: string[];
  strict?: boolean;
  repoRoot?: string;
  cacheDir: string | false;
  catalog?: boolean;
  skipChecks?: string[];
  /** Run the per-document checks on the batch too (not with Applications: see runPerDocumentChecks). */
  perDocumentChecks: boolean;
}

export interface BatchWorkerData {
  files: ManifestFile[];
  limits?: Partial<YamlLimits>;
  schema: WorkerSchemaOptions;
}

/** Worker → main, after loading: whether the batch holds a CRD (then the main thread validates everything). */
export interface LoadedMessage {
  type: 'loaded';
  hasCrd: boolean;
}

/** Main → worker: validate the batch against the schemas, or only hand the loaded manifests back. */
export interface ProceedMessage {
  schema: boolean;
}

export interface BatchSchemaResult {
  findings: Finding[];
  summary: SchemaSummary;
  problems: Finding[];
  stats: SchemaRegistryStats;
  checks?: Record<string, Finding[]>;
}

/** Worker → main, last message. `locate` is left off the manifests: `texts` rebuilds it. */
export interface DoneMessage {
  type: 'done';
  manifests: Omit<Manifest, 'locate'>[];
  findings: Finding[];
  texts: string[];
  textOf: number[];
  schema?: BatchSchemaResult;
}

export type WorkerMessage = LoadedMessage | DoneMessage;
