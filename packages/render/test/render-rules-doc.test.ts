/** docs/render-rules.md lists every rule id render reports (with its severity and why). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const SRC = join(here, '..', 'src');
const DOC = join(here, '..', '..', '..', 'docs', 'render-rules.md');

function ruleIds(dir: string): string[] {
  const ids: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) ids.push(...ruleIds(p));
    else if (e.name.endsWith('.ts'))
      for (const m of readFileSync(p, 'utf8').matchAll(/'((?:render|coverage)\/[a-z-]+)'/g)) ids.push(m[1]!);
  }
  return ids;
}

describe('docs/render-rules.md', () => {
  it('has a row for every rule id in render', () => {
    const doc = readFileSync(DOC, 'utf8');
    const ids = [...new Set(ruleIds(SRC))].sort();
    expect(ids.length).toBeGreaterThan(40);
    expect(ids.filter((id) => !doc.includes(`\`${id}\``))).toEqual([]);
  });
});
