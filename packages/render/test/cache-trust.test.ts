/**
 * The render cache is outside the scanned tree and trusted only for what it was keyed for:
 * a tree shipping `.neuroscale-cache/` output is ignored, a corrupt or foreign entry is a miss (never an
 * internal error), another binary never reuses an entry, an unwritable cache dir is a note, and a render
 * leaves the repository's `git status` clean.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderResult, render } from '../src/index.js';
import { type FixtureRepo, materialise } from './helpers/fixture-repo.js';

const repos: FixtureRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

const strip = (r: RenderResult) =>
  JSON.stringify({ manifests: r.manifests.map((m) => ({ o: m.object, s: m.source })), findings: r.findings });

/** Every cache entry file under a render cache folder. */
function entries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /^[0-9a-f]{64}\.json$/.test(d.name))
    .map((d) => join(d.parentPath, d.name));
}

describe('render cache: outside the tree, keyed, checked on read', () => {
  let repo: FixtureRepo;
  let cold: RenderResult;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.root, encoding: 'utf8' });
  const opts = (cacheDir: string | false, extra: Record<string, unknown> = {}) => ({
    repoRoot: repo.root,
    roots: ['bootstrap/*.yaml'],
    cacheDir,
    ...extra,
  });

  beforeAll(async () => {
    repo = materialise('helm');
    repos.push(repo);
    cold = await render(opts(join(repo.root, '..', 'cache-a')));
    expect(cold.stats.subprocesses).toBeGreaterThan(0);
    // the tree ships the previous run's entries, tampered, where an older version kept its cache
    const shipped = join(repo.root, '.neuroscale-cache', 'render');
    cpSync(join(repo.root, '..', 'cache-a', 'render'), shipped, { recursive: true });
    for (const f of entries(shipped)) {
      writeFileSync(
        f,
        JSON.stringify({
          result: {
            exitCode: 0,
            stdout: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: PWNED\n',
            stderr: '',
          },
        }),
      );
    }
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'tree');
  }, 120_000);

  it('ignores cache entries shipped inside the scanned tree and writes nothing into it', async () => {
    const r = await render(opts(join(repo.root, '..', 'cache-b')));
    expect(r.stats.subprocesses).toBe(cold.stats.subprocesses);
    expect(JSON.stringify(r.manifests)).not.toContain('PWNED');
    expect(strip(r)).toBe(strip(cold));
    // the default cache dir comes from the environment, never from the repository
    const viaEnv = await render({
      ...opts(undefined as unknown as string),
      env: { ...process.env, NEUROSCALE_CACHE_DIR: join(repo.root, '..', 'cache-env') },
    });
    expect(JSON.stringify(viaEnv.manifests)).not.toContain('PWNED');
    expect(entries(join(repo.root, '..', 'cache-env', 'render')).length).toBeGreaterThan(0);
    expect(git('status', '--porcelain', '--ignored')).toBe('');
  }, 120_000);

  it('treats corrupt and foreign entries as misses, then rewrites them', async () => {
    const dir = join(repo.root, '..', 'cache-a', 'render');
    const files = entries(dir);
    files.forEach((f, i) => {
      if (i % 3 === 0) writeFileSync(f, '{"truncat');
      else if (i % 3 === 1)
        writeFileSync(
          f,
          JSON.stringify({ key: 'another-key', result: { exitCode: 0, stdout: 'x', stderr: '' } }),
        );
      else writeFileSync(f, JSON.stringify({ result: { exitCode: 'zero', stdout: 1 } }));
    });
    const r = await render(opts(join(repo.root, '..', 'cache-a')));
    expect(r.stats.subprocesses).toBe(cold.stats.subprocesses);
    expect(strip(r)).toBe(strip(cold));
    const warm = await render(opts(join(repo.root, '..', 'cache-a')));
    expect(warm.stats.subprocesses).toBe(0);
    expect(strip(warm)).toBe(strip(cold));
  }, 120_000);

  it('never shares an entry between two helm binaries of the same version', async () => {
    const helm = resolveTool('helm');
    if (!helm.ok) throw new Error(helm.message);
    const other = join(repo.root, '..', 'other-bin');
    mkdirSync(other, { recursive: true });
    copyFileSync(helm.path, join(other, 'helm'));
    appendFileSync(join(other, 'helm'), Buffer.from('\0another build\n'));
    const r = await render(
      opts(join(repo.root, '..', 'cache-a'), {
        env: { ...process.env, NEUROSCALE_HELM: join(other, 'helm') },
      }),
    );
    expect(r.stats.subprocesses).toBeGreaterThan(0);
    expect(strip(r)).toBe(strip(cold));
  }, 120_000);

  it('runs without cache, with a note, when the cache dir cannot be written', async () => {
    const blocker = join(repo.root, '..', 'not-a-dir');
    writeFileSync(blocker, '');
    const r = await render(opts(join(blocker, 'cache')));
    expect(r.findings.filter((f) => f.ruleId === 'render/cache-unavailable')).toHaveLength(1);
    expect(r.findings.find((f) => f.ruleId === 'render/cache-unavailable')?.severity).toBe('info');
    expect(JSON.stringify(r.manifests)).toBe(JSON.stringify(cold.manifests));
  }, 120_000);
});
