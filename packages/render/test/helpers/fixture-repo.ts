/**
 * Materialise a fixture repository in a temp dir: copy test/fixtures/<case>/repo, `git init`, add the remote
 * the fixture's Applications point at, and create the symlinks listed in case.json (symlinks that leave the
 * repository cannot live in the fixture tree itself).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { type RenderResult, render } from '../../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const FIXTURE_REMOTE = 'git@github.com:example/gitops-fixtures.git';

export interface CaseConfig {
  /** link path (repo-relative) → target (relative to the link, or absolute; `$OUTSIDE` = a dir outside the repo). */
  symlinks?: Record<string, string>;
  roots?: string[];
  kubeVersion?: string;
  /** The render's `argocd` option (the config file's `argocd:` section). */
  argocd?: import('../../src/environment/argocd-environment.js').ArgocdEnvironmentConfig;
  /** repo-relative path → size in bytes: sparse files (no disk cost) for size-limit cases. */
  sparseFiles?: Record<string, number>;
  /** repo-relative folder → number of tiny manifest files to create in it (count-limit cases). */
  manyFiles?: Record<string, number>;
}

export interface FixtureRepo {
  root: string;
  outside: string;
  config: CaseConfig;
  cleanup(): void;
}

/** `fixturesDir`: the folder holding the case (test/fixtures by default; the hostile tests keep their own). */
export function materialise(caseName: string, fixturesDir: string = FIXTURES): FixtureRepo {
  const base = mkdtempSync(join(tmpdir(), `ns-render-${caseName}-`));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  cpSync(join(fixturesDir, caseName, 'repo'), root, { recursive: true });
  mkdirSync(outside, { recursive: true });
  execFileSync(
    'sh',
    ['-c', 'printf "apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: stolen\\n" > secret.yaml'],
    { cwd: outside },
  );
  const configFile = join(fixturesDir, caseName, 'case.json');
  const config: CaseConfig = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : {};
  for (const [link, target] of Object.entries(config.symlinks ?? {})) {
    const abs = join(root, link);
    mkdirSync(dirname(abs), { recursive: true });
    symlinkSync(target.replace('$OUTSIDE', outside), abs);
  }
  for (const [rel, size] of Object.entries(config.sparseFiles ?? {})) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, 'apiVersion: v1\n');
    truncateSync(abs, size);
  }
  for (const [rel, count] of Object.entries(config.manyFiles ?? {})) {
    mkdirSync(join(root, rel), { recursive: true });
    for (let i = 0; i < count; i++) writeFileSync(join(root, rel, `f${i}.yaml`), '# empty\n');
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('remote', 'add', 'origin', FIXTURE_REMOTE);
  return { root, outside, config, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/**
 * For a test file: materialise `caseName` and render it from `bootstrap/*.yaml` once before its tests, remove
 * it after them. Read `fixture.repo` and `fixture.result` inside tests (they are set by then).
 */
export function useRenderedFixture(caseName: string): { repo: FixtureRepo; result: RenderResult } {
  const fixture = {} as { repo: FixtureRepo; result: RenderResult };
  beforeAll(async () => {
    fixture.repo = materialise(caseName);
    fixture.result = await render({
      repoRoot: fixture.repo.root,
      roots: ['bootstrap/*.yaml'],
      cacheDir: join(fixture.repo.root, '..', 'cache'),
    });
  }, 60_000);
  afterAll(() => fixture.repo?.cleanup());
  return fixture;
}
