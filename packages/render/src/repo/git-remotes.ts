/**
 * Git facts read straight from the .git directory (no subprocess): remote URLs and the HEAD commit.
 * Handles `.git` files (worktrees, submodules: `gitdir: <path>`) and `commondir`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface GitDirs {
  gitDir: string;
  commonDir: string;
}

function findGitDirs(repoRoot: string): GitDirs | undefined {
  const dotGit = join(repoRoot, '.git');
  if (!existsSync(dotGit)) return undefined;
  let gitDir = dotGit;
  if (statSync(dotGit).isFile()) {
    const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!m) return undefined;
    gitDir = resolve(repoRoot, m[1]!);
  }
  let commonDir = gitDir;
  const commonFile = join(gitDir, 'commondir');
  if (existsSync(commonFile)) commonDir = resolve(gitDir, readFileSync(commonFile, 'utf8').trim());
  return { gitDir, commonDir };
}

/** URLs of every remote (`url` and `pushurl`) in the repository's git config. */
export function readGitRemoteURLs(repoRoot: string): string[] {
  const dirs = findGitDirs(repoRoot);
  if (!dirs) return [];
  const configFile = join(dirs.commonDir, 'config');
  if (!existsSync(configFile)) return [];
  const urls: string[] = [];
  let inRemote = false;
  for (const raw of readFileSync(configFile, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inRemote = /^\[remote\s+"[^"]*"\]$/.test(line);
      continue;
    }
    if (!inRemote) continue;
    const m = /^(url|pushurl)\s*=\s*(.*)$/i.exec(line);
    if (m) urls.push(m[2]!.replace(/^"(.*)"$/, '$1'));
  }
  return urls;
}

/** Commit SHA at HEAD, or undefined (detached, packed refs and loose refs supported). */
export function readGitHead(repoRoot: string): string | undefined {
  const dirs = findGitDirs(repoRoot);
  if (!dirs) return undefined;
  const headFile = join(dirs.gitDir, 'HEAD');
  if (!existsSync(headFile)) return undefined;
  const head = readFileSync(headFile, 'utf8').trim();
  if (/^[0-9a-f]{40,64}$/.test(head)) return head;
  const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  for (const dir of [dirs.gitDir, dirs.commonDir]) {
    const loose = join(dir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
  }
  const packed = join(dirs.commonDir, 'packed-refs');
  if (existsSync(packed)) {
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha) return sha;
    }
  }
  return undefined;
}
