/**
 * Compiling a DeletingPolicy (policies.kyverno.io v1alpha1, v1beta1, v1) or NamespacedDeletingPolicy
 * (v1beta1, v1), as kyverno v1.19.1 cmd/cli/kubectl-kyverno/policy/load.go loads them and
 * pkg/cel/policies/dpol/compiler/compiler.go compiles them: `variables` and `conditions` in the CEL
 * environment of the other Kyverno CEL policies (object, namespaceObject, variables and the
 * libraries; the resource library confined to the policy's namespace for a namespaced one).
 * `schedule` and `deletionPropagationPolicy` only matter to the cleanup controller, not to a verdict.
 *
 * The CLI loads the policy without the admission webhook's checks (pkg/cel/policies/dpol/validate.go
 * is not called): no matchConstraints and no schedule are accepted. An expression that does not
 * compile is a finding at its own line; the policy then answers `error` where it applies.
 */
import {
  type Finding,
  finding,
  isPlainRecord as isObj,
  type K8sObject,
  type Locator,
} from '@neuroscale/core';
import type { FailureAction, SourceRef, UnsupportedRule } from '../../engine/index.js';
import { validatingPolicyEnvironment } from '../environments.js';
import type { CompiledExpression } from '../vpol/compile-validating-policy.js';
import {
  decodeMatchConstraints,
  type MatchConstraints,
  type ResourceRule,
} from '../vpol/match-constraints.js';

export const DELETING_POLICY_KINDS = ['DeletingPolicy', 'NamespacedDeletingPolicy'] as const;
export type DeletingPolicyKind = (typeof DELETING_POLICY_KINDS)[number];

/** The served versions per kind (kyverno v1.19.1 cmd/cli/kubectl-kyverno/policy/load.go: dpV*, ndpV*). */
const API_VERSIONS: Record<DeletingPolicyKind, ReadonlySet<string>> = {
  DeletingPolicy: new Set([
    'policies.kyverno.io/v1alpha1',
    'policies.kyverno.io/v1beta1',
    'policies.kyverno.io/v1',
  ]),
  NamespacedDeletingPolicy: new Set(['policies.kyverno.io/v1beta1', 'policies.kyverno.io/v1']),
};

export interface CompiledDeletingPolicy {
  name: string;
  namespace?: string;
  kind: DeletingPolicyKind;
  /** `name`, or `namespace/name` for a NamespacedDeletingPolicy. */
  key: string;
  /** One response per resource, named after the policy: no rules. */
  rules: [];
  /** A deleting policy does not block admission. */
  validationFailureAction: FailureAction;
  scored: boolean;
  source: SourceRef;
  unsupportedRules: UnsupportedRule[];
  readonly internal: DeletingPolicyInternal;
}

export interface DeletingPolicyInternal {
  /**
   * matchConstraints with every rule's operations widened to `*` (dpol/engine/engine.go matchPolicy);
   * undefined when the policy has none (it then selects no resource with a kind).
   */
  match?: MatchConstraints;
  conditions: Array<{ name: string; expression: CompiledExpression }>;
  variables: Array<{ name: string; expression: CompiledExpression }>;
  /** Every compilation error, `field: message`. */
  compileErrors: string[];
}

export interface CompileDeletingPolicyOptions {
  file?: string;
  line?: number;
  locate?: Locator;
}

