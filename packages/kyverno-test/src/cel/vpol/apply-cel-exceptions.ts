/**
 * CEL PolicyExceptions on a ValidatingPolicy, as Kyverno's vpol engine applies them:
 *
 * - `pkg/cel/policies/vpol/engine/provider.go`: an exception applies to a policy (and to its autogen
 *   variants, with its matchConditions unchanged) when one of its policyRefs has the policy's name and kind.
 * - `pkg/cel/policies/vpol/compiler/policy.go` (`evaluateWithData`): before the policy's own
 *   matchConditions, every exception's matchConditions are evaluated on object / oldObject / request /
 *   namespaceObject (all true, or none ⇒ the exception matches; an error fails the request unless the
 *   policy's failurePolicy is Ignore). Matching exceptions that grant no `images` / `allowedValues`
 *   spare the resource; otherwise the policy runs with `exceptions.allowedImages/allowedValues`.
 * - `pkg/cel/policies/vpol/engine/engine.go` (`handlePolicy`): a spared resource gets one response named
 *   `exception`, `skip` (or `pass` with `reportResult: pass`), message
 *   `rule is skipped due to policy exception: <ns/name>, …`.
 */
import type { CompiledException, RuleStatus } from '../../engine/index.js';
import { conditionsHold } from '../run-expression.js';
import { type CelExceptionInternal, isCelExceptionInternal } from './compile-cel-exception.js';

export interface CelExceptionMatch {
  /** Set when the resource is spared: the whole response. */
  verdict?: { status: RuleStatus; message: string; exceptions: string[] };
  /** Set when matching exceptions grant images / values: the `exceptions` variable. */
  allowed?: { allowedImages: string[]; allowedValues: string[] };
}

const byList = new WeakMap<readonly CompiledException[], Map<string, CompiledException[]>>();

/** The CEL exceptions whose policyRefs name this policy (name and kind), memoised per exception list. */
export function celExceptionsFor(
  exceptions: readonly CompiledException[] | undefined,
  policyName: string,
  policyKind: string,
): CompiledException[] {
  if (!exceptions?.length) return [];
  let perPolicy = byList.get(exceptions);
  if (!perPolicy) {
    perPolicy = new Map();
    byList.set(exceptions, perPolicy);
  }
  const key = `${policyKind}/${policyName}`;
  let hit = perPolicy.get(key);
  if (!hit) {
    hit = exceptions.filter((ex) => {
      const internal = ex.internal;
      return (
        isCelExceptionInternal(internal) &&
        internal.policyRefs.some((r) => r.name === policyName && r.kind === policyKind)
      );
    });
    perPolicy.set(key, hit);
  }
  return hit;
}

/** `namespace/name`, or `name` (client-go MetaNamespaceKeyFunc). */
export function exceptionKey(ex: CompiledException): string {
  return ex.namespace ? `${ex.namespace}/${ex.name}` : ex.name;
}

/** True / false, or the combined error of the conditions that could not be evaluated to a bool. */
export function celExceptionConditionsHold(
  internal: CelExceptionInternal,
  activation: Record<string, unknown>,
  timeoutMs: number,
): boolean | { error: string } {
  return conditionsHold(internal.matchConditions, activation, {
    timeoutMs,
    notBool: (mc) => `matchConditions ${mc.name}: expression must evaluate to bool`,
  });
}

export function matchCelExceptions(
  exceptions: readonly CompiledException[],
  activation: Record<string, unknown>,
  options: { timeoutMs: number; failurePolicyIgnore: boolean },
): CelExceptionMatch | { error: string } {
  const matched: CompiledException[] = [];
  const allowedImages: string[] = [];
  const allowedValues: string[] = [];
  for (const ex of exceptions) {
    const internal = ex.internal as CelExceptionInternal;
    const holds = celExceptionConditionsHold(internal, activation, options.timeoutMs);
    if (typeof holds === 'object') {
      if (options.failurePolicyIgnore) continue;
      return holds;
    }
    if (!holds) continue;
    matched.push(ex);
    allowedImages.push(...internal.images);
    allowedValues.push(...internal.allowedValues);
  }
  if (matched.length === 0) return {};
  if (allowedImages.length > 0 || allowedValues.length > 0)
    return { allowed: { allowedImages, allowedValues } };
  // engine.go: the result of the highest-priority exception decides; without priorities, the first one
  const first = matched[0]!.internal as CelExceptionInternal;
  const keys = matched.map(exceptionKey).join(', ');
  const names = matched.map((ex) => ex.name);
  return first.reportResult === 'pass'
    ? {
        verdict: {
          status: 'pass',
          message: `rule is passed due to policy exception: ${keys}`,
          exceptions: names,
        },
      }
    : {
        verdict: {
          status: 'skip',
          message: `rule is skipped due to policy exception: ${keys}`,
          exceptions: names,
        },
      };
}
