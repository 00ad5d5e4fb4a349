/**
 * ValidatingPolicies in `evaluation.mode: Envoy` or `HTTP`: Kyverno keeps them apart from the others and
 * evaluates them only on a Test's `envoyPayloads` / `httpPayloads`, with kyverno-authz's engine (kyverno
 * v1.19.1 cmd/cli/kubectl-kyverno/policy/load.go sorts them by EvaluationMode;
 * processor/authz_processor.go: processEnvoyPolicy / processHTTPPolicy). The engine
 * (kyverno-authz pkg/engine/compiler/policy.go) checks `matchConditions` (one false: no answer),
 * evaluates `variables` lazily, then the validations in order: the first that answers with a response
 * (not null) decides. An evaluation error is the answer under `failurePolicy: Fail` (the default) and
 * no answer under `Ignore`. The CLI reports one rule named after the policy: an allowing response is
 * `pass` ("request allowed"), a denying one `fail`, no answer `skip` ("request does not match").
 */
import { type Finding, finding, isPlainRecord as isObj } from '@neuroscale/core';
import type { RuleResult, RuleStatus } from '../../engine/index.js';
import { lazyVariables } from '../activation.js';
import { CelEnvironment, celErrorMessage, withRuleBudget } from '../adapter/index.js';
import { BASE_LIBRARIES } from '../environments.js';
import { conditionsHold, type PolicyExpression, runExpression } from '../run-expression.js';
import {
  EnvoyCheckResponse,
  envoyAuthzLibrary,
  HttpAuthzResponse,
  httpAuthzLibrary,
} from './authz-libraries.js';
import { jwtLibrary } from './jwt-library.js';

export type AuthzMode = 'Envoy' | 'HTTP';

export interface AuthzProgram {
  mode: AuthzMode;
  matchConditions: Array<{ name: string; expression: PolicyExpression }>;
  variables: Array<{ name: string; expression: PolicyExpression }>;
  validations: PolicyExpression[];
}

/** The policy's authorization mode, or undefined for an admission / JSON ValidatingPolicy. */
export function authzModeOf(spec: Record<string, unknown>): AuthzMode | undefined {
  const mode = isObj(spec.evaluation) ? spec.evaluation.mode : undefined;
  return mode === 'Envoy' || mode === 'HTTP' ? mode : undefined;
}

const environments = new Map<AuthzMode, CelEnvironment>();

/** kyverno-authz pkg/cel/env.go: the base environment, the mode's library, jwt; `object` and `variables`. */
function environmentOf(mode: AuthzMode): CelEnvironment {
  let env = environments.get(mode);
  if (!env) {
    env = new CelEnvironment({
      variables: ['object', 'variables'],
      libraries: [...BASE_LIBRARIES, mode === 'Envoy' ? envoyAuthzLibrary : httpAuthzLibrary, jwtLibrary],
    });
    environments.set(mode, env);
  }
  return env;
}

/** The compiled expressions of an authorization policy; each compile error is also a finding. */
export function compileAuthzProgram(
  spec: Record<string, unknown>,
  mode: AuthzMode,
  report: (pointer: string, message: string) => void,
): { program: AuthzProgram; errors: string[] } {
  const env = environmentOf(mode);
  const errors: string[] = [];
  const compile = (field: string, pointer: string, source: unknown): PolicyExpression => {
    if (typeof source !== 'string' || source.trim() === '') {
      const error = `${field} must be a non-empty CEL expression`;
      errors.push(error);
      report(pointer, error);
      return { field, error };
    }
    const r = env.compile(source);
    if (r.ok) return { field, program: r.program };
    errors.push(`${field}: ${r.error}`);
    report(pointer, `${field}: ${r.error}`);
    return { field, error: r.error };
  };
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObj) : []);
  const named = (key: string) =>
    list(spec[key]).map((c, i) => ({
      name: typeof c.name === 'string' ? c.name : '',
      expression: compile(`${key}[${i}].expression`, `/spec/${key}/${i}/expression`, c.expression),
    }));
  const program: AuthzProgram = {
    mode,
    matchConditions: named('matchConditions'),
    variables: named('variables'),
    validations: list(spec.validations).map((v, i) =>
      compile(`validations[${i}].expression`, `/spec/validations/${i}/expression`, v.expression),
    ),
  };
  return { program, errors };
}

