import { evaluateConditions } from '../conditions/evaluate-conditions.js';
import { exceptionMatchBlockMatches, type MatchRequest } from '../match/match-resource.js';
import type { CompiledException } from '../types.js';
import { wildcardMatch } from '../values/wildcard.js';
import type { JsonContext } from '../variables/context.js';
import type { SubstituteOptions } from '../variables/substitute.js';
import type { ExceptionInternal } from './compile-exception.js';

/** Candidate exceptions for (policy key, rule name): exact policyName, wildcard rule names. */
const NO_EXCEPTIONS: CompiledException[] = [];

export function candidateExceptions(
  exceptions: CompiledException[] | undefined,
  policyKey: string,
  ruleName: string,
): CompiledException[] {
  // most evaluations have no exceptions at all: no list built per rule and resource
  if (exceptions === undefined || exceptions.length === 0) return NO_EXCEPTIONS;
  return exceptions.filter((ex) => {
    // CEL PolicyExceptions (policies.kyverno.io) share the list but carry no classic entries
    const entries = (ex.internal as Partial<ExceptionInternal>).entries;
    return (
      Array.isArray(entries) &&
      entries.some((e) => e.policyName === policyKey && e.ruleNames.some((r) => wildcardMatch(r, ruleName)))
    );
  });
}

/**
 * Every exception whose match and conditions hold, in load order (kyverno
 * `pkg/engine/utils/exceptions.go: MatchesException`): match on the new object (the old one on
 * DELETE), operations included; a condition that cannot be evaluated ignores that exception only.
 */
export function findMatchingExceptions(
  candidates: CompiledException[],
  req: MatchRequest,
  ctx: JsonContext,
  opts: SubstituteOptions,
): CompiledException[] {
  const out: CompiledException[] = [];
  for (const ex of candidates) {
    const internal = ex.internal as ExceptionInternal;
    if (!exceptionMatchBlockMatches(internal.match, req)) continue;
    if (internal.conditions !== undefined && internal.conditions !== null) {
      try {
        if (!evaluateConditions(internal.conditions, ctx, opts).passed) continue;
      } catch {
        continue;
      }
    }
    out.push(ex);
  }
  return out;
}

/** `namespace/name`, or `name` (client-go MetaNamespaceKeyFunc). */
export function exceptionKey(ex: CompiledException): string {
  return ex.namespace ? `${ex.namespace}/${ex.name}` : ex.name;
}

/**
 * The exception a podSecurity rule sees when several matched (kyverno
 * `pkg/engine/handlers/validation/validate_pss.go`): one without `podSecurity` skips the rule outright;
 * otherwise the control exclusions of all of them apply together.
 */
export function podSecurityException(matched: CompiledException[]): CompiledException {
  const exclusions = (ex: CompiledException) => (ex.internal as ExceptionInternal).podSecurity;
  const whole = matched.find(
    (ex) => !Array.isArray(exclusions(ex)) || (exclusions(ex) as unknown[]).length === 0,
  );
  if (whole || matched.length === 1) return whole ?? matched[0]!;
  const first = matched[0]!;
  const internal: ExceptionInternal = {
    ...(first.internal as ExceptionInternal),
    podSecurity: matched.flatMap((ex) => exclusions(ex) as unknown[]),
  };
  return { ...first, name: matched.map(exceptionKey).join(', '), namespace: undefined, internal };
}
