import type { ManifestsSpec } from './manifests/validate-manifests.js';
import type { VerifyImageCheck } from './validate-rule/verify-image-checks.js';

/** Internal compiled rule representation. */
export interface ValidateSpec {
  message?: string;
  pattern?: unknown;
  anyPattern?: unknown[];
  deny?: { conditions?: unknown };
  foreach?: unknown[];
  /** Parsed `validate.podSecurity` (only the supported subset compiles). */
  podSecurity?: PodSecuritySpec;
  /** Compiled `validate.manifests` (key-based, offline: manifests/validate-manifests.ts). */
  manifests?: ManifestsSpec;
  failureAction?: string;
  allowExistingViolations?: boolean;
  /** Precomputed: pattern/anyPattern contain `{{` somewhere (else substitution is skipped). */
  patternHasVariables?: boolean;
  /** A `verifyImages` rule's offline image checks (validate-rule/verify-image-checks.ts). */
  verifyImages?: VerifyImageCheck[];
  /** Rule-level `failureActionOverrides` (Kyverno v1 `validationFailureActionOverrides` shape). */
  failureActionOverrides?: FailureActionOverride[];
}

export interface FailureActionOverride {
  action: 'Audit' | 'Enforce';
  namespaces: string[];
  namespaceSelector?: unknown;
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
  /** `mutate` block as written (after autogen rewriting): mutate rules only (engine/mutate). */
  mutate?: Record<string, unknown>;
  /** `generate` block as written: generate rules only (engine/generate). */
  generate?: Record<string, unknown>;
  /** Raw rule JSON (after autogen rewriting). */
  raw: Record<string, unknown>;
  /**
   * `metadata.namespace` of a namespaced Policy as written (unset for a ClusterPolicy or a Policy
   * without one): its apiCall context entries stay in that namespace (variables/api-call-policy-namespace.ts).
   */
  policyNamespace?: string;
}

export interface PolicyInternal {
  /** Rules as written (validate rules only; unsupported ones excluded). */
  rules: Rule[];
  /** Generated rules per pod-controller kind. */
  autogenByKind: Map<string, Rule[]>;
  /** Mutate rules, in policy order (engine/mutate), and their autogen variants per controller kind. */
  mutateRules?: Rule[];
  mutateAutogenByKind?: Map<string, Rule[]>;
  /** Generate rules, in policy order (engine/generate). */
  generateRules?: Rule[];
  applyRulesOne: boolean;
  failureAction: 'Audit' | 'Enforce';
  failureActionOverrides: FailureActionOverride[];
  annotations: Record<string, string>;
}

/**
 * Pod Security Standards levels Kyverno's `validate.podSecurity` accepts (pod-security/). Kyverno's
 * `evaluatePSS` filters the checks only for `baseline`: `restricted` and `privileged` both run every check.
 */
export type PssLevel = 'baseline' | 'restricted' | 'privileged';

export interface PodSecurityExclusion {
  controlName: string;
  /** Kyverno wildcards matched against container images; empty = the pod-level part of the control. */
  images: string[];
  /** Field pattern (`spec.containers[*].securityContext.privileged`); empty = every field of the control. */
  restrictedField: string;
  /** Kyverno wildcards the bad values must all match (required with `restrictedField`). */
  values: string[];
}

export interface PodSecuritySpec {
  level: PssLevel;
  /** As written (`latest`, `v1.25` or empty): it is echoed in the failure message. */
  version: string;
  /** The pinned Kubernetes minor (`v1.25` → 25); undefined for `latest`. */
  minor?: number;
  exclude: PodSecurityExclusion[];
}
