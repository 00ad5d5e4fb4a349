/**
 * Generator `values` (`applicationset/generators/value_interpolation.go appendTemplatedValues`): each value is
 * rendered with the generator's own params, then added as `values.k` (flat) or `.values.k` (Go).
 */
import { setOwn } from '@neuroscale/core';
import { renderString } from '../render-string.js';
import { type GeneratorContext, type ParamSet, report } from './generator-context.js';

export function appendTemplatedValues(
  values: Record<string, unknown> | undefined,
  params: ParamSet,
  pointer: string,
  g: GeneratorContext,
): boolean {
  if (!values) return true;
  const rendered: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const r = renderString(typeof v === 'string' ? v : String(v), params, g.mode);
    if (!r.ok) {
      report(g, {
        ruleId: 'render/appset-template-error',
        message: `failed to append templated values: ${r.error}`,
        pointer: `${pointer}/${k}`,
      });
      return false;
    }
    setOwn(rendered, k, r.value);
  }
  if (g.mode.goTemplate) setOwn(params, 'values', rendered);
  else for (const [k, v] of Object.entries(rendered)) setOwn(params, `values.${k}`, v);
  return true;
}
