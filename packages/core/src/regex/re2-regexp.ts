/**
 * Go `regexp` (RE2 syntax, linear time) on the `re2js` engine, a port of RE2/J that follows Go's regexp
 * package: the same syntax (`(?P<name>…)`, `\A`, `\z`, `(?i)`, POSIX classes, `\pL`), leftmost-first
 * semantics, and no backreferences or lookaround, so a pattern from a pull request cannot backtrack
 * catastrophically. Kyverno (JMESPath, CEL) and Argo CD (sprig) evaluate patterns with Go's regexp, so a
 * JS `RegExp` would accept a different language. Compiled patterns are shared by every caller.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

// Loaded on the first pattern (its CommonJS build, synchronously): most runs (validate) compile none, and
// the engine is the largest module core depends on.
let engine: typeof RE2JS | undefined;
const re2js = (): typeof RE2JS => {
  engine ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JS }).RE2JS;
  return engine;
};

export type CompiledRe2 = { ok: true; regexp: RE2JS } | { ok: false; error: string };

/** Patterns repeat across resources and rules; the cache is bounded so hostile input cannot grow it. */
const cache = new Map<string, CompiledRe2>();
const CACHE_LIMIT = 2000;

/** Go `regexp.Compile`; an invalid pattern yields the engine's text (`error parsing regexp: …`). */
export function compileRe2(pattern: string): CompiledRe2 {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let out: CompiledRe2;
  try {
    out = { ok: true, regexp: re2js().compile(pattern) };
  } catch (e) {
    out = { ok: false, error: String((e as Error)?.message ?? e) };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, out);
  return out;
}
