/**
 * Contract of the Kyverno validate engine (`src/engine`).
 *
 * The runner (kyverno-test.yaml suites, apply mode) drives the engine only through these types and
 * the functions exported from `src/engine/index.ts`:
 *
 *   compilePolicy(obj)            → CompiledPolicy (autogen rules included, JMESPath compiled once)
 *   compileException(obj)        → CompiledException (PolicyException kyverno.io/v2, v2beta1)
 *   evaluatePolicy(p, res, ctx)  → RuleResult[]  — one entry per rule *response* Kyverno would produce.
 *
 * A rule that does not match the resource produces NO result (the CLI then reports "Excluded").
 * Rules the engine cannot run (mutate, generate, verifyImages, validate.podSecurity/cel/manifests…)
 * never produce a result: they are listed in `CompiledPolicy.unsupportedRules` so the runner can
 * count rows that target them as unsupported (never as pass).
 */
import type { Finding, K8sObject } from '@neuroscale/core';

export type { K8sObject } from '@neuroscale/core';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export type RuleStatus = 'pass' | 'fail' | 'skip' | 'warn' | 'error';

export interface UserInfo {
  username?: string;
  groups?: string[];
  uid?: string;
  /** `ns:role` strings, matched exactly against match.roles. */
  roles?: string[];
  clusterRoles?: string[];
}

/** Body of a `kind: Values` file (or a Test's inline `values:`), as decoded from YAML. */
export interface ValuesSpec {
  globalValues?: Record<string, unknown>;
  policies?: Array<{
    name: string;
    resources?: Array<{ name: string; values?: Record<string, unknown> }>;
    rules?: Array<{
      name: string;
      values?: Record<string, unknown>;
      /** Per key, one value per foreach element; or (newer files) one such map per foreach block. */
      foreachValues?: Record<string, unknown[]> | Array<Record<string, unknown[]>>;
    }>;
  }>;
  namespaceSelector?: Array<{ name: string; labels?: Record<string, string> }>;
  namespaces?: K8sObject[];
  subresources?: unknown[];
}

/** A mocked API call: matched on `urlPath` (or service `url`) and method (default GET). */
export interface ApiCallResponse {
  urlPath?: string;
  url?: string;
  method?: string;
  response: { statusCode?: number; body?: unknown };
}

export interface EvaluationContext {
  /**
   * Admission operation. Default: `request.operation` from the values (global/per-resource), else CREATE.
   * An explicit value here wins (the `operation:` of a result row triggers such a run).
   */
  operation?: Operation;
  /** Request user info. When absent, match filters' subjects/roles/clusterRoles are dropped (CLI semantics). */
  userInfo?: UserInfo;
  /** Namespace name → labels, for match.namespaceSelector. Merged over labels derived from `values`. */
  namespaceLabels?: Record<string, Record<string, string>>;
  /**
   * The Values file body. The engine selects global values, `policies[name].resources[name].values`
   * and `policies[name].rules[name].values` itself (Kyverno CLI precedence), and derives namespace
   * labels from `namespaceSelector` / `namespaces`.
   */
  values?: ValuesSpec;
  /**
   * Extra dotted-key variables (like `kyverno test --set`), applied after `values` for every rule:
   * e.g. `{ 'request.operation': 'UPDATE', 'myEntry.data': {...} }`.
   */
  variables?: Record<string, unknown>;
  /** request.oldObject for UPDATE (default: a copy of the resource, as the CLI does). */
  oldResource?: unknown;
  /** PolicyExceptions to honour (compiled with compileException). */
  exceptions?: CompiledException[];
  /**
   * Cluster objects (a Test's `clusterResources`): `configMap` context entries are resolved against the
   * ConfigMaps here. Without them such entries stay unloaded (like the CLI offline).
   */
  clusterResources?: K8sObject[];
  /**
   * Existing objects `mutate.targets` (mutate existing) select from: a Test's `targetResources`.
   * Without them mutate-existing rules patch nothing (no response).
   */
  targets?: K8sObject[];
  /** Offline mocks for `apiCall` context entries (a Test's `apiCallResponses`). */
  apiCallResponses?: ApiCallResponse[];
  /**
   * The fake cluster `apiCall` urlPaths are answered from (GET only), as `kyverno test` builds it when a
   * Test has `clusterResources`: the Test's resources, targets, params, cluster objects and CRDs.
   * Without it such entries stay unloaded (like the CLI without cluster resources).
   */
  clusterApiObjects?: readonly K8sObject[];
  /** Data for `globalReference` context entries (a Test's `globalContextEntries`). */
  globalContextEntries?: Array<{ name: string; data?: unknown }>;
  /** Per-rule evaluation budget in milliseconds (pathological regex/JMESPath ⇒ `error`). Default 2000. */
  ruleTimeoutMs?: number;
  /**
   * Per-rule size allowance: list elements and string characters that JMESPath functions,
   * projections and template substitution may build (a value doubled 30 times ⇒ `error`, not an
   * out-of-memory crash). Default 16 Mi (docs/limits.md).
   */
  ruleSizeUnits?: number;
}

