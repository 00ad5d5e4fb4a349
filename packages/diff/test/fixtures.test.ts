/**
 * Fixture pairs: test/fixtures/<case>/ holds a base tree, a head tree, optional case.json (the argocd-cm
 * ignoreDifferences overrides), and the expected diff as JSON (expected.json: the `diff --format json`
 * contract plus the findings) and as the PR comment section (expected.md). UPDATE_FIXTURES=1 rewrites the
 * expected files (review the change before committing).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { diffRenders, renderDiffMarkdown } from '../src/index.js';
import { FIXTURES, renderFixturePair } from './support/render-fixture-pair.js';

const helm = resolveTool('helm');
const kubectl = resolveTool('kubectl');
if (!helm.ok || !kubectl.ok)
  console.warn('SKIPPING diff fixtures: the pinned helm/kubectl are not installed');

const cases = readdirSync(FIXTURES)
  .filter((d) => existsSync(join(FIXTURES, d, 'base')))
  .sort();

function expectFile(file: string, actual: string): void {
  if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) {
    writeFileSync(file, actual);
    if (process.env.UPDATE_FIXTURES !== '1') throw new Error(`wrote ${file}; review it and re-run`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.skipIf(!helm.ok || !kubectl.ok)('diff fixtures', () => {
  for (const name of cases) {
    it(name, async () => {
      const { base, head, config } = await renderFixturePair(name);
      const { diff, findings } = await diffRenders(base, head, {
        base: 'base',
        head: 'head',
        // a generous jq budget: a loaded test machine must not turn a correct expression into a finding
        jq: { timeoutMs: 10_000 },
        ...(config.ignoreDifferencesOverrides
          ? { ignoreDifferencesOverrides: config.ignoreDifferencesOverrides }
          : {}),
      });
      expectFile(
        join(FIXTURES, name, 'expected.json'),
        `${JSON.stringify({ ...diff, findings }, null, 2)}\n`,
      );
      expectFile(join(FIXTURES, name, 'expected.md'), renderDiffMarkdown(diff));
    }, 60_000);
  }
});
