/**
 * The ONE adapter over the CEL library (@marcbachmann/cel-js, pinned). Nothing outside
 * `src/cel/adapter` imports the library: libraries register functions through `CelEnvBuilder`
 * (signature strings in cel-go declaration style), policies compile through `CelEnvironment`.
 * Swapping the library means re-implementing this folder.
 */
import { Environment } from '@marcbachmann/cel-js';
import { patchAst } from './ast-patches.js';
import { CelBudgetError, type CelBudgetLimits, withBudgetCall } from './budget.js';
import { type ClosureNode, compileClosures } from './compile-closures.js';
import { type ObjectFieldReads, objectFieldReads } from './object-field-reads.js';

// biome-ignore lint/suspicious/noExplicitAny: handlers receive CEL runtime values of any type
export type CelHandler = (...args: any[]) => unknown;

export interface CelLibrary {
  name: string;
  install(builder: CelEnvBuilder): void;
}

/** What a function library may do to an environment under construction. */
export interface CelEnvBuilder {
  /** `name(type, ...): type` or `recvType.name(type, ...): type` (types: int, uint, double, string, bool, bytes, list<T>, map<K, V>, timestamp, duration, dyn, optional<T>, registered types). */
  fn(signature: string, handler: CelHandler): CelEnvBuilder;
  /** Registers a JS class as a CEL type (its instances are values of that type). */
  type(name: string, ctor: abstract new (...args: never[]) => unknown): CelEnvBuilder;
  /** A namespace constant (`math`, `strings`, `lists`, …) so `ns.fn(...)` can be declared as `NsType.fn(...)`. */
  namespace(name: string, typeName: string): CelEnvBuilder;
  /** Declares a variable (default type `dyn`). */
  variable(name: string, type?: string): CelEnvBuilder;
}

export interface CelEnvironmentOptions {
  libraries: readonly CelLibrary[];
  /** Variables declared as dyn unless typed `name: type`. */
  variables: readonly string[];
  /**
   * Evaluate through compiled closures (compile-closures.ts; default true). false: the library's own
   * interpreter, the reference the compiled form is tested against.
   */
  closures?: boolean;
}

export class CelEvaluationError extends Error {
  override name = 'CelEvaluationError';
  /** True when the evaluation was stopped by its cost/time budget. */
  readonly budget: boolean;
  constructor(message: string, budget = false) {
    super(message);
    this.budget = budget;
  }
}

export interface CelProgram {
  readonly source: string;
  /** Evaluated through compiled closures (false: by the library's interpreter). */
  readonly closures: boolean;
  /** The top-level fields of `object`/`oldObject` the expression can read (object-field-reads.ts). */
  readonly objectFieldReads: ObjectFieldReads;
  /** Evaluates with the given activation (values already converted with toCel). Throws CelEvaluationError. */
  evaluate(activation: Record<string, unknown>, limits?: CelBudgetLimits): unknown;
}

export type CelCompileResult = { ok: true; program: CelProgram } | { ok: false; error: string };

/** First line of a library error (the rest is a source excerpt with a caret). */
export function celErrorMessage(e: unknown): string {
  if (e instanceof Error) {
    const summary = (e as { summary?: unknown }).summary;
    if (typeof summary === 'string' && summary) return summary;
    return e.message.split('\n')[0] ?? e.message;
  }
  return String(e);
}

