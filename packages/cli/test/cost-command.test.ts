/**
 * `cost --base` on this repository's own tree: the base revision is rendered from git (a temporary
 * worktree), the head from the working tree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyToTempRepo, tempRepo } from './helpers.js';

const TREE = ['gitops', 'policies', 'neuroscale.config.yaml'];

describe('cost --base on the reference platform', () => {
  it('reports a zero delta against HEAD when nothing changed', async () => {
    const dir = copyToTempRepo(TREE);
    const r = await cli(['cost', '--base', 'HEAD', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(diff.delta.requests.max).toMatchObject({ cpu: '0', memory: '0', gpu: '0' });
    expect(diff.delta.monthly.max.total).toBe('0.000000');
    expect(diff.workloads.filter((w: { status: string }) => w.status !== 'unchanged')).toEqual([]);
    expect(diff.head.workloads).toBeGreaterThan(0);
  });

  it('reports the exact delta of a change to ai-model-alpha resources', async () => {
    const dir = copyToTempRepo(TREE);
    const file = join(dir, 'gitops/apps/ai-model-alpha/inference-service.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/cpu: 100m/);
    writeFileSync(file, text.replace('cpu: 100m', 'cpu: 300m').replace('memory: 256Mi', 'memory: 512Mi'));
    const r = await cli(['cost', '--base', 'HEAD', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    const changed = diff.workloads.filter((w: { status: string }) => w.status !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      kind: 'InferenceService',
      name: 'ai-model-alpha',
      namespace: 'model-ai-model-alpha',
      costCenter: 'CC-1001',
      status: 'changed',
    });
    // requests +200m CPU and +256Mi per pod; minReplicas 1, maxReplicas 2
    expect(diff.delta.requests.min).toMatchObject({ cpu: '200m', memory: '256Mi' });
    expect(diff.delta.requests.max).toMatchObject({ cpu: '400m', memory: '512Mi' });
    // OpenCost defaults: 0.031611 $/vCPU-h, 0.004237 $/GiB-h, 730 h: 0.2×0.031611×730 + 0.25×0.004237×730
    expect(diff.delta.monthly.min).toMatchObject({ cpu: '4.615206', memory: '0.773252', total: '5.388458' });
    expect(diff.delta.monthly.max.total).toBe('10.776917');
  });

  it('fails with a finding when the monthly delta is over --max-monthly-delta', async () => {
    const dir = copyToTempRepo(TREE);
    const file = join(dir, 'gitops/apps/ai-model-alpha/inference-service.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxReplicas: 2', 'maxReplicas: 8'));
    const r = await cli(['cost', '--base', 'HEAD', '--format', 'json', '--max-monthly-delta', '10'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cost\/threshold-exceeded/);
  });

  it('a base revision that does not exist is a finding, never a zero delta', async () => {
    const dir = copyToTempRepo(TREE);
    const r = await cli(['cost', '--base', 'no-such-ref', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cost\/base-unavailable/);
    expect(JSON.parse(r.stdout)).not.toHaveProperty('delta');
  });

  it("reads the config file's cost block with cost-proxy's loader: prices and thresholds reach the stage", async () => {
    const dir = copyToTempRepo(TREE);
    const config = join(dir, 'neuroscale.config.yaml');
    writeFileSync(
      config,
      `${readFileSync(config, 'utf8')}cost:\n  maxMonthlyDelta: "10"\n  prices: { cpuHour: 0.05 }\n`,
    );
    const file = join(dir, 'gitops/apps/ai-model-alpha/inference-service.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxReplicas: 2', 'maxReplicas: 8'));
    const r = await cli(['cost', '--base', 'HEAD'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cost\/threshold-exceeded/);
    expect(r.stdout).toContain('$0.05/vCPU-h');
    expect(r.stdout).toContain('(prices from neuroscale.config.yaml)');
  });

  it('a malformed cost block stops the run with its line, like every other config key', async () => {
    const dir = tempRepo({ 'neuroscale.config.yaml': 'failOn: error\ncost:\n  budget: 5\n' });
    const r = await cli(['cost', '--base', 'HEAD'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'neuroscale-validate: neuroscale.config.yaml:3: unknown cost configuration key "budget"\n',
    );
  });
});
