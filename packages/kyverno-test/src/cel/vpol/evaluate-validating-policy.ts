/**
 * Evaluating a compiled ValidatingPolicy on one resource as the vpol engine + CLI processor do
 * (kyverno 497e091): the request shape of the operation (celRequestShape); no match ⇒ no response; a false
 * matchCondition ⇒ `skip`; validations in order, the first false ⇒ `fail` (message from
 * messageExpression, message, or "CEL expression validation failed at index N"); an evaluation
 * error ⇒ `error`; all true ⇒ `pass`. Exactly one response per (policy, resource), rule name "".
 */
import type { K8sObject } from '@neuroscale/core';
import type { RuleResult, RuleStatus } from '../../engine/index.js';
import { admissionRequest, celObject, factsOf, labelsOf } from '../activation.js';
import {
  celErrorMessage,
  celToString,
  FieldwiseCelObject,
  type ObjectFieldReads,
  unionFieldReads,
  withRuleBudget,
} from '../adapter/index.js';
import {
  type CelEvaluationContext,
  libraryActivation,
  namespaceLabelsOf,
  policyNamespaceObjectOf,
} from '../cel-context.js';
import { isClusterScopedKind } from '../cluster-scoped.js';
import { runExpression, variablesFactoryOf } from '../run-expression.js';
import { decideAdmissionValidations } from '../vap/decide-admission-validations.js';
import { celExceptionsFor, matchCelExceptions } from './apply-cel-exceptions.js';
import type {
  CompiledValidatingPolicy,
  PolicyVariant,
  ValidatingPolicyInternal,
} from './compile-validating-policy.js';
import {
  constraintResourceName,
  type MatchInput,
  matchesConstraints,
  matchInputRuleKey,
} from './match-constraints.js';

const EMPTY_EXCEPTIONS = { allowedImages: [], allowedValues: [] };

/**
 * Everything about one resource that does not depend on the policy, built once and shared by every
 * policy evaluated on it (the apply benchmark evaluates 10 policies per resource).
 */
interface ResourceState {
  ctx: CelEvaluationContext;
  shape: CelRequestShape;
  facts: ReturnType<typeof factsOf>;
  input: MatchInput;
  resource: K8sObject;
  /**
   * The activation of every policy evaluated on this resource: library variables, object, oldObject,
   * namespaceObject, and the entries each policy sets (request, exceptions, variables).
   * Built on first use (baseOf): converting the object to CEL values is the largest per-resource cost, and
   * most resources of a repository match no ValidatingPolicy at all (a ConfigMap against pod policies).
   */
  base?: Record<string, unknown>;
  /** The resource converted into CEL values field by field, as policies read them (plain objects only). */
  fieldwise?: FieldwiseCelObject;
  requests: Map<string, unknown>;
}

/**
 * The last resource's state. Apply evaluates every policy on one resource before the next, so one slot
 * is enough; a WeakMap over all resources kept every converted object and request alive until the end
 * of the apply, and copying those survivors made young-generation GC the largest single cost.
 */
let lastState: ResourceState | undefined;

function resourceState(resource: K8sObject, ctx: CelEvaluationContext): ResourceState {
  const hit = lastState;
  if (hit !== undefined && hit.resource === resource && hit.ctx === ctx) return hit;
  // the labels only when a selector reads them (most policies have none)
  const facts = factsOf(resource, { labels: false });
  const clusterScoped = isClusterScopedKind(facts.kind);
  const shape = celRequestShape(ctx);
  let labels: Record<string, string> | undefined;
  const input: MatchInput = {
    group: facts.group,
    version: facts.version,
    kind: facts.kind,
    name: facts.name,
    namespace: facts.namespace,
    get labels() {
      labels ??= labelsOf(resource);
      return labels;
    },
    operation: shape.operation,
    clusterScoped,
    namespaceLabels: clusterScoped ? {} : namespaceLabelsOf(ctx, facts.namespace),
  };
  input.ruleKey = matchInputRuleKey(input);
  const state: ResourceState = { ctx, shape, facts, input, resource, requests: new Map() };
  lastState = state;
  return state;
}

/** The activation object of each library activation (see baseOf). */
const bases = new WeakMap<object, Record<string, unknown>>();

