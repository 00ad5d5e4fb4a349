import { JmesPathError } from '../jmespath/ast.js';
import type { Budget } from '../jmespath/interpreter.js';
import { isObject } from '../jmespath/json.js';
import { searchJmesPath } from '../jmespath/search.js';
import type { JsonContext } from './context.js';
import { SubstitutionError, substituteAll } from './substitute.js';

export class ContextLoadError extends Error {}

/**
 * Loads rule/foreach `context:` entries offline. `variable` entries are evaluated; `apiCall`,
 * `configMap`, `imageRegistry` and `globalReference` cannot be loaded without a cluster, so their
 * names stay as the values file left them (undefined unless provided ⇒ referencing them errors).
 */
export function loadContextEntries(entries: unknown[], ctx: JsonContext, budget: Budget, isDelete: boolean): JsonContext {
  let out = ctx;
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.name !== 'string') continue;
    const name = entry.name;
    if (!isObject(entry.variable)) continue;
    const v = entry.variable;
    const opts = { budget, isDelete };
    let value: unknown;
    let error: Error | undefined;
    try {
      const path = typeof v.jmesPath === 'string' ? (substituteAll(v.jmesPath, out, opts) as string) : undefined;
      if (v.value !== undefined) {
        const base = substituteAll(v.value, out, opts);
        value = path ? searchJmesPath(path, base, budget) : base;
      } else if (path) {
        value = out.query(path, budget);
      } else {
        value = null;
      }
    } catch (e) {
      if (e instanceof JmesPathError && e.kind === 'budget') throw e;
      if (!(e instanceof JmesPathError) && !(e instanceof SubstitutionError)) throw e;
      error = e;
    }
    if ((value === null || value === undefined || error) && v.default !== undefined) {
      try {
        value = substituteAll(v.default, out, { budget, isDelete });
        error = undefined;
      } catch (e) {
        error = e as Error;
      }
    }
    if (error) throw new ContextLoadError(`failed to load context entry ${name}: ${error.message}`);
    if (value === null || value === undefined) throw new ContextLoadError(`failed to load context entry ${name}: variable ${name} evaluated to nil`);
    out = out.withMerged(name, value);
  }
  return out;
}