export interface RuleResult {
  /** Policy key: `name` for ClusterPolicy, `namespace/name` for a namespaced Policy. */
  policy: string;
  /** Rule name as Kyverno reports it (`autogen-<rule>` / `autogen-cronjob-<rule>` for generated rules). */
  rule: string;
  /** The rule name in the policy source (without the autogen prefix). */
  baseRule: string;
  /** After `policies.kyverno.io/scored: "false"` is applied (fail → warn). */
  status: RuleStatus;
  message: string;
  /** True for rules generated by autogen for pod controllers. */
  autogen?: boolean;
  /**
   * JSON pointer of the field that failed a `pattern`/`anyPattern` (first failing pattern), into the
   * evaluated object itself (for autogen rules: into the controller, e.g. `/spec/template/spec/...`).
   */
  path?: string;
  /**
   * Effective failure action of the rule for this resource: rule `validate.failureAction`, then
   * `failureActionOverrides` / `validationFailureActionOverrides` matching the namespace, then the
   * policy's `validationFailureAction`. Always set by the engine. Informational: it never changes `status`.
   */
  failureAction?: FailureAction;
  /**
   * Names of the PolicyExceptions that spared the resource (the response is then `skip`, or `pass`
   * for a CEL exception with `reportResult: pass`); Kyverno's report lists them as the `exceptions` property.
   */
  exceptions?: string[];
}

export type FailureAction = 'Audit' | 'Enforce';

export interface UnsupportedRule {
  rule: string;
  /** e.g. `mutate`, `generate`, `verifyImages`, `validate.podSecurity`, `validate.cel`, `validate.manifests`. */
  reason: string;
}

export interface SourceRef {
  file?: string;
  line?: number;
}

/** A compiled rule. Internal structure is opaque to the runner (see `rule.ts`). */
export interface CompiledRuleInfo {
  name: string;
  baseName: string;
  autogen: boolean;
  /** `Pod` rules keep `undefined`; generated rules name the controller kinds they were made for. */
  autogenKinds?: string[];
}

export interface CompiledPolicy {
  name: string;
  namespace?: string;
  kind: 'ClusterPolicy' | 'Policy';
  /** `name` or `namespace/name`. */
  key: string;
  rules: CompiledRuleInfo[];
  validationFailureAction: FailureAction;
  /** `policies.kyverno.io/scored: "false"`. */
  scored: boolean;
  source: SourceRef;
  unsupportedRules: UnsupportedRule[];
  /** Engine-private compiled data. */
  readonly internal: unknown;
}

export interface CompiledException {
  name: string;
  namespace?: string;
  source: SourceRef;
  readonly internal: unknown;
}

export interface CompileOptions {
  file?: string;
  line?: number;
}

export interface CompilePolicyResult {
  policy?: CompiledPolicy;
  findings: Finding[];
}

export interface CompileExceptionResult {
  exception?: CompiledException;
  findings: Finding[];
}

/** What a compiled PolicyException carries inside the engine (exceptions/compile-exception.ts builds it). */
export interface ExceptionInternal {
  entries: Array<{ policyName: string; ruleNames: string[] }>;
  match: unknown;
  conditions: unknown;
  /** `spec.podSecurity`: control exclusions for podSecurity rules. */
  podSecurity: unknown;
}
