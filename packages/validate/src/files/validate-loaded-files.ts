/**
 * The per-file part of validation on one thread: each file's documents against their schemas, and the
 * per-document checks, kept per file so the main thread can merge every thread's files in file order.
 */
import type { Finding } from '@neuroscale/core';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import { runPerDocumentChecks } from '../validate.js';
import { type SchemaSummary, validateAgainstSchemas } from '../validate-against-schemas.js';
import type { LoadedFile } from './load-batch.js';

export interface ValidatedFile {
  findings: Finding[];
  summary: SchemaSummary;
  /** Per-document check findings by check name (when asked for). */
  checks?: Record<string, Finding[]>;
}

export interface ValidateLoadedOptions {
  strict?: boolean;
  skipChecks?: string[];
  perDocumentChecks: boolean;
}

export function validateLoadedFiles(
  files: readonly LoadedFile[],
  registry: SchemaRegistry,
  options: ValidateLoadedOptions,
): ValidatedFile[] {
  return files.map((f) => {
    const r = validateAgainstSchemas(f.manifests, registry, { strict: options.strict === true });
    return options.perDocumentChecks
      ? { ...r, checks: runPerDocumentChecks(registry, f.manifests, options) }
      : r;
  });
}