function baseOf(state: ResourceState): Record<string, unknown> {
  if (state.base) return state.base;
  const { ctx, facts } = state;
  const nsObject = facts.namespace ? policyNamespaceObjectOf(ctx, facts.namespace) : undefined;
  const { shape } = state;
  const resource = state.resource as unknown;
  const proto =
    typeof resource === 'object' && resource !== null ? Object.getPrototypeOf(resource) : undefined;
  const plain = proto === Object.prototype || proto === null;
  if (plain) state.fieldwise = new FieldwiseCelObject(resource as Record<string, unknown>);
  const object = state.fieldwise ? state.fieldwise.value : celObject(state.resource);
  // a flat object with the same keys in the same order for every resource (one hidden class): a
  // per-resource prototype chain (Object.create) made every variable lookup of every evaluation slow.
  // One object per library activation, re-armed for each resource (as the activation is per policy):
  // evaluations never nest and nothing keeps the activation afterwards
  const library = libraryActivation(ctx.celContext);
  let base = bases.get(library);
  if (base === undefined) {
    base = {
      ...library,
      object: null,
      oldObject: null,
      namespaceObject: null,
      exceptions: EMPTY_EXCEPTIONS,
      variables: EMPTY_VARIABLES,
      request: null,
      params: null,
    };
    bases.set(library, base);
  }
  base.object = shape.object ? object : null;
  base.oldObject = !shape.oldObject
    ? null
    : typeof ctx.oldResource === 'object' && ctx.oldResource !== null
      ? celObject(ctx.oldResource as K8sObject)
      : object;
  base.namespaceObject = nsObject ? celObject(nsObject) : null;
  base.exceptions = EMPTY_EXCEPTIONS;
  base.variables = EMPTY_VARIABLES;
  base.request = null;
  // a ValidatingAdmissionPolicy's params (policies/validating-admission-policy.ts); null for every other
  // policy (its environment declares no params, so the checker refuses an expression reading it)
  base.params =
    ctx.admissionParams === undefined || ctx.admissionParams === null
      ? null
      : celObject(ctx.admissionParams as K8sObject);
  state.base = base;
  return base;
}

function requestFor(state: ResourceState, resourceName: string): unknown {
  let r = state.requests.get(resourceName);
  if (r === undefined) {
    r = admissionRequest({
      facts: state.facts,
      resource: resourceName,
      operation: state.shape.operation,
      object: baseOf(state).object,
      oldObject: baseOf(state).oldObject,
      userInfo: state.ctx.userInfo,
    });
    state.requests.set(resourceName, r);
  }
  return r;
}

const EMPTY_VARIABLES = Object.freeze({});

interface CelRequestShape {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  /** `object` is the resource */
  object: boolean;
  /** `oldObject` is the resource (or the given old resource) */
  oldObject: boolean;
}

/**
 * The admission request a CEL policy sees, as kyverno's CLI builds it (cmd/cli/kubectl-kyverno/
 * processor/operation.go): the row's operation, else `request.operation` of the global values, else
 * CREATE. CREATE: object only; UPDATE: object and oldObject; DELETE: oldObject only; CONNECT: neither.
 * A CONNECT from the values is not simulated for CEL policies (NormalizeValuesOperation): CREATE.
 */
function celRequestShape(ctx: CelEvaluationContext): CelRequestShape {
  let operation = ctx.operation;
  if (operation === undefined) {
    const v = ctx.values?.globalValues?.['request.operation'] ?? ctx.variables?.['request.operation'];
    if (v === 'UPDATE' || v === 'DELETE') operation = v;
  }
  switch (operation) {
    case 'UPDATE':
      return { operation, object: true, oldObject: true };
    case 'DELETE':
      return { operation, object: false, oldObject: true };
    case 'CONNECT':
      return { operation, object: false, oldObject: false };
    default:
      return { operation: 'CREATE', object: true, oldObject: false };
  }
}

/** The fields of `object`/`oldObject` a variant's expressions read, computed once per variant. */
const variantReads = new WeakMap<PolicyVariant, ObjectFieldReads>();

