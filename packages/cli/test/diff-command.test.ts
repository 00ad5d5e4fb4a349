/**
 * `diff --base` on this repository's own tree: the base revision rendered from git (a temporary worktree), the
 * head from the working tree; and the same section in the pipeline's PR comment with --base.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyToTempRepo } from './helpers.js';

const TREE = ['gitops', 'policies', 'neuroscale.config.yaml'];
const MODEL = 'gitops/apps/ai-model-alpha/inference-service.yaml';

function doubleAlphaRequests(dir: string): void {
  const file = join(dir, MODEL);
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/cpu: 100m/);
  writeFileSync(file, text.replace('cpu: 100m', 'cpu: 200m').replace('memory: 256Mi', 'memory: 512Mi'));
}

describe('diff --base on the reference platform', () => {
  it('nothing changed: every app unchanged, no object listed', async () => {
    const dir = copyToTempRepo(TREE);
    const r = await cli(['diff', '--base', 'HEAD', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(Object.keys(diff)).toEqual(['base', 'head', 'apps', 'summary']);
    expect(diff.summary.apps.unchanged).toBe(diff.apps.length);
    expect(diff.summary.objects).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it("doubling ai-model-alpha's requests changes exactly that app, with its source file and line", async () => {
    const dir = copyToTempRepo(TREE);
    doubleAlphaRequests(dir);
    const r = await cli(['diff', '--base', 'HEAD', '--format', 'json', '--diff-file', 'cluster-diff.md'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    const changed = diff.apps.filter((a: { status: string }) => a.status !== 'unchanged');
    expect(changed.map((a: { name: string }) => a.name)).toEqual(['ai-model-alpha']);
    const [object] = changed[0].objects;
    expect(object.ref).toEqual({
      group: 'serving.kserve.io',
      kind: 'InferenceService',
      namespace: 'model-ai-model-alpha',
      name: 'ai-model-alpha',
    });
    expect(object.change).toBe('changed');
    expect(object.location.file).toBe(MODEL);
    expect(object.diff).toContain(
      '-          cpu: 100m\n-          memory: 256Mi\n+          cpu: 200m\n+          memory: 512Mi',
    );
    const file = readFileSync(join(dir, 'cluster-diff.md'), 'utf8');
    expect(file).toContain('## Cluster diff: `HEAD` → `working tree`');
    expect(file).toContain('<code>ai-model-alpha</code> changed');
  });

  it('the pipeline with --base puts the diff in the PR comment, after the cost delta', async () => {
    const dir = copyToTempRepo(TREE);
    doubleAlphaRequests(dir);
    const r = await cli(['.', '--base', 'HEAD', '--format', 'markdown'], { cwd: dir });
    expect(r.stdout).toContain('#### Cluster diff: `HEAD` → `working tree`');
    expect(r.stdout.match(/<details><summary>🟡 <code>[^<]+<\/code> changed/g)).toEqual([
      '<details><summary>🟡 <code>ai-model-alpha</code> changed',
    ]);
    expect(r.stdout.indexOf('Cluster diff')).toBeGreaterThan(r.stdout.indexOf('+200m'));
  });

  it('a base revision that does not exist is a finding, never an empty diff', async () => {
    const dir = copyToTempRepo(TREE);
    const r = await cli(['diff', '--base', 'no-such-ref', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/diff\/base-unavailable/);
    expect(JSON.parse(r.stdout)).not.toHaveProperty('apps');
  });
});
