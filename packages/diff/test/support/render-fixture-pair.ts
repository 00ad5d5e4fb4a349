/**
 * A fixture pair rendered as the CLI renders it: test/fixtures/<case>/{base,head} copied to a temp folder each,
 * `git init` (render reads the remote), rendered by @neuroscale/render with the real pinned helm/kubectl.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RenderResult, render } from '@neuroscale/render';
import type { IgnoreDifferencesOverrides } from '../../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const REMOTE = 'https://github.com/example/gitops-fixtures.git';

export interface CaseConfig {
  ignoreDifferencesOverrides?: IgnoreDifferencesOverrides;
}

export interface RenderedPair {
  base: RenderResult;
  head: RenderResult;
  config: CaseConfig;
}

export async function renderFixturePair(name: string): Promise<RenderedPair> {
  const tmp = mkdtempSync(join(tmpdir(), `ns-diff-${name}-`));
  try {
    const side = async (which: 'base' | 'head') => {
      const root = join(tmp, which);
      cpSync(join(FIXTURES, name, which), root, { recursive: true });
      execFileSync('git', ['init', '-q'], { cwd: root, stdio: 'ignore' });
      execFileSync('git', ['remote', 'add', 'origin', REMOTE], { cwd: root, stdio: 'ignore' });
      return render({ repoRoot: root, roots: ['bootstrap/*.yaml'], cacheDir: join(tmp, 'cache') });
    };
    const configFile = join(FIXTURES, name, 'case.json');
    const config: CaseConfig = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : {};
    return { base: await side('base'), head: await side('head'), config };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