/** An invalid-cel finding of an authorization policy's expression. */
export function authzFinding(name: string, message: string, location: Finding['location']): Finding {
  return finding({
    ruleId: 'kyverno/invalid-cel',
    message: `ValidatingPolicy ${name}: ${message}`,
    object: { kind: 'ValidatingPolicy', name },
    ...(location ? { location } : {}),
  });
}

type Answer = { response: unknown } | { error: string } | { none: true };

/** kyverno-authz compiledPolicy.evaluateRules: match conditions, exceptions-free, then the validations. */
function evaluateRules(program: AuthzProgram, payload: unknown, timeoutMs: number): Answer {
  const activation: Record<string, unknown> = { object: payload, variables: {} };
  const matched = conditionsHold(program.matchConditions, activation, {
    timeoutMs,
    notBool: (mc) => `${mc.expression.field}: expected a bool`,
  });
  if (matched === false) return { none: true };
  if (matched !== true) return matched;
  activation.variables = lazyVariables(
    program.variables.map((v) => ({
      name: v.name,
      evaluate: (a: Record<string, unknown>) => runExpression(v.expression, a, timeoutMs),
    })),
    activation,
  );
  for (const rule of program.validations) {
    let out: unknown;
    try {
      out = runExpression(rule, activation, timeoutMs);
    } catch (e) {
      return { error: celErrorMessage(e) };
    }
    if (out === null || out === undefined) continue;
    const expected = program.mode === 'Envoy' ? EnvoyCheckResponse : HttpAuthzResponse;
    if (!(out instanceof expected))
      return {
        error: `rule result is expected to be ${program.mode === 'Envoy' ? '*v3.CheckResponse' : '*http.CheckResponse'}`,
      };
    return { response: out };
  }
  return { none: true };
}

/** The verdict of an answering response (processEnvoyPolicy / processHTTPPolicy). */
function verdictOf(response: unknown): { status: RuleStatus; message: string } {
  if (response instanceof EnvoyCheckResponse) {
    if (response.denied)
      return { status: 'fail', message: `request denied with status code ${response.denied.code}` };
    return { status: 'pass', message: 'request allowed' };
  }
  const r = response as HttpAuthzResponse;
  return r.ok
    ? { status: 'pass', message: 'request allowed' }
    : { status: 'fail', message: `request denied, reason: ${r.reason}` };
}

export interface AuthzPolicyRef {
  name: string;
  key: string;
  failurePolicyIgnore: boolean;
  validationFailureAction: RuleResult['failureAction'];
  program: AuthzProgram;
}

/** The one rule response of an authorization policy for one payload. */
export function evaluateAuthzPolicy(
  policy: AuthzPolicyRef,
  payload: unknown,
  options: { ruleTimeoutMs?: number } = {},
): RuleResult[] {
  const timeoutMs = options.ruleTimeoutMs ?? 2000;
  const respond = (status: RuleStatus, message: string): RuleResult[] => [
    {
      policy: policy.key,
      rule: policy.name,
      baseRule: policy.name,
      status,
      message,
      failureAction: policy.validationFailureAction,
    },
  ];
  const answer = withRuleBudget<Answer>(
    { timeoutMs },
    () => evaluateRules(policy.program, payload, timeoutMs),
    (e) => ({ error: e.message }),
  );
  if ('response' in answer) {
    const v = verdictOf(answer.response);
    return respond(v.status, v.message);
  }
  if ('error' in answer && !policy.failurePolicyIgnore) return respond('error', answer.error);
  return respond('skip', 'request does not match');
}
