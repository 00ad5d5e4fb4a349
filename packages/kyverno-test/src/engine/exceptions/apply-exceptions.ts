import { evaluateConditions } from '../conditions/evaluate-conditions.js';
import { type MatchRequest, matchBlockMatches } from '../match/match-resource.js';
import type { CompiledException } from '../types.js';
import { wildcardMatch } from '../values/wildcard.js';
import type { JsonContext } from '../variables/context.js';
import type { SubstituteOptions } from '../variables/substitute.js';
import type { ExceptionInternal } from './compile-exception.js';

/** Candidate exceptions for (policy key, rule name): exact policyName, wildcard rule names. */
export function candidateExceptions(
  exceptions: CompiledException[] | undefined,
  policyKey: string,
  ruleName: string,
): CompiledException[] {
  return (exceptions ?? []).filter((ex) =>
    (ex.internal as ExceptionInternal).entries.some(
      (e) => e.policyName === policyKey && e.ruleNames.some((r) => wildcardMatch(r, ruleName)),
    ),
  );
}

/** The first exception whose match and conditions hold, if any. Condition errors ignore the exception. */
export function findMatchingException(
  candidates: CompiledException[],
  req: MatchRequest,
  ctx: JsonContext,
  opts: SubstituteOptions,
): CompiledException | undefined {
  for (const ex of candidates) {
    const internal = ex.internal as ExceptionInternal;
    if (!matchBlockMatches(internal.match, req)) continue;
    if (internal.conditions !== undefined && internal.conditions !== null) {
      try {
        if (!evaluateConditions(internal.conditions, ctx, opts).passed) continue;
      } catch {
        continue;
      }
    }
    return ex;
  }
  return undefined;
}
