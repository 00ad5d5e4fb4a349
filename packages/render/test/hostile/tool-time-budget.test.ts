/**
 * A pull request can add many charts that each loop until the per-run timeout (90 s, Argo CD's exec
 * timeout). The render's tool runs share one wall-time budget: runs past it are not started (or are cut
 * at its end), each is a finding on its app naming the budget, nothing is cached for them, and the
 * render finishes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOOL_TIME_BUDGET_MS, TOOL_RUN_TIMEOUT_MS } from '../../src/cache/tool-output-cache.js';
import { render } from '../../src/index.js';
import { type FixtureRepo, materialise } from '../helpers/fixture-repo.js';

const repos: FixtureRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

describe('run-wide tool time budget', () => {
  it('defaults to Argo CD parity per run and ten minutes per render', () => {
    expect(TOOL_RUN_TIMEOUT_MS).toBe(90_000);
    expect(DEFAULT_TOOL_TIME_BUDGET_MS).toBe(600_000);
  });

  it('a spent budget is a finding per app that needed a tool, never a crash or a cached result', async () => {
    const repo = materialise('helm');
    repos.push(repo);
    const cacheDir = mkdtempSync(join(tmpdir(), 'ns-budget-cache-'));
    const options = { repoRoot: repo.root, roots: ['bootstrap/*.yaml'], cacheDir, concurrency: 1 };
    const spent = await render({ ...options, toolTimeBudgetMs: 0 });
    const budget = spent.findings.filter((f) => /tool time budget \(0 s/.test(f.message));
    expect(budget.length).toBeGreaterThan(0);
    for (const f of budget) expect(f.ruleId).toMatch(/^render\/(helm-template|kustomize-build)-failed$/);
    expect(spent.stats.subprocesses).toBe(0);
    // with the default budget the same tree renders: nothing from the spent run was cached as a result
    const fresh = await render(options);
    expect(fresh.findings.some((f) => /tool time budget/.test(f.message))).toBe(false);
    expect(fresh.stats.subprocesses).toBeGreaterThan(0);
  });

  it('a run in progress is cut at the end of the budget', async () => {
    const repo = materialise('helm');
    repos.push(repo);
    // ~8 s of template work in helm, no output
    writeFileSync(
      join(repo.root, 'charts', 'demo', 'templates', 'slow.yaml'),
      '{{- range until 100000000 }}{{- end }}\n',
    );
    const started = Date.now();
    const r = await render({
      repoRoot: repo.root,
      roots: ['bootstrap/*.yaml'],
      cacheDir: false,
      concurrency: 1,
      toolTimeBudgetMs: 1500,
    });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(r.findings.some((f) => /tool time budget \(2 s/.test(f.message))).toBe(true);
  }, 20_000);
});
