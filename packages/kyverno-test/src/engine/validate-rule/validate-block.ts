import { evaluateConditions, evaluateDeny } from '../conditions/evaluate-conditions.js';
import { errorMessage, isBudgetError } from '../evaluation/errors.js';
import { type Outcome, outcome, toPointer } from '../evaluation/outcome.js';
import { isObject } from '../jmespath/json.js';
import { validateManifests } from '../manifests/validate-manifests.js';
import { matchPattern } from '../pattern/match-pattern.js';
import { validatePodSecurity } from '../pod-security/validate-pod-security.js';
import type { ValidateSpec } from '../rule.js';
import { anyPatternFailMessage, denyMessage, patternFailMessage } from '../rule-scope/messages.js';
import { type Scope, substOpts } from '../rule-scope/scope.js';
import { substituteShared } from '../variables/substitute.js';
import { validateForeach } from './validate-foreach.js';

const passOutcomes = new Map<string, Outcome>();

/**
 * `validation rule '<name>' passed.`: one (frozen) outcome per rule name, not a new message per resource
 * (the report holds the message of every passing row, and compares and writes them).
 */
export function passOutcome(name: string): Outcome {
  let o = passOutcomes.get(name);
  if (o === undefined) {
    o = Object.freeze(outcome('pass', `validation rule '${name}' passed.`));
    if (passOutcomes.size > 10_000) passOutcomes.clear();
    passOutcomes.set(name, o);
  }
  return o;
}

/**
 * The validator after context and preconditions: deny, pattern/anyPattern or foreach.
 * Returns undefined when Kyverno produces no rule response.
 */
export function validateBlock(s: Scope, v: ValidateSpec): Outcome | undefined {
  const name = s.rule.name;
  // kyverno v1.19.1 pkg/engine/handlers/validation/validate_manifest.go: no handler for DELETE
  if (v.manifests !== undefined)
    return s.isDelete ? undefined : validateManifests(v.manifests, isObject(s.target) ? s.target : {});
  if (v.podSecurity !== undefined)
    return validatePodSecurity({
      ruleName: name,
      spec: v.podSecurity,
      resource: s.target,
      isDelete: s.isDelete,
    });
  if (v.deny !== undefined) {
    let r: ReturnType<typeof evaluateDeny>;
    try {
      r = evaluateDeny(v.deny.conditions === undefined ? {} : v.deny.conditions, s.ctx, substOpts(s));
    } catch (e) {
      if (isBudgetError(e)) throw e; // one budget message, from evaluateRule
      return outcome('error', `failed to check deny conditions: ${errorMessage(e)}`);
    }
    return r.passed ? outcome('fail', denyMessage(s, r.messages)) : passOutcome(name);
  }
  if (v.pattern !== undefined || v.anyPattern !== undefined) {
    if (s.isDelete && s.nesting === 0) return undefined;
    let pattern: unknown;
    let anyPattern: unknown[] | undefined;
    try {
      const subst = v.patternHasVariables !== false;
      if (v.pattern !== undefined)
        pattern = subst ? substituteShared(v.pattern, s.ctx, substOpts(s)) : v.pattern;
      if (v.anyPattern !== undefined)
        anyPattern = (
          subst ? substituteShared(v.anyPattern, s.ctx, substOpts(s)) : v.anyPattern
        ) as unknown[];
    } catch (e) {
      if (isBudgetError(e)) throw e; // one budget message, from evaluateRule
      return outcome('error', `variable substitution failed: ${errorMessage(e)}`);
    }
    if (v.pattern !== undefined) {
      const r = matchPattern(s.target, pattern);
      switch (r.status) {
        case 'pass':
          return passOutcome(name);
        case 'skip':
          return outcome('skip', r.message);
        case 'error':
          return outcome('error', `validation error: rule ${name} execution error: ${r.message}`);
        case 'fail':
          return outcome(
            'fail',
            patternFailMessage(s, r.path),
            s.nesting === 0 ? toPointer(r.path) : undefined,
          );
      }
    }
    const failed: string[] = [];
    let firstPath: string | undefined;
    let skipped = 0;
    for (const [idx, p] of (anyPattern ?? []).entries()) {
      const r = matchPattern(s.target, p);
      if (r.status === 'pass') return outcome('pass', `validation rule '${name}' anyPattern[${idx}] passed.`);
      if (r.status === 'skip') skipped++;
      else if (r.status === 'error') failed.push(`rule ${name}[${idx}] failed: ${r.message}`);
      else {
        failed.push(`rule ${name}[${idx}] failed at path ${r.path}`);
        firstPath ??= toPointer(r.path);
      }
    }
    if (failed.length === 0 && skipped > 0) return outcome('skip', `all anyPatterns skipped`);
    if (failed.length > 0)
      return outcome('fail', anyPatternFailMessage(s, failed), s.nesting === 0 ? firstPath : undefined);
    return outcome('error', `invalid anyPattern in rule ${name}`);
  }
  if (v.foreach !== undefined) return validateForeach(s, v.foreach);
  return undefined;
}

/** Preconditions as Kyverno checks them: false ⇒ skip, error ⇒ error. */
export function checkPreconditions(s: Scope, preconditions: unknown): Outcome | undefined {
  if (preconditions === undefined || preconditions === null) return undefined;
  try {
    const r = evaluateConditions(preconditions, s.ctx, substOpts(s));
    if (!r.passed) return outcome('skip', ['preconditions not met', ...r.messages].join('; '));
    return undefined;
  } catch (e) {
    if (isBudgetError(e)) throw e;
    return outcome('error', `failed to evaluate preconditions: ${errorMessage(e)}`);
  }
}

export { isObject };
