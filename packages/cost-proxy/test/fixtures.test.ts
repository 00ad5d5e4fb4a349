/**
 * Fixture pairs: test/fixtures/<case>/{base,head}/*.yaml → computeCost ×2 + diffCost → expected.json.
 * `options.json` (optional) holds { cost?: CostOptions, diff?: DiffCostOptions }.
 * UPDATE_FIXTURES=1 rewrites expected.json; the committed numbers are checked against each case's
 * README.md hand calculation by review (and spot-checked in cost-figures.test.ts).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Manifest, readYamlFile } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { computeCost, diffCost, renderCostMarkdown } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const UPDATE = process.env.UPDATE_FIXTURES === '1';

export async function loadSide(caseName: string, side: 'base' | 'head'): Promise<Manifest[]> {
  const dir = join(FIXTURES, caseName, side);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const manifests: Manifest[] = [];
  for (const f of files) {
    const file = `${side}/${f}`;
    const loaded = await readYamlFile(join(dir, f), { file });
    expect(loaded.findings).toEqual([]);
    for (const doc of loaded.documents) {
      if (doc.value === null || typeof doc.value !== 'object') continue;
      manifests.push({
        object: doc.value as Manifest['object'],
        source: { apps: [caseName], file, documentIndex: doc.index, line: doc.line, column: doc.column },
        locate: doc.locate,
      });
    }
  }
  return manifests;
}

/** `path = value` lines of the README's ```expect block. */
function readmeExpectations(readme: string): [string, string][] {
  const block = /```expect\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf(' = ');
      return [l.slice(0, i), l.slice(i + 3)] as [string, string];
    });
}

/** Dotted path lookup where a key may itself contain dots (`extended.nvidia.com/gpu`). */
function at(value: unknown, path: string): unknown {
  const segs = path.split('.');
  let cur: unknown = value;
  let i = 0;
  while (i < segs.length) {
    if (cur === null || typeof cur !== 'object') return undefined;
    let j = i + 1;
    let found = false;
    for (; j <= segs.length; j++) {
      const key = segs.slice(i, j).join('.');
      if (key in (cur as Record<string, unknown>)) {
        cur = (cur as Record<string, unknown>)[key];
        found = true;
        break;
      }
    }
    if (!found) return undefined;
    i = j;
  }
  return cur;
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('cost fixtures', () => {
  it('has the required cases', () => {
    for (const c of [
      'replica-bump',
      'kserve-added-defaults',
      'init-container-dominated',
      'sidecar',
      'hpa',
      'daemonset',
      'gpu-model',
      'unattributed',
      'over-threshold',
      'under-threshold',
    ]) {
      expect(cases).toContain(c);
    }
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(FIXTURES, name);
      const optionsPath = join(dir, 'options.json');
      const options = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, 'utf8')) : {};
      const base = computeCost(await loadSide(name, 'base'), options.cost);
      const head = computeCost(await loadSide(name, 'head'), options.cost);
      const diff = diffCost(base, head, options.diff);
      const actual = {
        diff,
        baseFindings: base.findings,
        headFindings: head.findings,
        headNotCosted: head.notCosted,
      };
      const expectedPath = join(dir, 'expected.json');
      if (UPDATE) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      expect(existsSync(expectedPath), `${name}/expected.json is missing (run with UPDATE_FIXTURES=1)`).toBe(
        true,
      );
      expect(JSON.parse(JSON.stringify(actual))).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
      // the README's hand calculation, in its ```expect block, must hold for the computed result
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      const checks = readmeExpectations(readme);
      expect(checks.length, `${name}/README.md has no expect block`).toBeGreaterThan(0);
      for (const [path, value] of checks) {
        expect(String(at(actual, path)), `${name}: ${path}`).toBe(value);
      }
      // the comment renders for every case, deterministically
      const md = renderCostMarkdown(diff, { pricing: head.pricing, notCosted: head.notCosted });
      expect(md.split('\n')[0]).toBe('<!-- neuroscale-cost -->');
      expect(renderCostMarkdown(diff, { pricing: head.pricing, notCosted: head.notCosted })).toBe(md);
    });
  }
});
