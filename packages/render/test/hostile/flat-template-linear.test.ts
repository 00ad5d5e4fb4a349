import { describe, expect, it } from 'vitest';
import { renderFlatTemplate } from '../../src/applicationset/flat-template.js';

describe('flat-mode template detection is linear', () => {
  it('answers at once on 200,000 `{{` without a `}}`, as Argo CD (RE2) does', () => {
    const started = Date.now();
    const r = renderFlatTemplate('{{'.repeat(200_000), {});
    // not templated on any line: written back as is
    expect(r).toEqual({ ok: true, value: '{{'.repeat(200_000), unresolved: [] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('keeps the regex semantics: `{{` and `}}` on one line, `.` not crossing newlines', () => {
    expect(renderFlatTemplate('a {{x}} b', { x: 'X' })).toEqual({ ok: true, value: 'a X b', unresolved: [] });
    expect(renderFlatTemplate('a {{\nx}}', { x: 'X' })).toEqual({
      ok: true,
      value: 'a {{\nx}}',
      unresolved: [],
    });
    expect(renderFlatTemplate('}} {{', {})).toEqual({ ok: true, value: '}} {{', unresolved: [] });
  });
});
