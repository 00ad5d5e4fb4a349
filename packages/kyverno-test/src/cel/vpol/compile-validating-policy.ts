/**
 * Compiling a ValidatingPolicy / NamespacedValidatingPolicy (policies.kyverno.io v1alpha1, v1beta1,
 * v1): every expression compiled once (autogen variants included). An expression that does not
 * compile becomes a finding at its own file:line naming the policy and the field
 * (`validations[2].expression`); the policy still loads and answers `error` for the resources it
 * matches, so other policies keep running.
 */
import {
  type Finding,
  finding,
  isPlainRecord as isObj,
  type K8sObject,
  type Locator,
} from '@neuroscale/core';
import type { CompiledRuleInfo, FailureAction, SourceRef, UnsupportedRule } from '../../engine/index.js';
import type { CelEnvironment, CelProgram } from '../adapter/index.js';
import { type AuthzProgram, authzFinding, authzModeOf, compileAuthzProgram } from '../authz/authz-policy.js';
import { validatingPolicyEnvironment } from '../environments.js';
import { autogenVariants } from './autogen.js';
import { decodeMatchConstraints, type MatchConstraints } from './match-constraints.js';

export const VALIDATING_POLICY_KINDS = ['ValidatingPolicy', 'NamespacedValidatingPolicy'] as const;
export type ValidatingPolicyKind = (typeof VALIDATING_POLICY_KINDS)[number];
const API_VERSIONS = new Set([
  'policies.kyverno.io/v1alpha1',
  'policies.kyverno.io/v1beta1',
  'policies.kyverno.io/v1',
]);

/** Shape shared with the classic engine's CompiledPolicy, so loaders and reports treat both alike. */
export interface CompiledValidatingPolicy {
  name: string;
  namespace?: string;
  kind: ValidatingPolicyKind;
  /** `name`, or `namespace/name` for a NamespacedValidatingPolicy. */
  key: string;
  /** CEL policies answer with one unnamed response per resource: no rules. */
  rules: CompiledRuleInfo[];
  /** `Enforce` when validationActions contains Deny, else `Audit`. */
  validationFailureAction: FailureAction;
  validationActions: string[];
  scored: boolean;
  source: SourceRef;
  unsupportedRules: UnsupportedRule[];
  /**
   * The kind PolicyException `policyRefs` must name (default: `kind`): a MutatingPolicy or
   * GeneratingPolicy gated by a ValidatingPolicy copy is excepted under its own kind.
   */
  exceptionKind?: string;
  readonly internal: unknown;
}

export interface CompiledExpression {
  /** Field path, e.g. `validations[0].expression`. */
  field: string;
  source: string;
  program?: CelProgram;
  /** Compilation error (the expression then answers `error`). */
  error?: string;
}

export interface CompiledValidation {
  index: number;
  expression: CompiledExpression;
  message?: string;
  messageExpression?: CompiledExpression;
  reason?: string;
}

export interface PolicyVariant {
  match: MatchConstraints;
  matchConditions: Array<{ name: string; expression: CompiledExpression }>;
  variables: Array<{ name: string; expression: CompiledExpression }>;
  validations: CompiledValidation[];
  auditAnnotations: Array<{ key: string; expression: CompiledExpression }>;
}

export interface ValidatingPolicyInternal {
  variants: PolicyVariant[];
  failurePolicyIgnore: boolean;
  /** `evaluation.mode: JSON`: evaluated on every document, no matchConstraints. */
  jsonMode?: boolean;
  /**
   * A Kubernetes ValidatingAdmissionPolicy compiled as this policy: decided as Kubernetes' validator
   * decides (cel/vap/decide-admission-validations.ts), without PolicyExceptions.
   */
  admission?: boolean;
  /** Every compilation error, `field: message`. */
  compileErrors: string[];
  /**
   * `evaluation.mode: Envoy | HTTP`: evaluated on a Test's envoy/http payloads only (cel/authz), never on
   * resources or JSON payloads (no variants).
   */
  authz?: AuthzProgram;
}

export interface CompileValidatingPolicyOptions {
  file?: string;
  line?: number;
  locate?: Locator;
  /** The CEL environment (default: the ValidatingPolicy one; a ValidatingAdmissionPolicy brings its own). */
  environment?: CelEnvironment;
  /** Accept an empty `validations` list (a ValidatingAdmissionPolicy, which kyverno's CLI never validates). */
  allowNoValidations?: boolean;
}

