/**
 * `validate.cel` in classic ClusterPolicy/Policy rules, without touching the classic engine:
 * the policy is compiled by the engine as a *shadow* in which each CEL rule's `validate.cel` is
 * replaced by a deny block that never denies. The engine then decides everything it already knows —
 * match/exclude, autogen rule names (`autogen-…`, `autogen-cronjob-…`), JMESPath preconditions,
 * context entries, PolicyExceptions, failure actions — and answers `pass` exactly where the CEL
 * validation must run; `evaluate-classic-cel.ts` then replaces those responses with the CEL verdict.
 */
import {
  type Finding,
  finding,
  isPlainRecord as isObj,
  type K8sObject,
  type Locator,
} from '@neuroscale/core';
import type { CelProgram } from '../adapter/index.js';
import { classicCelEnvironment } from '../environments.js';

export interface ClassicCelExpression {
  field: string;
  source: string;
  program?: CelProgram;
  error?: string;
}

export interface ClassicCelValidation {
  index: number;
  expression: ClassicCelExpression;
  message?: string;
  messageExpression?: ClassicCelExpression;
}

export interface ClassicCelVariant {
  preconditions: Array<{ name: string; expression: ClassicCelExpression }>;
  variables: Array<{ name: string; expression: ClassicCelExpression }>;
  validations: ClassicCelValidation[];
  /** `paramKind`/`paramRef` given: params come from the cluster (not evaluated offline). */
  needsParams: boolean;
}

export interface ClassicCelRule {
  name: string;
  /** Variants by response-name prefix: '' (as written), 'autogen-', 'autogen-cronjob-'. */
  variants: Record<string, ClassicCelVariant>;
}

export interface ClassicCelPolicy {
  /** CEL rules by their source name. */
  rules: Map<string, ClassicCelRule>;
}

export interface PrepareClassicCelResult {
  /** The policy with every validate.cel replaced by a never-denying placeholder (what the engine compiles). */
  shadow: K8sObject;
  cel?: ClassicCelPolicy;
  findings: Finding[];
}

/** A deny block whose condition is always false: the engine answers `pass` when the rule applies. */
const PLACEHOLDER = {
  deny: { conditions: { all: [{ key: 'kyverno-cel', operator: 'Equals', value: 'never' }] } },
};

const rewriter = (prefix: string) => (expression: string) =>
  expression.replace(
    /(?<![A-Za-z0-9_])(object|oldObject)\.(spec|metadata)(?![A-Za-z0-9_])/g,
    (_m, root: string, field: string) => `${root}.${prefix}.${field}`,
  );

export interface PrepareClassicCelOptions {
  file?: string;
  line?: number;
  locate?: Locator;
}

export function hasClassicCel(obj: unknown): boolean {
  const spec = isObj(obj) && isObj(obj.spec) ? obj.spec : {};
  return (
    Array.isArray(spec.rules) &&
    spec.rules.some((r) => isObj(r) && isObj(r.validate) && r.validate.cel !== undefined)
  );
}

// long: one map over the policy's rules compiling each CEL field in place; splitting would thread the shadow policy through
export function prepareClassicCel(
  obj: K8sObject,
  opts: PrepareClassicCelOptions = {},
): PrepareClassicCelResult {
  if (!hasClassicCel(obj)) return { shadow: obj, findings: [] };
  const findings: Finding[] = [];
  const env = classicCelEnvironment();
  const name = String(obj.metadata?.name ?? '');
  const kind = String(obj.kind ?? '');
  const spec = obj.spec as Record<string, unknown>;
  const rawRules = (spec.rules as unknown[]).map((r) => r);
  const rules = new Map<string, ClassicCelRule>();
  const shadowRules = rawRules.map((raw, ri) => {
    if (!isObj(raw) || !isObj(raw.validate) || raw.validate.cel === undefined) return raw;
    const ruleName = String(raw.name ?? '');
    const cel = isObj(raw.validate.cel) ? raw.validate.cel : {};
    const ruleMessage = raw.validate.message;
    const pointer = `/spec/rules/${ri}`;
    const compileOne = (
      field: string,
      ptr: string,
      source: unknown,
      rewrite?: (s: string) => string,
    ): ClassicCelExpression => {
      const text = typeof source === 'string' ? source : '';
      const src = rewrite ? rewrite(text) : text;
      const r = text.trim()
        ? env.compile(src)
        : ({ ok: false, error: `${field} must be a non-empty CEL expression` } as const);
      if (r.ok) return { field, source: src, program: r.program };
      if (!rewrite) {
        const p = opts.locate?.(ptr);
        findings.push(
          finding({
            ruleId: 'kyverno/invalid-cel',
            message: `${kind} ${name}: rule ${ruleName}: ${field}: ${r.error}`,
            object: { kind, name },
            location: opts.file
              ? { file: opts.file, line: p?.line ?? opts.line, column: p?.column }
              : undefined,
          }),
        );
      }
      return { field, source: src, error: r.error };
    };
    const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObj) : []);
    const variant = (rewrite?: (s: string) => string): ClassicCelVariant => ({
      preconditions: list(raw.celPreconditions).map((c, i) => ({
        name: String(c.name ?? ''),
        expression: compileOne(
          `celPreconditions[${i}].expression`,
          `${pointer}/celPreconditions/${i}/expression`,
          c.expression,
          rewrite,
        ),
      })),
      variables: list(cel.variables).map((v, i) => ({
        name: String(v.name ?? ''),
        expression: compileOne(
          `validate.cel.variables[${i}].expression`,
          `${pointer}/validate/cel/variables/${i}/expression`,
          v.expression,
          rewrite,
        ),
      })),
      validations: list(cel.expressions).map((e, i) => {
        const out: ClassicCelValidation = {
          index: i,
          expression: compileOne(
            `validate.cel.expressions[${i}].expression`,
            `${pointer}/validate/cel/expressions/${i}/expression`,
            e.expression,
            rewrite,
          ),
        };
        // an expression without its own message takes the rule's validate.message
        // (kyverno v1.19.1 pkg/engine/handlers/validation/validate_cel.go)
        if (typeof e.message === 'string' && e.message !== '') out.message = e.message;
        else if (typeof ruleMessage === 'string' && ruleMessage !== '') out.message = ruleMessage;
        if (typeof e.messageExpression === 'string' && e.messageExpression.trim()) {
          out.messageExpression = compileOne(
            `validate.cel.expressions[${i}].messageExpression`,
            `${pointer}/validate/cel/expressions/${i}/messageExpression`,
            e.messageExpression,
            rewrite,
          );
        }
        return out;
      }),
      needsParams: cel.paramKind !== undefined || cel.paramRef !== undefined,
    });
    rules.set(ruleName, {
      name: ruleName,
      variants: {
        '': variant(),
        'autogen-': variant(rewriter('spec.template')),
        'autogen-cronjob-': variant(rewriter('spec.jobTemplate.spec.template')),
      },
    });
    const { cel: _cel, message: _message, ...keep } = raw.validate;
    return { ...raw, validate: { ...keep, ...PLACEHOLDER } };
  });
  const shadow = { ...obj, spec: { ...spec, rules: shadowRules } } as K8sObject;
  return { shadow, cel: { rules }, findings };
}
