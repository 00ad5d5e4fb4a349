/**
 * Matrix (`matrix.go`) and merge (`merge.go`) generators, children one level deep.
 * Matrix: exactly two children, the second interpolated with each param set of the first; Go mode merges with
 * the first child winning, flat mode rejects a key with two different values.
 * Merge: the first child is the base, later children override base sets with the same merge-key values.
 */
import { cloneData, copyOwn, fromEntriesOwn, getOwn, setOwn } from '@neuroscale/core';
import {
  FAILED,
  type GeneratorContext,
  type GeneratorOutput,
  isRecord,
  ok,
  type ParamSet,
  report,
  tooManyParams,
} from './generator-context.js';
import { generatorKinds, runGenerator } from './run-generator.js';

function children(spec: Record<string, unknown>): unknown[] {
  return Array.isArray(spec.generators) ? spec.generators : [];
}

/** Run one child entry: exactly one generator kind; nested selectors dropped unless applyNestedSelectors. */
function runChild(
  child: unknown,
  pointer: string,
  g: GeneratorContext,
  depth: number,
  interpolateWith?: ParamSet,
): GeneratorOutput {
  if (!isRecord(child)) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: 'child generator must be an object',
      pointer,
    });
    return FAILED;
  }
  const kinds = generatorKinds(child);
  if (kinds.length === 0) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: 'child generator generated no parameters (no generator kind set)',
      pointer,
    });
    return FAILED;
  }
  if (kinds.length > 1) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: `found more than one generator in one child entry (${kinds.join(', ')})`,
      pointer,
    });
    return FAILED;
  }
  const kind = kinds[0]!;
  if ((kind === 'matrix' || kind === 'merge') && depth >= 2) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: `${kind} generators can be nested only one level deep`,
      pointer: `${pointer}/${kind}`,
    });
    return FAILED;
  }
  let selector = child.selector;
  if (depth >= 2 && selector !== undefined && !g.applyNestedSelectors) {
    report(g, {
      ruleId: 'render/appset-nested-selector-ignored',
      severity: 'warning',
      message: 'selector on a nested matrix/merge child is ignored unless spec.applyNestedSelectors is true',
      pointer: `${pointer}/selector`,
    });
    selector = undefined;
  }
  return runGenerator(kind, child, pointer, g, { depth, selector, interpolateWith });
}

const isEmptyValue = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  v === 0 ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (isRecord(v) && Object.keys(v).length === 0);

/**
 * imdario/mergo Merge over map[string]interface{} (deep; `override` replaces non-empty destination values).
 * Keys are Go map keys: read as own keys and written as own data properties, so a `__proto__` key in a
 * param set is data (as in Go), never a path to Object.prototype.
 */
export function mergoMerge(
  dst: Record<string, unknown>,
  src: Record<string, unknown>,
  override: boolean,
): Record<string, unknown> {
  for (const [k, sv] of Object.entries(src)) {
    const has = Object.hasOwn(dst, k);
    const dv = has ? dst[k] : undefined;
    if (isRecord(dv) && isRecord(sv)) setOwn(dst, k, mergoMerge(copyOwn(dv), sv, override));
    else if (isEmptyValue(sv)) {
      if (!has) setOwn(dst, k, sv);
    } else if (!has || isEmptyValue(dv) || override) setOwn(dst, k, sv);
  }
  return dst;
}