export interface CompileValidatingPolicyResult {
  policy?: CompiledValidatingPolicy;
  findings: Finding[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function isValidatingPolicyDocument(obj: unknown): boolean {
  return (
    isObj(obj) &&
    (VALIDATING_POLICY_KINDS as readonly string[]).includes(String(obj.kind)) &&
    String(obj.apiVersion ?? '').startsWith('policies.kyverno.io/')
  );
}

// long: checks and compiles the ValidatingPolicy's fields in spec order, all reporting through the same pointer helpers; not split yet
export function compileValidatingPolicy(
  obj: K8sObject,
  opts: CompileValidatingPolicyOptions = {},
): CompileValidatingPolicyResult {
  const findings: Finding[] = [];
  const kind = obj.kind as ValidatingPolicyKind;
  const name = str(obj.metadata?.name) ?? '';
  const where = (pointer: string) => {
    const p = opts.locate?.(pointer);
    return opts.file ? { file: opts.file, line: p?.line ?? opts.line, column: p?.column } : undefined;
  };
  const invalid = (message: string): CompileValidatingPolicyResult => ({
    findings: [
      finding({
        ruleId: 'kyverno/invalid-policy',
        message: `${kind} ${name || '(unnamed)'}: ${message}`,
        object: { kind, name },
        location: where(''),
      }),
    ],
  });
  if (!API_VERSIONS.has(String(obj.apiVersion)))
    return invalid(`unsupported apiVersion ${String(obj.apiVersion)}`);
  if (!name) return invalid('metadata.name is required');
  const spec = isObj(obj.spec) ? obj.spec : {};
  const noValidations = !Array.isArray(spec.validations) || spec.validations.length === 0;
  if (noValidations && !opts.allowNoValidations) return invalid('spec.validations must not be empty');
  const duplicate = duplicateVariableName(spec.variables);
  // `variables` is a list map keyed by name (listType=map, listMapKey=name, as in Kubernetes'
  // ValidatingAdmissionPolicy): the API server refuses a second entry with the same name
  if (duplicate)
    return invalid(`spec.variables[${duplicate.index}].name: Duplicate value: "${duplicate.name}"`);
  const badAction = invalidValidationAction(spec.validationActions);
  if (badAction) return invalid(badAction);
  const authzMode = kind === 'ValidatingPolicy' ? authzModeOf(spec) : undefined;
  if (authzMode) {
    const { program, errors } = compileAuthzProgram(spec, authzMode, (pointer, message) =>
      findings.push(authzFinding(name, message, where(pointer))),
    );
    const internal: ValidatingPolicyInternal = {
      variants: [],
      failurePolicyIgnore: spec.failurePolicy === 'Ignore',
      compileErrors: errors,
      authz: program,
    };
    return { policy: validatingPolicyOf(obj, kind, name, opts, spec, internal), findings };
  }
  // JSON mode: the policy validates any JSON document (a Test's jsonPayloads), without matchConstraints
  const jsonMode = isObj(spec.evaluation) && spec.evaluation.mode === 'JSON';

  const env: CelEnvironment =
    opts.environment ?? validatingPolicyEnvironment(kind === 'NamespacedValidatingPolicy');
  const compileErrors: string[] = [];
  const compileOne = (
    field: string,
    pointer: string,
    source: unknown,
    rewrite?: (s: string) => string,
  ): CompiledExpression => {
    const text = typeof source === 'string' ? source : '';
    const src = rewrite ? rewrite(text) : text;
    if (typeof source !== 'string' || text.trim() === '') {
      const error = `${field} must be a non-empty CEL expression`;
      if (!rewrite) {
        compileErrors.push(error);
        findings.push(
          finding({
            ruleId: 'kyverno/invalid-cel',
            message: `${kind} ${name}: ${error}`,
            object: { kind, name },
            location: where(pointer),
          }),
        );
      }
      return { field, source: src, error };
    }
    const r = env.compile(src);
    if (r.ok) return { field, source: src, program: r.program };
    if (!rewrite) {
      compileErrors.push(`${field}: ${r.error}`);
      findings.push(
        finding({
          ruleId: 'kyverno/invalid-cel',
          message: `${kind} ${name}: ${field}: ${r.error}`,
          object: { kind, name },
          location: where(pointer),
        }),
      );
    }
    return { field, source: src, error: r.error };
  };

  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObj) : []);
  const buildVariant = (match: MatchConstraints, rewrite?: (s: string) => string): PolicyVariant => ({
    match,
    matchConditions: list(spec.matchConditions).map((c, i) => ({
      name: str(c.name) ?? '',
      expression: compileOne(
        `matchConditions[${i}].expression`,
        `/spec/matchConditions/${i}/expression`,
        c.expression,
        rewrite,
      ),
    })),
    variables: list(spec.variables).map((v, i) => ({
      name: str(v.name) ?? '',
      expression: compileOne(
        `variables[${i}].expression`,
        `/spec/variables/${i}/expression`,
        v.expression,
        rewrite,
      ),
    })),
    validations: list(spec.validations).map((v, i) => {
      const out: CompiledValidation = {
        index: i,
        expression: compileOne(
          `validations[${i}].expression`,
          `/spec/validations/${i}/expression`,
          v.expression,
          rewrite,
        ),
      };
      const message = str(v.message);
      if (message !== undefined) out.message = rewrite ? rewrite(message) : message;
      if (typeof v.messageExpression === 'string' && v.messageExpression.trim()) {
        out.messageExpression = compileOne(
          `validations[${i}].messageExpression`,
          `/spec/validations/${i}/messageExpression`,
          v.messageExpression,
          rewrite,
        );
      }
      const reason = str(v.reason);
      if (reason !== undefined) out.reason = reason;
      return out;
    }),
    auditAnnotations: list(spec.auditAnnotations).map((a, i) => ({
      key: str(a.key) ?? '',
      expression: compileOne(
        `auditAnnotations[${i}].valueExpression`,
        `/spec/auditAnnotations/${i}/valueExpression`,
        a.valueExpression,
        rewrite,
      ),
    })),
  });

