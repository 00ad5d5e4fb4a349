/**
 * @neuroscale/validate — one way in: validate(manifests, options). The checks, the schema registry and the
 * generated data are internals; tests and benchmarks reach them through their source files.
 */
export { type ValidateOptions, type ValidateResult, validate } from './validate.js';
export type { SchemaSummary } from './validate-against-schemas.js';
