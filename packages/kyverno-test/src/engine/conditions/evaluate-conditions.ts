import { isObject } from '../jmespath/json.js';
import type { JsonContext } from '../variables/context.js';
import { type SubstituteOptions, SubstitutionError, substituteAll } from '../variables/substitute.js';
import { evaluateOperator } from './operators.js';

export class ConditionError extends Error {}

export interface ConditionsOutcome {
  passed: boolean;
  /** Messages of the conditions that failed (preconditions) or held (deny). */
  messages: string[];
}

interface Condition {
  key?: unknown;
  operator?: unknown;
  value?: unknown;
  message?: unknown;
}

/**
 * kyverno v1.19.1 pkg/engine/variables/evaluate.go (Evaluate): the key and the value are each a
 * document of their own (paths start at the root, ""), substituted with SubstituteAllInPreconditions,
 * whose resolver hands lookup errors back (pkg/engine/variables/vars.go newPreconditionsVariableResolver
 * returns `value, err`, whatever its comment says): a missing key is an error, never null.
 */
function substituteSide(
  side: 'key' | 'value',
  doc: unknown,
  ctx: JsonContext,
  opts: SubstituteOptions,
): unknown {
  try {
    return substituteAll(doc, ctx, opts);
  } catch (e) {
    if (!(e instanceof SubstitutionError)) throw e;
    throw new SubstitutionError(
      `failed to substitute variables in condition ${side}: ${e.message}`,
      e.notFound,
    );
  }
}

function evalOne(c: Condition, ctx: JsonContext, opts: SubstituteOptions): boolean {
  const key = substituteSide('key', c.key ?? null, ctx, opts);
  const value = substituteSide('value', c.value ?? null, ctx, opts);
  const op = typeof c.operator === 'string' ? c.operator : '';
  const r = evaluateOperator(op, key, value);
  if (r === undefined) throw new ConditionError(`unknown condition operator ${JSON.stringify(c.operator)}`);
  return r;
}

function message(c: Condition, ctx: JsonContext, opts: SubstituteOptions): string {
  if (typeof c.message !== 'string' || c.message === '') return '';
  try {
    const m = substituteAll(c.message, ctx, opts);
    return typeof m === 'string' ? m : JSON.stringify(m);
  } catch {
    return c.message;
  }
}

/**
 * Evaluates a conditions block: `{any, all}` or the legacy list (= all). Absent ⇒ true.
 * `any: []` ⇒ false. Substitution errors propagate (caller turns them into `error`).
 */
export function evaluateConditions(
  block: unknown,
  ctx: JsonContext,
  opts: SubstituteOptions,
): ConditionsOutcome {
  if (block === undefined || block === null) return { passed: true, messages: [] };
  if (Array.isArray(block)) {
    for (const c of block as Condition[]) {
      if (!evalOne(c ?? {}, ctx, opts))
        return { passed: false, messages: [message(c ?? {}, ctx, opts)].filter(Boolean) };
    }
    return { passed: true, messages: [] };
  }
  if (!isObject(block)) return { passed: true, messages: [] };
  const msgs: string[] = [];
  if (Array.isArray(block.any)) {
    let anyTrue = false;
    for (const c of block.any as Condition[]) {
      if (evalOne(c ?? {}, ctx, opts)) {
        anyTrue = true;
        break;
      }
      const m = message(c ?? {}, ctx, opts);
      if (m) msgs.push(m);
    }
    if (!anyTrue) return { passed: false, messages: msgs };
  }
  if (Array.isArray(block.all)) {
    for (const c of block.all as Condition[]) {
      if (!evalOne(c ?? {}, ctx, opts))
        return { passed: false, messages: [message(c ?? {}, ctx, opts)].filter(Boolean) };
    }
  }
  return { passed: true, messages: [] };
}

/** Deny semantics: `{}`/no conditions ⇒ deny; else deny when the conditions hold. Returns messages of held conditions. */
export function evaluateDeny(block: unknown, ctx: JsonContext, opts: SubstituteOptions): ConditionsOutcome {
  if (block === undefined || block === null) return { passed: true, messages: [] };
  if (isObject(block) && block.any === undefined && block.all === undefined)
    return { passed: true, messages: [] };
  if (Array.isArray(block) && block.length === 0) return { passed: true, messages: [] };
  const r = evaluateConditions(block, ctx, opts);
  return r;
}
