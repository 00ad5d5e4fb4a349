/**
 * @neuroscale/validate — one way in: validate(manifests, options), or validateFiles(files, options) for plain
 * manifest files (loaded and validated on every core). The checks, the schema registry and the
 * generated data are internals; tests and benchmarks reach them through their source files.
 */
export {
  type ManifestFile,
  type ValidateFilesOptions,
  type ValidateFilesResult,
  validateFiles,
} from './files/validate-files.js';
export { type ValidateOptions, type ValidateResult, validate } from './validate.js';
export type { SchemaSummary } from './validate-against-schemas.js';
