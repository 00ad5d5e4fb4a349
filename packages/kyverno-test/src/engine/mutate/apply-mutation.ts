/**
 * One `mutate` block (or one `mutate.foreach` entry) applied to a resource, as Kyverno's
 * `mutate.Mutate` / `mutate.ForEach` do (pkg/engine/mutate/mutation.go): variables substituted in the
 * patch, then `patchStrategicMerge` (anchors first, strategicMergePatch.go) or `patchesJson6902`;
 * an unchanged resource is a `skip` ("no patches applied").
 */
import { isDeepStrictEqual } from 'node:util';
import { strategicMerge } from '@neuroscale/core';
import { isBudgetError } from '../evaluation/errors.js';
import { cloneJsonTree, isObject } from '../jmespath/json.js';
import type { RuleStatus } from '../types.js';
import type { JsonContext } from '../variables/context.js';
import { type SubstituteOptions, substituteAll, substituteString } from '../variables/substitute.js';
import { applyJsonPatch, decodeJsonPatch } from './apply-json-patch.js';
import { ConditionFailed, preprocessPatch } from './strategic-merge-anchors.js';

type Obj = Record<string, unknown>;

export interface PatchOutcome {
  status: RuleStatus;
  message: string;
  /** The resource after the patch (the input when nothing changed or on error). */
  resource: Obj;
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Kyverno's success message (`buildSuccessMessage`). */
export function mutatedMessage(r: Obj): string {
  const md = isObject(r.metadata) ? r.metadata : {};
  const name = `${String(r.kind ?? '')}/${String(md.name ?? '')}`;
  return typeof md.namespace === 'string' && md.namespace
    ? `mutated ${name} in namespace ${md.namespace}`
    : `mutated ${name}`;
}

/** Applies `patchStrategicMerge` or `patchesJson6902` of `block` to `resource`. */
export function applyPatchBlock(
  block: Obj,
  resource: Obj,
  ctx: JsonContext,
  opts: SubstituteOptions,
): PatchOutcome {
  const error = (message: string): PatchOutcome => ({ status: 'error', message, resource });
  const hasMerge = block.patchStrategicMerge !== undefined && block.patchStrategicMerge !== null;
  const jsonPatch = block.patchesJson6902;
  if (!hasMerge && (jsonPatch === undefined || jsonPatch === null || jsonPatch === ''))
    return error('empty mutate rule');
  let patched: unknown;
  try {
    if (hasMerge) {
      const patch = substituteAll(block.patchStrategicMerge, ctx, { ...opts, atPrefix: 'request.object' });
      patched = mergePatch(resource, patch);
    } else {
      const text = typeof jsonPatch === 'string' ? substituteString(jsonPatch, ctx, opts) : jsonPatch;
      const ops = decodeJsonPatch(
        typeof text === 'string' ? text : Array.isArray(text) ? text : JSON.stringify(text),
      );
      patched = applyJsonPatch(resource, ops);
    }
  } catch (e) {
    if (isBudgetError(e)) throw e;
    const stage =
      e instanceof Error && e.name === 'SubstitutionError'
        ? 'variable substitution failed'
        : 'failed to patch resource';
    return error(`${stage}: ${msg(e)}`);
  }
  if (!isObject(patched)) return error('failed to patch resource: the patch did not produce an object');
  if (isDeepStrictEqual(patched, resource))
    return { status: 'skip', message: 'no patches applied', resource };
  return { status: 'pass', message: mutatedMessage(patched), resource: patched };
}

function mergePatch(resource: Obj, patch: unknown): unknown {
  if (!isObject(patch)) {
    // a list or scalar patch document: kyaml merges it as the whole object
    return patch === null ? resource : patch;
  }
  // a plain tree copy: structuredClone per resource was the top self cost of admission (see cloneJsonTree)
  const pattern = cloneJsonTree(patch);
  try {
    preprocessPatch(pattern, resource);
  } catch (e) {
    if (e instanceof ConditionFailed) return resource;
    throw new Error(`failed to preProcess rule: ${msg(e)}`);
  }
  return strategicMerge(resource, pattern);
}
