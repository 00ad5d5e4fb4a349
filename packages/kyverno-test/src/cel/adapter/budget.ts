/**
 * Evaluation budget of one CEL evaluation: a cost limit (comprehension iterations, charged when a
 * comprehension starts, like cel-go's runtime cost of a range) and a wall-clock deadline. CEL
 * evaluation is synchronous, so the active budget is a module-level slot set by the adapter.
 */
export class CelBudgetError extends Error {
  override name = 'CelBudgetError';
}

export interface CelBudgetLimits {
  /** Maximum comprehension iterations per evaluation (default 10,000,000). */
  maxIterations?: number;
  /** Wall-clock limit of one evaluation in ms (default 2000). */
  timeoutMs?: number;
  /**
   * List elements and string characters `+`, `join`, `replace`, … may build per evaluation
   * (default 4 Mi; k8s.io/apiserver caps one CEL call at a cost of 1,000,000; docs/limits.md).
   */
  maxSize?: number;
}

interface ActiveBudget {
  /** Once exhausted, the same error is thrown again (cheaply) by every later charge. */
  exhausted?: CelBudgetError;
  remaining: number;
  sizeLeft: number;
  maxSize: number;
  deadline: number;
  limit: number;
  timeoutMs: number;
  /** Units charged since the clock was last read (see chargeBudget). */
  unclocked: number;
}

/** Units charged between two reads of the clock: a large comprehension reads it at once, small ones in batches. */
const CLOCK_EVERY = 32;

let active: ActiveBudget | undefined;

export const DEFAULT_CEL_MAX_SIZE = 4 * 1024 * 1024;

/** Runs `fn` under a budget (nested calls share the outer budget). */
export function withBudget<T>(limits: CelBudgetLimits, fn: () => T): T {
  if (active) {
    // inside a rule budget (withRuleBudget): same rule as below, per expression
    const out = fn();
    if (active.exhausted) throw active.exhausted;
    return out;
  }
  const limit = limits.maxIterations ?? 10_000_000;
  const timeoutMs = limits.timeoutMs ?? 2000;
  const maxSize = limits.maxSize ?? DEFAULT_CEL_MAX_SIZE;
  active = {
    remaining: limit,
    sizeLeft: maxSize,
    maxSize,
    deadline: Date.now() + timeoutMs,
    limit,
    timeoutMs,
    unclocked: 0,
  };
  try {
    const out = fn();
    // a budget error absorbed by `||`/`&&`/exists()/all() still ends the evaluation
    if (active.exhausted) throw active.exhausted;
    return out;
  } finally {
    active = undefined;
  }
}

/** withBudget(limits, () => fn(arg)) without a closure per call (the per-expression hot path). */
export function withBudgetCall<A, T>(limits: CelBudgetLimits, fn: (arg: A) => T, arg: A): T {
  if (active) {
    const out = fn(arg);
    if (active.exhausted) throw active.exhausted;
    return out;
  }
  return withBudget(limits, () => fn(arg));
}

/** Charge `cost` units (comprehension elements, generated list sizes) to the active budget. */
export function chargeBudget(cost: number): void {
  const b = active;
  if (!b) return;
  if (b.exhausted) throw b.exhausted;
  b.remaining -= cost + 1;
  if (b.remaining < 0) {
    b.exhausted = new CelBudgetError(
      `CEL cost budget exceeded (more than ${b.limit} comprehension iterations)`,
    );
    throw b.exhausted;
  }
  b.unclocked += cost + 1;
  if (b.unclocked < CLOCK_EVERY) return;
  b.unclocked = 0;
  if (Date.now() > b.deadline) {
    b.exhausted = new CelBudgetError(`CEL evaluation exceeded its time budget (${b.timeoutMs} ms)`);
    throw b.exhausted;
  }
}

/**
 * Charge `n` list elements or string characters built by `+`, `join`, `replace`, … (cel-go charges
 * these by operand size). Past the allowance the evaluation ends with a budget error.
 */
export function chargeSize(n: number): void {
  const b = active;
  if (!b) return;
  if (b.exhausted) throw b.exhausted;
  b.sizeLeft -= n;
  if (b.sizeLeft < 0) {
    b.exhausted = new CelBudgetError(
      `CEL cost budget exceeded (more than ${b.maxSize} list elements and string characters built)`,
    );
    throw b.exhausted;
  }
}

/**
 * Runs the evaluations of one rule (variables, conditions, validations, messages) under ONE budget,
 * so the time and cost limits are per rule like the engine's, not per expression: a rule with a
 * hundred expensive expressions still stops at its deadline. A budget stop becomes `onBudget(e)`.
 */
export function withRuleBudget<T>(
  limits: CelBudgetLimits,
  fn: () => T,
  onBudget: (e: CelBudgetError) => T,
): T {
  if (active) return fn();
  const limit = limits.maxIterations ?? 10_000_000;
  const timeoutMs = limits.timeoutMs ?? 2000;
  const maxSize = limits.maxSize ?? DEFAULT_CEL_MAX_SIZE;
  active = {
    remaining: limit,
    sizeLeft: maxSize,
    maxSize,
    deadline: Date.now() + timeoutMs,
    limit,
    timeoutMs,
    unclocked: 0,
  };
  try {
    // the rule's own handlers see each expression's budget error (and word the result); only a
    // stop outside any expression reaches onBudget
    return fn();
  } catch (e) {
    if (e instanceof CelBudgetError) return onBudget(e);
    throw e;
  } finally {
    active = undefined;
  }
}
