/**
 * Flat-mode rendering (`goTemplate: false`): valyala/fasttemplate with `{{`/`}}` as Argo CD's
 * `Render.Replace` drives it. A tag is replaced only when its trimmed text is a key whose value is a
 * string; anything else is written back verbatim as `{{tag}}` (Argo's silent failure, reported here).
 */

const IS_TEMPLATED = /.*\{\{.*\}\}.*/;

export type FlatResult = { ok: true; value: string; unresolved: string[] } | { ok: false; error: string };

export function renderFlatTemplate(source: string, params: Record<string, unknown>): FlatResult {
  if (!IS_TEMPLATED.test(source)) return { ok: true, value: source, unresolved: [] };
  let out = '';
  const unresolved: string[] = [];
  let pos = 0;
  for (;;) {
    const start = source.indexOf('{{', pos);
    if (start < 0) {
      out += source.slice(pos);
      break;
    }
    out += source.slice(pos, start);
    const end = source.indexOf('}}', start + 2);
    if (end < 0) {
      return {
        ok: false,
        error: `invalid template: Cannot find end tag="}}" in the template=${JSON.stringify(source)} starting from ${JSON.stringify(source.slice(start + 2))}`,
      };
    }
    const tag = source.slice(start + 2, end);
    const key = tag.trim();
    const v = key && Object.hasOwn(params, key) ? params[key] : undefined;
    if (typeof v === 'string') out += v;
    else {
      out += `{{${tag}}}`;
      unresolved.push(`{{${tag}}}`);
    }
    pos = end + 2;
  }
  return { ok: true, value: out, unresolved };
}
