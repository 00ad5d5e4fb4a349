import { JmesPathError } from '../jmespath/ast.js';
import { goJSONStringify } from '../jmespath/functions/standard.js';
import type { Budget } from '../jmespath/interpreter.js';
import { isObject, setOwn } from '../jmespath/json.js';
import type { JsonContext } from './context.js';

const VARIABLE_RE = /(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})/g;
const ESCAPED_VARIABLE_RE = /\\\{\{(?:\{[^{}]*\}|[^{}])*\}\}/g;

export class SubstitutionError extends Error {
  constructor(
    message: string,
    readonly notFound = false,
  ) {
    super(message);
    this.name = 'SubstitutionError';
  }
}

export interface SubstituteOptions {
  budget: Budget;
  /** DELETE requests: `request.object` is rewritten to `request.oldObject`. */
  isDelete?: boolean;
  /** Prefix for `{{@}}` (JSON path of the current pattern location). */
  atPrefix?: string;
}

export function hasVariables(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{');
  if (Array.isArray(v)) return v.some(hasVariables);
  if (isObject(v)) return Object.entries(v).some(([k, x]) => k.includes('{{') || hasVariables(x));
  return false;
}

function resolve(ctx: JsonContext, variable: string, opts: SubstituteOptions, path: string): unknown {
  let expr = variable;
  if (expr.startsWith('-')) expr = expr.slice(1).trim();
  if (expr === '@') {
    const segs = path.split('/').filter(Boolean);
    const jp = [
      opts.atPrefix ?? 'request.object',
      ...segs.map((s) => (/^\d+$/.test(s) ? `[${s}]` : s.replace(/^[+<=X^]?\((.*)\)$/, '$1'))),
    ]
      .join('.')
      .replace(/\.\[/g, '[');
    expr = jp;
  }
  if (opts.isDelete) expr = expr.split('request.object').join('request.oldObject');
  try {
    return ctx.query(expr, opts.budget);
  } catch (e) {
    if (e instanceof JmesPathError) {
      if (e.kind === 'budget') throw e;
      // kyverno v1.19.1 pkg/engine/variables/vars.go (substituteVariablesIfAny) returns a NotFoundError
      // bare, but pkg/engine/context/evaluate.go (Query) has already wrapped it ("JMESPath query
      // failed: %w"), so the type switch never sees one: every lookup error reads "failed to resolve
      // <variable> at path <path>: …", the path being empty at the document's root
      throw new SubstitutionError(
        `failed to resolve ${expr} at path ${path}: ${e.message}`,
        e.kind === 'notFound',
      );
    }
    throw e;
  }
}

/** Substitutes `{{ }}` in one string (Kyverno `substituteVariablesIfAny`). */
export function substituteString(
  value: string,
  ctx: JsonContext,
  opts: SubstituteOptions,
  path = '',
): unknown {
  if (!value.includes('{{')) return value;
  let current = value;
  let vars = variablesOf(current);
  let guard = 0;
  while (vars.length > 0) {
    if (++guard > 100) throw new SubstitutionError(`too many nested variables in ${JSON.stringify(value)}`);
    const original = current;
    for (const { prefix, v, variable } of vars) {
      const resolved = resolve(ctx, variable, opts, path);
      if (original === v) return resolved;
      const text = typeof resolved === 'string' ? resolved : goJSONStringify(resolved);
      // a resolved value may itself hold `{{ }}` and is substituted again (up to 100 rounds): the
      // text can double each round, so what is built is charged to the rule's size allowance
      opts.budget.grow(current.length + text.length);
      current = current.replace(prefix + v, () => prefix + text);
    }
    vars = current.includes('{{') ? parseVariables(current) : [];
  }
  return current.includes('\\{{') ? current.replace(ESCAPED_VARIABLE_RE, (s) => s.slice(1)) : current;
}

interface VariableRef {
  prefix: string;
  /** `{{ … }}` as written */
  v: string;
  /** the expression inside */
  variable: string;
}

const parsedVariables = new Map<string, VariableRef[]>();

/** The `{{ }}` references of a string, parsed once per distinct string. */
function variablesOf(text: string): VariableRef[] {
  let refs = parsedVariables.get(text);
  if (refs) return refs;
  refs = parseVariables(text);
  if (parsedVariables.size > 10_000) parsedVariables.clear();
  parsedVariables.set(text, refs);
  return refs;
}

function parseVariables(text: string): VariableRef[] {
  return [...text.matchAll(VARIABLE_RE)].map((m) => {
    const v = m[2] as string;
    return { prefix: m[1] ?? '', v, variable: v.replace(/\{\{/g, '').replace(/\}\}/g, '').trim() };
  });
}

/** Substitutes variables in every string leaf and map key of a JSON document (always a fresh copy). */
export function substituteAll(doc: unknown, ctx: JsonContext, opts: SubstituteOptions, path = ''): unknown {
  if (typeof doc === 'string') return substituteString(doc, ctx, opts, path);
  if (Array.isArray(doc)) return doc.map((el, i) => substituteAll(el, ctx, opts, `${path}/${i}`));
  if (isObject(doc)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) {
      const key = k.includes('{{') ? substituteString(k, ctx, opts, path) : k;
      const keyStr = typeof key === 'string' ? key : goJSONStringify(key);
      setOwn(out, keyStr, substituteAll(v, ctx, opts, `${path}/${k}`));
    }
    return out;
  }
  return doc;
}

/**
 * substituteAll for read-only documents (validate patterns), copy on change: a subtree without
 * variables is returned as it is (the same object), so what is derived from a pattern object once
 * (pattern/match-pattern.ts plans) keeps serving the parts no variable touched. The result may share
 * objects with `doc`: never mutate it.
 */
export function substituteShared(
  doc: unknown,
  ctx: JsonContext,
  opts: SubstituteOptions,
  path = '',
): unknown {
  if (typeof doc === 'string') return substituteString(doc, ctx, opts, path);
  if (Array.isArray(doc)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < doc.length; i++) {
      const el = doc[i];
      const v = substituteShared(el, ctx, opts, `${path}/${i}`);
      if (out === undefined && v !== el) out = doc.slice(0, i);
      if (out !== undefined) out.push(v);
    }
    return out ?? doc;
  }
  if (isObject(doc)) {
    const keys = Object.keys(doc);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const v = doc[k];
      const key = k.includes('{{') ? substituteString(k, ctx, opts, path) : k;
      const keyStr = typeof key === 'string' ? key : goJSONStringify(key);
      const value = substituteShared(v, ctx, opts, `${path}/${k}`);
      if (out === undefined && (keyStr !== k || value !== v)) {
        out = {};
        for (let j = 0; j < i; j++) setOwn(out, keys[j] as string, doc[keys[j] as string]);
      }
      if (out !== undefined) setOwn(out, keyStr, value);
    }
    return out ?? doc;
  }
  return doc;
}