function readsOf(variant: PolicyVariant): ObjectFieldReads {
  let reads = variantReads.get(variant);
  if (reads === undefined) {
    reads = new Set<string>();
    const add = (e: { program?: { objectFieldReads: ObjectFieldReads } } | undefined) => {
      if (e?.program) reads = unionFieldReads(reads as ObjectFieldReads, e.program.objectFieldReads);
    };
    for (const c of variant.matchConditions) add(c.expression);
    for (const v of variant.variables) add(v.expression);
    for (const v of variant.validations) {
      add(v.expression);
      add(v.messageExpression);
    }
    for (const a of variant.auditAnnotations) add(a.expression);
    variantReads.set(variant, reads);
  }
  return reads;
}

/** The rule responses (zero or one) of a ValidatingPolicy for one resource. */
export function evaluateValidatingPolicy(
  policy: CompiledValidatingPolicy,
  resource: K8sObject,
  ctx: CelEvaluationContext = {},
): RuleResult[] {
  const internal = policy.internal as ValidatingPolicyInternal;
  const state = resourceState(resource, ctx);
  if (
    policy.namespace !== undefined &&
    ctx.namespacedPolicyScope !== 'any-namespace' &&
    state.facts.namespace !== policy.namespace
  )
    return [];
  let variant: PolicyVariant | undefined;
  // a JSON payload, or a JSON-mode policy: evaluated without matching (kyverno vpol/engine/engine.go
  // Handle: the payload engine has no matcher; cmd/cli processor also runs JSON-mode policies on resources)
  if (ctx.jsonPayload || internal.jsonMode) variant = internal.variants[0];
  else
    for (const v of internal.variants) {
      if (matchesConstraints(v.match, state.input)) {
        variant = v;
        break;
      }
    }
  if (!variant) return [];
  const respond = (status: RuleStatus, message: string, rule = ''): RuleResult[] => [
    {
      policy: policy.key,
      rule,
      baseRule: '',
      status,
      message,
      failureAction: policy.validationFailureAction,
    },
  ];
  // one time/cost budget for the whole policy evaluation on this resource (not per expression)
  return withRuleBudget(
    { timeoutMs: ctx.ruleTimeoutMs ?? 2000 },
    () => evaluateVariant(policy, internal, variant, state, ctx, respond),
    (e) => respond('error', `policy ${policy.name}: ${e.message}`, 'evaluation'),
  );
}

function evaluateVariant(
  policy: CompiledValidatingPolicy,
  internal: ValidatingPolicyInternal,
  variant: PolicyVariant,
  state: ResourceState,
  ctx: CelEvaluationContext,
  respond: (status: RuleStatus, message: string, rule?: string) => RuleResult[],
): RuleResult[] {
  const timeoutMs = ctx.ruleTimeoutMs ?? 2000;
  // the resource's one activation, re-armed for this policy (request, exceptions, variables): the
  // evaluations of one policy never nest in another's, and nothing keeps the activation afterwards
  const activation = baseOf(state);
  // the fields this policy's expressions read, converted now; every field when exceptions may read any
  state.fieldwise?.convert(ctx.exceptions?.length ? 'all' : readsOf(variant));
  activation.request = requestFor(state, constraintResourceName(variant.match, state.facts.kind));
  activation.exceptions = EMPTY_EXCEPTIONS;
  activation.variables = EMPTY_VARIABLES;
  if (internal.admission) {
    // a ValidatingAdmissionPolicy: no exceptions, Kubernetes' validator decides
    if (variant.variables.length > 0)
      activation.variables = variablesFactoryOf(variant.variables)(activation, timeoutMs);
    const decision = decideAdmissionValidations(variant, activation, {
      timeoutMs,
      failurePolicyIgnore: internal.failurePolicyIgnore,
    });
    return respond(decision.status, decision.message, decision.status === 'error' ? 'evaluation' : '');
  }
  // exceptions first, before the policy's own matchConditions (kyverno vpol/compiler/policy.go)
  const spared = applyExceptions(policy, internal, activation, ctx, respond);
  if (spared) return spared;
  if (variant.variables.length > 0)
    activation.variables = variablesFactoryOf(variant.variables)(activation, timeoutMs);

  const unmatched = matchConditionsVerdict(policy, internal, variant, activation, { timeoutMs, respond });
  if (unmatched) return unmatched;
  return validationsVerdict(policy, variant, activation, { timeoutMs, respond }) ?? respond('pass', '');
}

