/**
 * One string through Argo CD's `Render.Replace`: fasttemplate in flat mode, Go text/template + sprig in
 * goTemplate mode. Reports placeholders that silently survive (flat `{{x}}`, Go `<no value>`).
 */
import { renderFlatTemplate } from './flat-template.js';
import { type GoValue, type MissingKey, renderGoTemplate } from './gotemplate/index.js';

export interface RenderMode {
  goTemplate: boolean;
  missingKey: MissingKey;
}

export type RenderStringResult =
  | { ok: true; value: string; unresolved: string[]; warnings?: string[] }
  | { ok: false; error: string };

export function renderString(
  source: string,
  params: Record<string, unknown>,
  mode: RenderMode,
): RenderStringResult {
  if (!source.includes('{{')) return { ok: true, value: source, unresolved: [] };
  if (!mode.goTemplate) return renderFlatTemplate(source, params);
  const r = renderGoTemplate(source, params as GoValue, { missingKey: mode.missingKey });
  if (!r.ok) return { ok: false, error: `failed to execute go template ${source}: ${r.error}` };
  const unresolved =
    mode.missingKey !== 'error' && r.value.includes('<no value>') && !source.includes('<no value>')
      ? ['<no value>']
      : [];
  return r.warnings
    ? { ok: true, value: r.value, unresolved, warnings: r.warnings }
    : { ok: true, value: r.value, unresolved };
}