  const match = decodeMatchConstraints(spec.matchConstraints);
  const variants = [buildVariant(match)];
  const autogen = isObj(spec.autogen) ? spec.autogen : {};
  const podControllers = isObj(autogen.podControllers) ? autogen.podControllers : undefined;
  const controllers =
    podControllers && Array.isArray(podControllers.controllers)
      ? podControllers.controllers.map(String)
      : undefined;
  for (const v of autogenVariants(match, controllers)) variants.push(buildVariant(v.match, v.rewrite));

  const internal: ValidatingPolicyInternal = {
    variants,
    failurePolicyIgnore: spec.failurePolicy === 'Ignore',
    ...(jsonMode ? { jsonMode } : {}),
    compileErrors,
  };
  return { policy: validatingPolicyOf(obj, kind, name, opts, spec, internal), findings };
}

/** The compiled policy around its expressions (`internal`). */
function validatingPolicyOf(
  obj: K8sObject,
  kind: ValidatingPolicyKind,
  name: string,
  opts: CompileValidatingPolicyOptions,
  spec: Record<string, unknown>,
  internal: ValidatingPolicyInternal,
): CompiledValidatingPolicy {
  const actions = Array.isArray(spec.validationActions) ? spec.validationActions.map(String) : ['Deny'];
  const namespace =
    kind === 'NamespacedValidatingPolicy' ? str(obj.metadata?.namespace) || 'default' : undefined;
  const annotations = (obj.metadata?.annotations ?? {}) as Record<string, unknown>;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    kind,
    key: namespace ? `${namespace}/${name}` : name,
    rules: [],
    validationFailureAction: actions.includes('Deny') ? 'Enforce' : 'Audit',
    validationActions: actions,
    scored: annotations['policies.kyverno.io/scored'] !== 'false',
    source: { file: opts.file, line: opts.line },
    unsupportedRules: [],
    internal,
  };
}

/** The first `variables` entry whose name an earlier entry already has. */
function duplicateVariableName(variables: unknown): { index: number; name: string } | undefined {
  if (!Array.isArray(variables)) return undefined;
  const seen = new Set<string>();
  for (const [index, v] of variables.entries()) {
    const name = isObj(v) && typeof v.name === 'string' ? v.name : undefined;
    if (name === undefined) continue;
    if (seen.has(name)) return { index, name };
    seen.add(name);
  }
  return undefined;
}

const VALIDATION_ACTIONS = ['Deny', 'Audit', 'Warn'];

/**
 * `spec.validationActions` as the CRD schema declares it (kyverno v1.19.1
 * config/crds/policies.kyverno.io/policies.kyverno.io_validatingpolicies.yaml: items `enum: [Deny,
 * Audit, Warn]`, `x-kubernetes-list-type: set`): the CLI's loader validates documents against that
 * schema (kyverno v1.19.1 ext/resource/loader/loader.go) and the API server refuses the policy, so
 * an unknown or repeated action is an invalid policy, with the API server's message.
 */
function invalidValidationAction(actions: unknown): string | undefined {
  if (!Array.isArray(actions)) return undefined;
  const seen = new Set<string>();
  for (const [i, a] of actions.entries()) {
    const field = `spec.validationActions[${i}]`;
    if (typeof a !== 'string' || !VALIDATION_ACTIONS.includes(a))
      return `${field}: Unsupported value: ${JSON.stringify(a)}: supported values: ${VALIDATION_ACTIONS.map((v) => `"${v}"`).join(', ')}`;
    if (seen.has(a)) return `${field}: Duplicate value: "${a}"`;
    seen.add(a);
  }
  return undefined;
}
