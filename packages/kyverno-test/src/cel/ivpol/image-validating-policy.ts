/**
 * ImageValidatingPolicy / NamespacedImageValidatingPolicy (policies.kyverno.io), the part of its verdict
 * `kyverno test` reaches without a registry (kyverno v1.19.1 cmd/cli/kubectl-kyverno/commands/test/test.go
 * applyImageValidatingPolicies over pkg/cel/policies/ivpol/engine/engine.go and
 * pkg/image/verification/evaluator/policy.go Evaluate), in its order:
 *
 * 1. matchConstraints (with the pod-controller autogen variants, provider.go): not matched ⇒ no response;
 * 2. matchConditions: false ⇒ no response (Evaluate returns nil and the engine skips the policy); an
 *    error ⇒ `error` "failed to evaluate policy";
 * 3. CEL PolicyExceptions naming the policy (name and kind): one whose matchConditions hold and that
 *    grants no `images` / `allowedValues` spares the resource: `skip` "rule is skipped due to policy
 *    exception: <keys>" (an exception granting images or values is passed over: the policy has no
 *    `exceptions` variable yet);
 * 4. the images, the digest check and the validations (verify-images-offline.ts): decided offline
 *    unless an image must be fetched from its registry or a validation verifies signatures.
 *
 * Matching and matchConditions run through the ValidatingPolicy machinery (a gate policy whose only
 * validation is `true`), as MutatingPolicy and GeneratingPolicy do.
 */
