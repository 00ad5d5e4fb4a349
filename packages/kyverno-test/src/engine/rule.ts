/** Internal compiled rule representation. */
export interface ValidateSpec {
  message?: string;
  pattern?: unknown;
  anyPattern?: unknown[];
  deny?: { conditions?: unknown };
  foreach?: unknown[];
  failureAction?: string;
  allowExistingViolations?: boolean;
}

export interface Rule {
  name: string;
  baseName: string;
  autogen: boolean;
  match: unknown;
  exclude: unknown;
  context: unknown[];
  preconditions: unknown;
  validate: ValidateSpec;
  /** Raw rule JSON (after autogen rewriting). */
  raw: Record<string, unknown>;
}

export interface PolicyInternal {
  /** Rules as written (validate rules only; unsupported ones excluded). */
  rules: Rule[];
  /** Generated rules per pod-controller kind. */
  autogenByKind: Map<string, Rule[]>;
  applyRulesOne: boolean;
  failureAction: 'Audit' | 'Enforce';
  annotations: Record<string, string>;
}
