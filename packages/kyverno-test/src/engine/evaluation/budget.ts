/**
 * The per-rule evaluation budget: a wall-clock deadline and a size allowance, checked DURING
 * evaluation (JMESPath steps, wildcard comparisons, values built by functions), not after it.
 *
 * Kyverno itself has no such budget (an admission webhook has the API server's timeout instead);
 * the size allowance follows the idea of cel-go's cost budget (k8s.io/apiserver/pkg/cel: a
 * per-expression cost limit proportional to the sizes of the values an expression builds), so a
 * policy that doubles a string or a list 30 times ends in a finding instead of an out-of-memory crash.
 */
import { JmesPathError } from './jmespath-error.js';

/** Default wall-clock budget of one rule against one resource (docs/limits.md). */
export const DEFAULT_RULE_TIMEOUT_MS = 2000;
/** Default allowance of list elements and string characters one rule may build (docs/limits.md). */
export const DEFAULT_RULE_SIZE_UNITS = 16 * 1024 * 1024;

/** Work units between two reads of the clock (a tick is one unit). */
const CHECK_EVERY = 512;

export class Budget {
  private left = CHECK_EVERY;
  private built = 0;
  constructor(
    readonly deadline: number,
    readonly maxUnits: number = DEFAULT_RULE_SIZE_UNITS,
  ) {}

  /** One evaluation step (a JMESPath node, a pattern node). */
  tick(): void {
    if (--this.left <= 0) this.checkTime();
  }

  /** `n` units of work (characters compared, elements visited): time only. */
  work(n: number): void {
    this.left -= n;
    if (this.left <= 0) this.checkTime();
  }

  /**
   * `n` elements or characters about to be built (call BEFORE allocating when the size is known):
   * counts against the size allowance and as work.
   */
  grow(n: number): void {
    this.built += n;
    if (this.built > this.maxUnits) {
      throw new JmesPathError(
        `evaluation size budget exceeded (more than ${this.maxUnits} list elements and string characters built)`,
        'budget',
      );
    }
    this.work(n);
  }

  private checkTime(): void {
    this.left = CHECK_EVERY;
    if (Date.now() > this.deadline) throw new JmesPathError('evaluation time budget exceeded', 'budget');
  }
}

/**
 * The budget of the rule being evaluated. Evaluation is synchronous, so one slot is enough; it lets
 * leaf helpers (wildcard matching, deep equality) charge work without threading a parameter through
 * every caller. Outside a rule evaluation there is no budget and nothing is charged.
 */
let active: Budget | undefined;

export function withActiveBudget<T>(budget: Budget, fn: () => T): T {
  const previous = active;
  active = budget;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Makes `budget` the active one and returns the previous one (restore it in a `finally`). */
export function swapActiveBudget(budget: Budget | undefined): Budget | undefined {
  const previous = active;
  active = budget;
  return previous;
}

export function activeBudget(): Budget | undefined {
  return active;
}

/** True for the size-allowance error (as opposed to the deadline). */
export function isSizeBudgetError(e: unknown): boolean {
  return e instanceof JmesPathError && e.kind === 'budget' && e.message.startsWith('evaluation size budget');
}
