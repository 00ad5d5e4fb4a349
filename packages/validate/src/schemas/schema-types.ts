/** What a schema lookup returns (shared by the registry and the CRD lookup). */
import type { ValidateFunction } from 'ajv';
import type { RefResolver } from './schema-at-path.js';

export type SchemaSource = 'kubernetes' | 'manifest-crd' | 'catalog' | 'schema-location';

export interface KindSchema {
  source: SchemaSource;
  /** Human description of where the schema came from. */
  origin: string;
  /** The schema compiled (for messages: allowed fields, expected types). */
  root: Record<string, unknown>;
  resolveRef: RefResolver;
  /** undefined when the kind's scope is not known. */
  namespaced?: boolean;
  /** CEL rules (x-kubernetes-validations) the schema has and this validator does not evaluate. */
  celRules?: number;
  deprecated?: boolean;
  deprecationWarning?: string;
  validate: ValidateFunction;
}

export type SchemaLookup =
  | { status: 'found'; schema: KindSchema }
  /** A built-in API group that has no such kind/version in this Kubernetes version. */
  | { status: 'unknown-kind'; message: string }
  /** A CRD exists for the group/kind but does not serve this version. */
  | { status: 'unserved-version'; message: string }
  /** The schema exists but could not be compiled (reported once through `findings`). */
  | { status: 'invalid'; message: string }
  /** No schema anywhere; `hint` names near-miss kinds of the same group. */
  | { status: 'missing'; hint?: string };
