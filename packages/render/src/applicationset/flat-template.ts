/**
 * Flat-mode rendering (`goTemplate: false`): valyala/fasttemplate with `{{`/`}}` as Argo CD's
 * `Render.Replace` drives it. A tag is replaced only when its trimmed text is a key whose value is a
 * string; anything else is written back verbatim as `{{tag}}` (Argo's silent failure, reported here).
 */

/**
 * Argo CD's `isTemplatedRegex` (`.*{{.*}}.*`, RE2: `.` excludes newline): some line holds `{{` and, after it,
 * `}}`. Checked with indexOf per line: the same pattern as a JS RegExp backtracks quadratically (4,000 `{{`
 * without `}}` took 42 s), and the template text comes from the pull request.
 */
function isTemplated(source: string): boolean {
  for (const line of source.split('\n')) {
    const open = line.indexOf('{{');
    if (open >= 0 && line.indexOf('}}', open + 2) >= 0) return true;
  }
  return false;
}

export type FlatResult = { ok: true; value: string; unresolved: string[] } | { ok: false; error: string };

export function renderFlatTemplate(source: string, params: Record<string, unknown>): FlatResult {
  if (!isTemplated(source)) return { ok: true, value: source, unresolved: [] };
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
