/**
 * `mutate.targets` (mutate existing) as Kyverno runs it (pkg/engine/handlers/mutation/mutate_existing.go
 * and load_targets.go): the rule matched the trigger; each `targets[]` entry, variables substituted
 * (`request.object` is the trigger), selects existing objects by apiVersion, kind, name and namespace
 * (empty = any, `*`/`?` wildcards) and label `selector`; offline the objects are the ones given (a
 * Test's `targetResources`), never fetched. Per selected object, `target` is set in the context, the
 * entry's `context` loaded and its `preconditions` checked (false ⇒ `skip`), then the rule's patch (or
 * `foreach`) is applied to that object: one response per target, carrying the patched target. The
 * trigger itself is never changed. No target ⇒ no response.
 */
import { isPlainRecord as isObj, type K8sObject, matchesLabelSelector } from '@neuroscale/core';
import { isBudgetError } from '../evaluation/errors.js';
import type { Scope } from '../rule-scope/scope.js';
import { checkPreconditions } from '../validate-rule/validate-block.js';
import { wildcardMatch } from '../values/wildcard.js';
import { loadContextEntries } from '../variables/context-entries.js';
import { substituteAll } from '../variables/substitute.js';
import { applyPatchBlock, type PatchOutcome } from './apply-mutation.js';
import { mutateForeach } from './mutate-foreach.js';

type Obj = Record<string, unknown>;

/** One target's response: `resource` is the target as the rule left it. */
export interface TargetOutcome extends PatchOutcome {
  target: K8sObject;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const meta = (o: Obj): Obj => (isObj(o.metadata) ? o.metadata : {});

function selects(spec: Obj, o: K8sObject): boolean {
  const md = meta(o as Obj);
  const want = (pattern: string, value: string) => pattern === '' || wildcardMatch(pattern, value);
  if (spec.apiVersion && str(spec.apiVersion) !== o.apiVersion) return false;
  if (spec.kind && str(spec.kind) !== o.kind) return false;
  if (!want(str(spec.name), str(md.name))) return false;
  if (!want(str(spec.namespace), str(md.namespace))) return false;
  if (isObj(spec.selector)) {
    const labels = (isObj(md.labels) ? md.labels : {}) as Record<string, string>;
    if (!matchesLabelSelector(spec.selector, labels)) return false;
  }
  return true;
}

/** The responses of one mutate-existing rule: one per selected target, or one error. */
export function mutateExisting(
  s: Scope,
  mutate: Obj,
  given: readonly K8sObject[],
): TargetOutcome[] | PatchOutcome {
  const trigger = s.target as Obj;
  const out: TargetOutcome[] = [];
  const specs = Array.isArray(mutate.targets) ? mutate.targets.filter(isObj) : [];
  for (const raw of specs) {
    // variables in the selection are resolved against the trigger's context; the entry's own context
    // and preconditions are per target
    const { context, preconditions, ...selection } = raw;
    let spec: Obj;
    try {
      spec = substituteAll(selection, s.ctx, { budget: s.budget, isDelete: s.isDelete }) as Obj;
    } catch (e) {
      if (isBudgetError(e)) throw e;
      return {
        status: 'error',
        message: `failed to resolve targets: ${(e as Error).message}`,
        resource: trigger,
      };
    }
    for (const target of given.filter((o) => selects(spec, o))) {
      const respond = (o: PatchOutcome) => out.push({ ...o, target });
      let ctx = s.ctx.with('target', target);
      try {
        ctx = loadContextEntries(
          Array.isArray(context) ? context : [],
          ctx,
          s.budget,
          false,
          s.offline,
          s.rule,
        );
      } catch (e) {
        if (isBudgetError(e)) throw e;
        respond({
          status: 'error',
          message: `failed to load context: ${(e as Error).message}`,
          resource: target,
        });
        continue;
      }
      const scope: Scope = { ...s, ctx, target };
      const pre = checkPreconditions(scope, preconditions);
      if (pre) {
        respond({ ...pre, resource: target });
        continue;
      }
      const patched = Array.isArray(mutate.foreach)
        ? mutateForeach(scope, mutate.foreach, target as Obj)
        : applyPatchBlock(mutate, target as Obj, ctx, { budget: s.budget, isDelete: s.isDelete });
      respond(patched);
    }
  }
  return out;
}
