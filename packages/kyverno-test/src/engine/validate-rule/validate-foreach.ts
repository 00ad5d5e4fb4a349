import { errorMessage, isBudgetError } from '../evaluation/errors.js';
import { type Outcome, outcome } from '../evaluation/outcome.js';
import { JmesPathError } from '../jmespath/ast.js';
import { isObject } from '../jmespath/json.js';
import type { ValidateSpec } from '../rule.js';
import type { Scope } from '../rule-scope/scope.js';
import type { JsonContext } from '../variables/context.js';
import { loadContextEntries } from '../variables/context-entries.js';
import { hasVariables, substituteString } from '../variables/substitute.js';
import { checkPreconditions, passOutcome, validateBlock } from './validate-block.js';

function evaluateList(s: Scope, list: string): unknown[] {
  let expr = list;
  if (expr.includes('{{')) {
    const r = substituteString(expr, s.ctx, { budget: s.budget, isDelete: s.isDelete });
    expr = typeof r === 'string' ? r : JSON.stringify(r);
  }
  if (s.isDelete) expr = expr.split('request.object').join('request.oldObject');
  const v = s.ctx.query(expr, s.budget);
  return Array.isArray(v) ? v : [v];
}

/** Go's `%T` of a JSON-decoded value (`jsonutils.DocumentToUntyped` decodes numbers as float64). */
function goTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** `element<N>` / `elementIndex<N>`, built once per nesting level (a fresh key string per list made each store slow). */
const elementKeys: Array<readonly [string, string]> = [];
function elementKeysAt(n: number): readonly [string, string] {
  let keys = elementKeys[n];
  if (keys === undefined) {
    keys = [`element${n}`, `elementIndex${n}`];
    elementKeys[n] = keys;
  }
  return keys;
}

const specs = new WeakMap<Record<string, unknown>, ValidateSpec>();

/** The validate spec of a foreach entry, built once per entry (compiled policy JSON, never mutated). */
function toSpec(entry: Record<string, unknown>): ValidateSpec {
  let spec = specs.get(entry);
  if (spec === undefined) {
    const anyPattern = Array.isArray(entry.anyPattern) ? entry.anyPattern : undefined;
    spec = {
      pattern: entry.pattern,
      anyPattern,
      deny: isObject(entry.deny) ? (entry.deny as { conditions?: unknown }) : undefined,
      foreach: Array.isArray(entry.foreach) ? entry.foreach : undefined,
      patternHasVariables: hasVariables(entry.pattern) || hasVariables(anyPattern),
    };
    specs.set(entry, spec);
  }
  return spec;
}

/**
 * `validate.foreach` as kyverno v1.19.1 `pkg/engine/handlers/validation/validate_resource.go`
 * (validateForEach / validateElements) reports it: null elements are passed over; false
 * preconditions, `skip` results and preconditions that fail to evaluate ("failed to evaluate
 * preconditions") pass over the element; the first element whose result is anything else but `pass`
 * (a `fail`, or an `error` of its context or checks) decides at once, "validation failure: …"; no
 * processed element at all ⇒ no rule response (or `error` when a list failed to evaluate for another
 * reason than a missing key).
 */
export function validateForeach(s: Scope, entries: unknown[]): Outcome | undefined {
  let applied = 0;
  let listError: string | undefined;
  for (const [block, raw] of entries.entries()) {
    if (!isObject(raw)) continue;
    const entry = raw;
    let elements: unknown[];
    try {
      elements = evaluateList(s, typeof entry.list === 'string' ? entry.list : '');
    } catch (e) {
      if (isBudgetError(e)) throw e;
      if (!(e instanceof JmesPathError && e.kind === 'notFound') && !errorMessage(e).includes('Unknown key'))
        listError = errorMessage(e);
      continue;
    }
    const spec = toSpec(entry);
    // one context for the whole list: its element entries are overwritten for each element (nothing
    // keeps an element's context once the element is done; derived contexts copy the root)
    const [elementKey, indexKey] = elementKeysAt(s.nesting);
    let scopeRoot: Record<string, unknown> | undefined;
    let elementCtx: JsonContext | undefined;
    for (let index = 0; index < elements.length; index++) {
      const element = elements[index];
      if (element === null || element === undefined) continue;
      if (!scopeRoot || !elementCtx) {
        elementCtx = s.ctx.withAll({
          element,
          [elementKey]: element,
          elementIndex: index,
          [indexKey]: index,
        });
        scopeRoot = elementCtx.root;
      } else {
        scopeRoot.element = element;
        scopeRoot[elementKey] = element;
        scopeRoot.elementIndex = index;
        scopeRoot[indexKey] = index;
      }
      let ctx = elementCtx;
      // the values file's foreachValues of this element, before the element's context entries
      if (s.foreachValuesAt)
        for (const [k, v] of s.foreachValuesAt({ block, index })) ctx = ctx.withVariable(k, v);
      // kyverno v1.19.1 pkg/engine/utils/foreach.go (AddElementToContext): an explicit
      // `elementScope: true` on an element that is not a map ends the rule in an error at once
      if (entry.elementScope === true && !isObject(element))
        return outcome(
          'error',
          `failed to process foreach: cannot use elementScope=true foreach rules for elements that are not maps, expected type=map got type=${goTypeName(element)}`,
        );
      const scoped = entry.elementScope === true || (entry.elementScope !== false && isObject(element));
      try {
        ctx = loadContextEntries(
          Array.isArray(entry.context) ? entry.context : [],
          ctx,
          s.budget,
          s.isDelete,
          s.offline,
          s.rule,
        );
      } catch (e) {
        if (isBudgetError(e)) throw e;
        return outcome('error', `validation failure: failed to load context: ${errorMessage(e)}`);
      }
      const child: Scope = { ...s, ctx, target: scoped ? element : s.target, nesting: s.nesting + 1 };
      const r = checkPreconditions(child, entry.preconditions) ?? validateBlock(child, spec);
      if (!r || r.status === 'skip') continue;
      // validateElements passes over an element whose error message holds "failed to evaluate
      // preconditions" (its preconditions failed to evaluate), whatever its place in the list
      if (r.status === 'error' && r.message.includes('failed to evaluate preconditions')) continue;
      if (r.status !== 'pass') return outcome(r.status, `validation failure: ${r.message}`);
      applied++;
    }
  }
  if (applied === 0) {
    if (listError) return outcome('error', `failed to evaluate foreach list: ${listError}`);
    return undefined;
  }
  return passOutcome(s.rule.name);
}
