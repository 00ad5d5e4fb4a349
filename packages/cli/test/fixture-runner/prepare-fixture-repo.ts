/**
 * Turn a fixtures/<case>/ folder into a throw-away git repository the CLI can run in.
 *
 * Plain case: everything in the folder except the fixture's own files (expected.json, args.json,
 * README.md) is copied and committed once. Cost case (a base/ and a head/ folder): base/ is
 * committed first, then the tree is replaced by head/ and committed on top, so `--base HEAD~1`
 * names the base revision.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repoURL every fixture's Applications and neuroscale.config.yaml use. */
export const FIXTURE_REMOTE = 'https://github.com/neuroscale/fixtures.git';

/** Files of the fixture itself, never part of the input tree. */
export const FIXTURE_OWN_FILES = new Set(['expected.json', 'args.json', 'README.md']);

export interface PreparedRepo {
  dir: string;
  /** True when the case has base/ and head/ (two commits). */
  twoRevisions: boolean;
  dispose: () => void;
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=fixtures', '-c', 'user.email=fixtures@example.com', ...args], {
    cwd: dir,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

function copyTree(from: string, to: string, skip: ReadonlySet<string>): void {
  for (const entry of readdirSync(from)) {
    if (skip.has(entry)) continue;
    cpSync(join(from, entry), join(to, entry), { recursive: true });
  }
}

function clearWorkingTree(dir: string): void {
  for (const entry of readdirSync(dir)) {
    if (entry !== '.git') rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

export function isTwoRevisionCase(caseDir: string): boolean {
  return existsSync(join(caseDir, 'base')) && existsSync(join(caseDir, 'head'));
}

export function prepareFixtureRepo(caseDir: string): PreparedRepo {
  const dir = mkdtempSync(join(tmpdir(), 'ns-fixture-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'remote', 'add', 'origin', FIXTURE_REMOTE);
  const twoRevisions = isTwoRevisionCase(caseDir);
  if (twoRevisions) {
    copyTree(join(caseDir, 'base'), dir, new Set());
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    clearWorkingTree(dir);
    copyTree(join(caseDir, 'head'), dir, new Set());
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'head', '--allow-empty');
  } else {
    copyTree(caseDir, dir, FIXTURE_OWN_FILES);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'fixture');
  }
  return { dir, twoRevisions, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