export function matrixGenerator(
  spec: Record<string, unknown>,
  pointer: string,
  g: GeneratorContext,
  depth: number,
): GeneratorOutput {
  const gens = children(spec);
  if (gens.length !== 2) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: `matrix generator needs exactly 2 child generators, found ${gens.length}`,
      pointer: `${pointer}/generators`,
    });
    return FAILED;
  }
  const first = runChild(gens[0], `${pointer}/generators/0`, g, depth + 1);
  if (first.failed) return FAILED;
  // The product size is known before anything is combined: when the second child does not reference the
  // first's params it is run once (count × count); otherwise its outputs are counted as they come and the
  // matrix is refused as soon as the running total passes the limit, before any set is merged.
  const interpolated = JSON.stringify(gens[1] ?? null).includes('{{');
  const once = interpolated ? undefined : runChild(gens[1], `${pointer}/generators/1`, g, depth + 1);
  if (once?.failed) return FAILED;
  if (once && tooManyParams(g, first.params.length * once.params.length, pointer, 'matrix generator'))
    return FAILED;
  const seconds: ParamSet[][] = [];
  let count = 0;
  for (const a of first.params) {
    const second = once ?? runChild(gens[1], `${pointer}/generators/1`, g, depth + 1, a);
    if (second.failed) return FAILED;
    count += second.params.length;
    if (tooManyParams(g, count, pointer, 'matrix generator')) return FAILED;
    seconds.push(second.params);
  }
  const out: ParamSet[] = [];
  for (let ai = 0; ai < first.params.length; ai++) {
    const a = first.params[ai]!;
    for (const b of seconds[ai]!) {
      if (g.mode.goTemplate) {
        out.push(mergoMerge(mergoMerge({}, cloneData(a), false), cloneData(b), false));
        continue;
      }
      const combined: ParamSet = copyOwn(a);
      for (const [k, v] of Object.entries(b)) {
        if (Object.hasOwn(combined, k) && combined[k] !== v) {
          report(g, {
            ruleId: 'render/appset-generator-error',
            message: `failed to combine string maps with merging params for the matrix generator: found duplicate key ${k} with different value, a: ${String(combined[k])} ,b: ${String(v)}`,
            pointer,
          });
          return FAILED;
        }
        setOwn(combined, k, v);
      }
      out.push(combined);
    }
  }
  return ok(out);
}

export function mergeGenerator(
  spec: Record<string, unknown>,
  pointer: string,
  g: GeneratorContext,
  depth: number,
): GeneratorOutput {
  const gens = children(spec);
  if (gens.length < 2) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: 'found less than two generators, Merge requires two or more',
      pointer: `${pointer}/generators`,
    });
    return FAILED;
  }
  const keys = [...new Set(Array.isArray(spec.mergeKeys) ? spec.mergeKeys.map(String) : [])].sort();
  if (keys.length === 0) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: 'no merge keys were specified, Merge requires at least one',
      pointer: `${pointer}/mergeKeys`,
    });
    return FAILED;
  }
  const keyOf = (p: ParamSet) => JSON.stringify(keys.map((k) => [k, getOwn(p, k) ?? null]));
  const sets: ParamSet[][] = [];
  for (let i = 0; i < gens.length; i++) {
    const r = runChild(gens[i], `${pointer}/generators/${i}`, g, depth + 1);
    if (r.failed) return FAILED;
    sets.push(r.params);
  }
  // merge is a left join on the merge keys: the result has exactly as many sets as the base generator
  if (tooManyParams(g, sets[0]!.length, pointer, 'merge generator')) return FAILED;
  const base = sets[0]!.map((p) => cloneData(p));
  for (let i = 1; i < sets.length; i++) {
    const byKey = new Map<string, ParamSet>();
    for (const p of sets[i]!) {
      const k = keyOf(p);
      if (byKey.has(k)) {
        report(g, {
          ruleId: 'render/appset-generator-error',
          message: `the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${k}`,
          pointer: `${pointer}/generators/${i}`,
        });
        return FAILED;
      }
      byKey.set(k, p);
    }
    for (let j = 0; j < base.length; j++) {
      const over = byKey.get(keyOf(base[j]!));
      if (!over) continue;
      base[j] = g.mode.goTemplate
        ? mergoMerge(base[j]!, cloneData(over), true)
        : fromEntriesOwn([...Object.entries(base[j]!), ...Object.entries(over)]);
    }
  }
  return ok(base);
}