class Builder implements CelEnvBuilder {
  readonly #namespaces = new Set<string>();
  constructor(private readonly env: Environment) {}
  fn(signature: string, handler: CelHandler): CelEnvBuilder {
    // synchronous (the library assumes a function without the option may be async, which kept every
    // expression calling one off the synchronous paths and out of the closure compiler)
    this.env.registerFunction(signature, handler, { async: false });
    return this;
  }
  type(name: string, ctor: abstract new (...args: never[]) => unknown): CelEnvBuilder {
    this.env.registerType(name, ctor as never);
    return this;
  }
  namespace(name: string, typeName: string): CelEnvBuilder {
    if (this.#namespaces.has(name)) return this;
    this.#namespaces.add(name);
    const ns = { [typeName]: class {} }[typeName] as new () => object;
    Object.defineProperty(ns, 'name', { value: typeName });
    this.env.registerType(typeName, ns);
    this.env.registerConstant(name, typeName, new ns());
    return this;
  }
  variable(name: string, type = 'dyn'): CelEnvBuilder {
    this.env.registerVariable(name, type);
    return this;
  }
}

function buildEnvironment(
  options: CelEnvironmentOptions,
  homogeneousAggregateLiterals: boolean,
): Environment {
  const env = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals,
    unlistedVariablesAreDyn: false,
    limits: {
      maxAstNodes: 100_000,
      maxDepth: 250,
      maxListElements: 10_000,
      maxMapEntries: 10_000,
      maxCallArguments: 32,
    },
  });
  const builder = new Builder(env);
  for (const v of options.variables) {
    const [name, type] = v.split(':').map((s) => s.trim());
    builder.variable(name as string, type || 'dyn');
  }
  for (const lib of options.libraries) lib.install(builder);
  return env;
}

/**
 * A heterogeneous aggregate literal where one side is `dyn` (`{"a": dyn(x), "b": "s"}`): cel-go's
 * checker joins the element types when one is assignable to the other (checker.go `joinTypes`,
 * `isAssignable`), and `dyn` is assignable to and from every type, so Kubernetes and Kyverno accept it;
 * the library's homogeneity check wants identical types.
 */
const DYN_AGGREGATE =
  /^(List elements must have the same type|Map (key|value) uses wrong type),.*'[^']*\bdyn\b[^']*'/;

/**
 * Evaluates a checked root through its compiled closures (compile-closures.ts): the library calls the
 * root's `evaluate` with its evaluator and a fresh root context, the closures take it from there.
 */
function useClosures(root: ClosureNode): boolean {
  const compiled = compileClosures(root);
  if (!compiled) return false;
  root.evaluate = (ev, _node, ctx) => compiled(ev as never, ctx as never);
  return true;
}

export class CelEnvironment {
  readonly #env: Environment;
  readonly #options: CelEnvironmentOptions;
  /** The same environment without the homogeneity check, for literals cel-go accepts (built on first need). */
  #dynAggregates?: Environment;
  readonly #cache = new Map<string, CelCompileResult>();

  constructor(options: CelEnvironmentOptions) {
    this.#options = options;
    this.#env = buildEnvironment(options, true);
  }

  /** Parses and type-checks an expression (memoised per source text). */
  compile(source: string): CelCompileResult {
    const hit = this.#cache.get(source);
    if (hit) return hit;
    const result = this.#compile(source);
    this.#cache.set(source, result);
    return result;
  }

  #compile(source: string, env = this.#env): CelCompileResult {
    let parsed: ReturnType<Environment['parse']>;
    let reads: ObjectFieldReads;
    try {
      parsed = env.parse(source);
      reads = objectFieldReads(parsed.ast);
      patchAst(parsed.ast);
    } catch (e) {
      return { ok: false, error: `compilation failed: ${celErrorMessage(e)}` };
    }
    const checked = parsed.check();
    if (!checked.valid) {
      const message = celErrorMessage(checked.error);
      if (env === this.#env && DYN_AGGREGATE.test(message)) {
        this.#dynAggregates ??= buildEnvironment(this.#options, false);
        return this.#compile(source, this.#dynAggregates);
      }
      return { ok: false, error: `compilation failed: ${message}` };
    }
    const fn = parsed;
    const closures = this.#options.closures !== false && useClosures(parsed.ast as unknown as ClosureNode);
    const program: CelProgram = {
      source,
      closures,
      objectFieldReads: reads,
      evaluate(activation, limits = {}) {
        try {
          const out = withBudgetCall(limits, fn, activation);
          if (out instanceof Promise)
            throw new CelEvaluationError('asynchronous CEL functions are not supported');
          return out;
        } catch (e) {
          if (e instanceof CelEvaluationError) throw e;
          if (e instanceof CelBudgetError) throw new CelEvaluationError(e.message, true);
          const cause = (e as { cause?: unknown })?.cause;
          if (cause instanceof CelBudgetError) throw new CelEvaluationError(cause.message, true);
          throw new CelEvaluationError(celErrorMessage(e));
        }
      },
    };
    return { ok: true, program };
  }
}