import { type Finding, finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import type { FailureAction, RuleResult, SourceRef, UnsupportedRule } from '../../engine/index.js';
import { factsOf } from '../activation.js';
import { withRuleBudget } from '../adapter/index.js';
import type { CelEvaluationContext } from '../cel-context.js';
import { createActivation } from '../create-activation.js';
import { celExceptionConditionsHold, celExceptionsFor, exceptionKey } from '../vpol/apply-cel-exceptions.js';
import { type AutogenVariant, autogenVariants } from '../vpol/autogen.js';
import type { CelExceptionInternal } from '../vpol/compile-cel-exception.js';
import { type CompiledValidatingPolicy, compileValidatingPolicy } from '../vpol/compile-validating-policy.js';
import { evaluateValidatingPolicy } from '../vpol/evaluate-validating-policy.js';
import { decodeMatchConstraints } from '../vpol/match-constraints.js';
import { isKyvernoCelPolicyDocument, policyGateDocument } from '../vpol/policy-gate.js';
import {
  type CompiledImageVerification,
  compileImageVerification,
  verifyImagesOffline,
} from './verify-images-offline.js';

export const IMAGE_VALIDATING_POLICY_KINDS = [
  'ImageValidatingPolicy',
  'NamespacedImageValidatingPolicy',
] as const;
type ImageValidatingPolicyKind = (typeof IMAGE_VALIDATING_POLICY_KINDS)[number];

/** Served versions per kind (kyverno v1.19.1 cmd/cli/kubectl-kyverno/policy/load.go: ivpV*, nivpV*). */
const API_VERSIONS: Record<ImageValidatingPolicyKind, readonly string[]> = {
  ImageValidatingPolicy: [
    'policies.kyverno.io/v1alpha1',
    'policies.kyverno.io/v1beta1',
    'policies.kyverno.io/v1',
  ],
  NamespacedImageValidatingPolicy: ['policies.kyverno.io/v1beta1', 'policies.kyverno.io/v1'],
};

/** Why a verdict is not given offline (followed by the step that needs the registry). */
export const IMAGE_VERIFICATION_OFFLINE = 'ImageValidatingPolicy needs the image registry';

export interface CompiledImageValidatingPolicy {
  name: string;
  namespace?: string;
  kind: ImageValidatingPolicyKind;
  key: string;
  rules: [];
  unsupportedRules: UnsupportedRule[];
  validationFailureAction: FailureAction;
  scored: boolean;
  source: SourceRef;
  readonly internal: {
    gate: CompiledValidatingPolicy;
    verification: CompiledImageVerification;
    /** `evaluation.mode: JSON`: the policy validates a Test's JSON payloads, not resources' admission. */
    jsonMode: boolean;
    /** The verification rewritten for pod controllers, by autogen group (`defaults`, `cronjobs`). */
    autogen: Partial<Record<AutogenVariant['group'], CompiledImageVerification>>;
  };
}

/** The responses of a policy for one resource, or why they cannot be given offline. */
export interface ImageValidationOutcome {
  results: RuleResult[];
  unsupported?: string;
}

export function isImageValidatingPolicyDocument(obj: unknown): boolean {
  return isKyvernoCelPolicyDocument(obj, IMAGE_VALIDATING_POLICY_KINDS);
}

export function compileImageValidatingPolicy(
  obj: K8sObject,
  opts: { file?: string; line?: number } = {},
): { policy?: CompiledImageValidatingPolicy; findings: Finding[] } {
  const kind = obj.kind as ImageValidatingPolicyKind;
  const namespaced = kind === 'NamespacedImageValidatingPolicy';
  if (!API_VERSIONS[kind].includes(String(obj.apiVersion))) {
    const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
    return {
      findings: [
        finding({
          ruleId: 'kyverno/invalid-policy',
          message: `${kind} ${name || '(unnamed)'}: unsupported apiVersion ${String(obj.apiVersion)}`,
          object: { kind, name },
          ...(opts.file ? { location: { file: opts.file, line: opts.line } } : {}),
        }),
      ],
    };
  }
  const spec = isObj(obj.spec) ? obj.spec : {};
  const gateDoc = policyGateDocument(obj, { namespaced });
  // autogen as the ivpol provider does it (same name, controllers from spec.autogen or the defaults)
  const gateSpec = gateDoc.spec as Record<string, unknown>;
  // variables may read the image data (`images`, `attestors`, …) that only the image verifier binds;
  // matching and matchConditions never read them
  delete gateSpec.variables;
  if (spec.autogen === undefined) delete gateSpec.autogen;
  else gateSpec.autogen = spec.autogen;
  const gate = compileValidatingPolicy(gateDoc, opts);
  if (!gate.policy) return { findings: gate.findings };
  const actions = Array.isArray(spec.validationActions) ? spec.validationActions.map(String) : ['Deny'];
  const annotations = (obj.metadata?.annotations ?? {}) as Record<string, unknown>;
  const policy: CompiledImageValidatingPolicy = {
    name: gate.policy.name,
    ...(gate.policy.namespace !== undefined ? { namespace: gate.policy.namespace } : {}),
    kind,
    key: gate.policy.key,
    rules: [],
    unsupportedRules: [],
    validationFailureAction: actions.includes('Deny') ? 'Enforce' : 'Audit',
    scored: annotations['policies.kyverno.io/scored'] !== 'false',
    source: { file: opts.file, line: opts.line },
    internal: {
      gate: gate.policy,
      jsonMode: isObj(spec.evaluation) && spec.evaluation.mode === 'JSON',
      verification: compileImageVerification(spec, { namespaced }),
      autogen: Object.fromEntries(
        autogenVariants(decodeMatchConstraints(spec.matchConstraints), controllersOf(spec)).map((v) => [
          v.group,
          compileImageVerification(spec, { namespaced, rewrite: v.rewrite }),
        ]),
      ),
    },
  };
  return { policy, findings: gate.findings };
}

function controllersOf(spec: Record<string, unknown>): string[] | undefined {
  const autogen = isObj(spec.autogen) ? spec.autogen : {};
  const pod = isObj(autogen.podControllers) ? autogen.podControllers : undefined;
  return pod && Array.isArray(pod.controllers) ? pod.controllers.map(String) : undefined;
}

/**
 * The verification for this resource: autogen exists only for pod-only constraints, so a pod controller
 * the policy applies to was matched by its autogen variant.
 */
function verificationFor(
  policy: CompiledImageValidatingPolicy,
  resource: K8sObject,
): CompiledImageVerification {
  const { group, kind } = factsOf(resource, { labels: false });
  const { autogen, verification } = policy.internal;
  if (group === 'batch' && kind === 'CronJob') return autogen.cronjobs ?? verification;
  if (group === '' && kind === 'Pod') return verification;
  return autogen.defaults ?? verification;
}

/** The offline part of the verdict of one ImageValidatingPolicy on one resource. */
export function evaluateImageValidatingPolicy(
  policy: CompiledImageValidatingPolicy,
  resource: K8sObject,
  ctx: CelEvaluationContext = {},
): ImageValidationOutcome {
  // a JSON payload is given to JSON-mode policies only (evaluator/eval.go filterPolicies), unmatched
  if (ctx.jsonPayload && !policy.internal.jsonMode) return { results: [] };
  // the gate answers matching and matchConditions only: exceptions come after them for this kind
  const { exceptions: _exceptions, ...withoutExceptions } = ctx;
  const [gate] = evaluateValidatingPolicy(policy.internal.gate, resource, withoutExceptions);
  if (!gate) return { results: [] };
  const respond = (r: Pick<RuleResult, 'rule' | 'status' | 'message'> & { exceptions?: string[] }) => ({
    results: [
      {
        policy: policy.key,
        baseRule: r.rule,
        failureAction: policy.validationFailureAction,
        ...r,
      },
    ],
  });
  if (gate.status === 'skip') return { results: [] };
  if (gate.status === 'error')
    return respond({
      rule: 'evaluation',
      status: 'error',
      message: `failed to evaluate policy: ${gate.message}`,
    });
  const exceptions = celExceptionsFor(ctx.exceptions, policy.name, policy.kind);
  const timeoutMs = ctx.ruleTimeoutMs ?? 2000;
  return withRuleBudget(
    { timeoutMs },
    (): ImageValidationOutcome => {
      const activation = createActivation(resource, ctx);
      const spared: string[] = [];
      const names: string[] = [];
      for (const ex of exceptions) {
        const internal = ex.internal as CelExceptionInternal;
        const holds = celExceptionConditionsHold(internal, activation, timeoutMs);
        // a broken exception after a granted one does not negate it (evaluator/policy.go)
        if (typeof holds === 'object') {
          if (spared.length) continue;
          return respond({
            rule: 'evaluation',
            status: 'error',
            message: `failed to evaluate policy: ${holds.error}`,
          });
        }
        if (!holds || internal.images.length > 0 || internal.allowedValues.length > 0) continue;
        spared.push(exceptionKey(ex));
        names.push(ex.name);
      }
      if (spared.length)
        return respond({
          rule: 'exception',
          status: 'skip',
          message: `rule is skipped due to policy exception: ${spared.join(', ')}`,
          exceptions: names,
        });
      const verification = ctx.jsonPayload ? policy.internal.verification : verificationFor(policy, resource);
      const verdict = verifyImagesOffline(verification, resource, activation, {
        timeoutMs,
        ...(ctx.jsonPayload ? { jsonPayload: true } : {}),
      });
      if ('unsupported' in verdict)
        return { results: [], unsupported: `${IMAGE_VERIFICATION_OFFLINE}: ${verdict.unsupported}` };
      return respond({ rule: verdict.status === 'error' ? 'evaluation' : policy.name, ...verdict });
    },
    (e) =>
      respond({ rule: 'evaluation', status: 'error', message: `failed to evaluate policy: ${e.message}` }),
  );
}