type Respond = (status: RuleStatus, message: string, rule?: string) => RuleResult[];

/** The response when a matchCondition is false or fails to evaluate; undefined when all hold. */
function matchConditionsVerdict(
  policy: CompiledValidatingPolicy,
  internal: ValidatingPolicyInternal,
  variant: PolicyVariant,
  activation: ReturnType<typeof baseOf>,
  { timeoutMs, respond }: { timeoutMs: number; respond: Respond },
): RuleResult[] | undefined {
  for (const mc of variant.matchConditions) {
    let ok: unknown;
    try {
      ok = runExpression(mc.expression, activation, timeoutMs);
    } catch (e) {
      if (internal.failurePolicyIgnore)
        return respond('skip', `match condition ${mc.name} failed: ${celErrorMessage(e)}`);
      return respond(
        'error',
        `policy ${policy.name}: match condition ${mc.name}: ${celErrorMessage(e)}`,
        'evaluation',
      );
    }
    if (ok !== true) {
      if (typeof ok !== 'boolean')
        return respond(
          'error',
          `policy ${policy.name}: match condition ${mc.name} must evaluate to bool`,
          'evaluation',
        );
      return respond('skip', `match condition ${mc.name} is false`);
    }
  }

  return undefined;
}

/** The response of the first validation that is not true; undefined when every one holds. */
function validationsVerdict(
  policy: CompiledValidatingPolicy,
  variant: PolicyVariant,
  activation: ReturnType<typeof baseOf>,
  { timeoutMs, respond }: { timeoutMs: number; respond: Respond },
): RuleResult[] | undefined {
  for (const v of variant.validations) {
    let ok: unknown;
    try {
      ok = runExpression(v.expression, activation, timeoutMs);
    } catch (e) {
      return respond(
        'error',
        `policy ${policy.name}: validations[${v.index}]: ${stripField(celErrorMessage(e), v.expression.field)}`,
        'evaluation',
      );
    }
    if (typeof ok !== 'boolean') {
      return respond(
        'error',
        `policy ${policy.name}: validations[${v.index}]: expression must evaluate to bool`,
        'evaluation',
      );
    }
    if (!ok) {
      for (const a of variant.auditAnnotations) {
        try {
          runExpression(a.expression, activation, timeoutMs);
        } catch {
          // audit annotations never change the verdict
        }
      }
      return respond('fail', failureMessage(v, activation, timeoutMs));
    }
  }
  return undefined;
}

/**
 * The response when CEL PolicyExceptions spare the resource (or fail to evaluate); otherwise undefined,
 * after putting the values they grant into the activation's `exceptions` variable.
 */
function applyExceptions(
  policy: CompiledValidatingPolicy,
  internal: ValidatingPolicyInternal,
  activation: Record<string, unknown>,
  ctx: CelEvaluationContext,
  respond: (status: RuleStatus, message: string, rule?: string) => RuleResult[],
): RuleResult[] | undefined {
  const exceptions = celExceptionsFor(ctx.exceptions, policy.name, policy.exceptionKind ?? policy.kind);
  if (exceptions.length === 0) return undefined;
  const spared = matchCelExceptions(exceptions, activation, {
    timeoutMs: ctx.ruleTimeoutMs ?? 2000,
    failurePolicyIgnore: internal.failurePolicyIgnore,
  });
  if ('error' in spared) return respond('error', `failed to load context: ${spared.error}`, 'evaluation');
  if (spared.verdict) {
    const [response] = respond(spared.verdict.status, spared.verdict.message, 'exception');
    return [{ ...response!, exceptions: spared.verdict.exceptions }];
  }
  if (spared.allowed) activation.exceptions = spared.allowed;
  return undefined;
}

function stripField(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

function failureMessage(
  v: PolicyVariant['validations'][number],
  activation: Record<string, unknown>,
  timeoutMs: number,
): string {
  if (v.messageExpression?.program) {
    try {
      const m = runExpression(v.messageExpression, activation, timeoutMs);
      if (typeof m === 'string' && m.trim() !== '') return m;
      if (m !== null && m !== undefined && typeof m !== 'string') return celToString(m);
    } catch {
      // falls back to message
    }
  }
  if (v.message) return v.message;
  return `CEL expression validation failed at index ${v.index}`;
}
