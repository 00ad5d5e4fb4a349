/**
 * `mutate.foreach` as Kyverno runs it (pkg/engine/handlers/mutation/common.go, `forEachMutator`):
 * each entry's `list` is evaluated on the context (whose `request.object` is the resource as the
 * previous entry left it); per element (nulls skipped, `order: Descending` walks from the last one)
 * the context gets `element`, `element<N>`, `elementIndex`, `elementIndex<N>`, the entry's `context`
 * is loaded and its `preconditions` checked (false ⇒ element skipped), then the entry's patch (or its
 * nested `foreach`) is applied to the resource as the previous elements left it. The rule passes when
 * at least one entry's list was processed; failures and errors end it.
 */
import { isBudgetError } from '../evaluation/errors.js';
import { isObject } from '../jmespath/json.js';
import type { Scope } from '../rule-scope/scope.js';
import { checkPreconditions } from '../validate-rule/validate-block.js';
import type { JsonContext } from '../variables/context.js';
import { loadContextEntries } from '../variables/context-entries.js';
import { substituteString } from '../variables/substitute.js';
import { applyPatchBlock, mutatedMessage, type PatchOutcome } from './apply-mutation.js';

type Obj = Record<string, unknown>;

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

function evaluateList(s: Scope, list: string): unknown[] {
  let expr = list;
  if (expr.includes('{{')) {
    const r = substituteString(expr, s.ctx, { budget: s.budget, isDelete: s.isDelete });
    expr = typeof r === 'string' ? r : JSON.stringify(r);
  }
  const v = s.ctx.query(expr, s.budget);
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The context with `request.object` replaced by the resource as patched so far. */
function withObject(ctx: JsonContext, resource: Obj): JsonContext {
  const request = isObject(ctx.root.request) ? ctx.root.request : {};
  return ctx.with('request', { ...request, object: resource });
}

export function mutateForeach(s: Scope, entries: unknown[], resource: Obj): PatchOutcome {
  let applied = 0;
  let current = resource;
  let ctx = s.ctx;
  for (const raw of entries) {
    if (!isObject(raw)) continue;
    let elements: unknown[];
    try {
      elements = evaluateList({ ...s, ctx }, typeof raw.list === 'string' ? raw.list : '');
    } catch (e) {
      if (isBudgetError(e)) throw e;
      return { status: 'error', message: `failed to evaluate list ${String(raw.list)}: ${msg(e)}`, resource };
    }
    const r = mutateElements({ ...s, ctx }, raw, elements, current);
    if (r.status === 'error' || r.status === 'fail') return { ...r, resource };
    if (r.status === 'skip') continue;
    applied++;
    if (r.resource !== current) {
      current = r.resource;
      ctx = withObject(ctx, current);
    }
  }
  if (applied === 0) return { status: 'skip', message: '0 elements processed', resource };
  return { status: 'pass', message: mutatedMessage(current), resource: current };
}

function mutateElements(s: Scope, entry: Obj, elements: unknown[], resource: Obj): PatchOutcome {
  const reverse = entry.order === 'Descending';
  const order = elements.map((_, i) => (reverse ? elements.length - 1 - i : i));
  let current = resource;
  for (const index of order) {
    const element = elements[index];
    if (element === null || element === undefined) continue;
    let ctx = s.ctx.withAll({
      element,
      [`element${s.nesting}`]: element,
      elementIndex: index,
      [`elementIndex${s.nesting}`]: index,
    });
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
      return {
        status: 'error',
        message: `failed to load to mutate.foreach[${index}].context: ${msg(e)}`,
        resource,
      };
    }
    const scope: Scope = { ...s, ctx, target: element };
    const pre = checkPreconditions(scope, entry.preconditions);
    if (pre?.status === 'error')
      return {
        status: 'error',
        message: `failed to evaluate mutate.foreach[${index}].preconditions: ${pre.message}`,
        resource,
      };
    if (pre) continue;
    const r = Array.isArray(entry.foreach)
      ? mutateForeach({ ...scope, nesting: s.nesting + 1 }, entry.foreach, current)
      : applyPatchBlock(entry, current, ctx, { budget: s.budget, isDelete: s.isDelete });
    if (r.status === 'error' || r.status === 'fail') return r;
    current = r.resource;
  }
  // an entry whose elements changed nothing is a skip ("no patches applied")
  return current === resource
    ? { status: 'skip', message: 'no patches applied', resource }
    : { status: 'pass', message: '', resource: current };
}
