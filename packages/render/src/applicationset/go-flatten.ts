/**
 * jeremywohl/flatten DotStyle + `fmt.Sprintf("%v")`, as the git files generator (flat mode) and the
 * post-selector use it: nested keys joined with `.`, list indexes as `.0`, empty maps/lists vanish.
 */
import { setOwn } from '@neuroscale/core';
import { formatV, fromJsonData, type GoValue, isMap } from './gotemplate/index.js';

export function flattenToStrings(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: GoValue, prefix: string) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) assign(prefix ? `${prefix}.${i}` : String(i), v[i]);
    } else if (isMap(v)) for (const [k, x] of Object.entries(v)) assign(prefix ? `${prefix}.${k}` : k, x);
  };
  const assign = (key: string, v: GoValue) => {
    if (Array.isArray(v) || isMap(v)) walk(v, key);
    else setOwn(out, key, formatV(v));
  };
  walk(fromJsonData(value), '');
  return out;
}