export interface CompileDeletingPolicyResult {
  policy?: CompiledDeletingPolicy;
  findings: Finding[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function isDeletingPolicyDocument(obj: unknown): boolean {
  return (
    isObj(obj) &&
    (DELETING_POLICY_KINDS as readonly string[]).includes(String(obj.kind)) &&
    String(obj.apiVersion ?? '').startsWith('policies.kyverno.io/')
  );
}

/**
 * The engine matches with a copy of the constraints whose rules allow every operation, and the
 * apiserver matcher (kyverno v1.19.1 pkg/cel/matching/matcher.go) selects everything when
 * `resourceRules` is empty: that is one rule over every group, version and resource.
 */
function deletingMatch(spec: Record<string, unknown>): MatchConstraints | undefined {
  if (!isObj(spec.matchConstraints)) return undefined;
  const decoded = decodeMatchConstraints(spec.matchConstraints);
  const widen = (r: ResourceRule): ResourceRule => ({ ...r, operations: ['*'] });
  const everything: ResourceRule = {
    apiGroups: ['*'],
    apiVersions: ['*'],
    resources: ['*/*'],
    operations: ['*'],
    resourceNames: [],
    scope: '*',
  };
  return {
    ...decoded,
    resourceRules: decoded.resourceRules.length ? decoded.resourceRules.map(widen) : [everything],
    excludeResourceRules: decoded.excludeResourceRules.map(widen),
  };
}

export function compileDeletingPolicy(
  obj: K8sObject,
  opts: CompileDeletingPolicyOptions = {},
): CompileDeletingPolicyResult {
  const findings: Finding[] = [];
  const kind = obj.kind as DeletingPolicyKind;
  const name = str(obj.metadata?.name) ?? '';
  const where = (pointer: string) => {
    const p = opts.locate?.(pointer);
    return opts.file ? { file: opts.file, line: p?.line ?? opts.line, column: p?.column } : undefined;
  };
  const invalid = (message: string): CompileDeletingPolicyResult => ({
    findings: [
      finding({
        ruleId: 'kyverno/invalid-policy',
        message: `${kind} ${name || '(unnamed)'}: ${message}`,
        object: { kind, name },
        location: where(''),
      }),
    ],
  });
  if (!API_VERSIONS[kind]?.has(String(obj.apiVersion)))
    return invalid(`unsupported apiVersion ${String(obj.apiVersion)}`);
  if (!name) return invalid('metadata.name is required');
  const spec = isObj(obj.spec) ? obj.spec : {};
  const namespace =
    kind === 'NamespacedDeletingPolicy' ? str(obj.metadata?.namespace) || 'default' : undefined;
  const env = validatingPolicyEnvironment(namespace !== undefined);
  const compileErrors: string[] = [];
  const compileOne = (field: string, pointer: string, source: unknown): CompiledExpression => {
    const text = typeof source === 'string' ? source : '';
    const r =
      text.trim() === ''
        ? ({ ok: false, error: 'must be a non-empty CEL expression' } as const)
        : env.compile(text);
    if (r.ok) return { field, source: text, program: r.program };
    compileErrors.push(`${field}: ${r.error}`);
    findings.push(
      finding({
        ruleId: 'kyverno/invalid-cel',
        message: `${kind} ${name}: ${field}: ${r.error}`,
        object: { kind, name },
        location: where(pointer),
      }),
    );
    return { field, source: text, error: r.error };
  };
  const named = (list: unknown, field: string) =>
    (Array.isArray(list) ? list.filter(isObj) : []).map((c, i) => ({
      name: str(c.name) ?? '',
      expression: compileOne(`${field}[${i}].expression`, `/spec/${field}/${i}/expression`, c.expression),
    }));
  const match = deletingMatch(spec);
  const internal: DeletingPolicyInternal = {
    ...(match ? { match } : {}),
    variables: named(spec.variables, 'variables'),
    conditions: named(spec.conditions, 'conditions'),
    compileErrors,
  };
  const annotations = (obj.metadata?.annotations ?? {}) as Record<string, unknown>;
  const policy: CompiledDeletingPolicy = {
    name,
    ...(namespace ? { namespace } : {}),
    kind,
    key: namespace ? `${namespace}/${name}` : name,
    rules: [],
    validationFailureAction: 'Audit',
    scored: annotations['policies.kyverno.io/scored'] !== 'false',
    source: { file: opts.file, line: opts.line },
    unsupportedRules: [],
    internal,
  };
  return { policy, findings };
}
