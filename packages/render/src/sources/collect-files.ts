/**
 * Every regular file under a folder (a chart, a kustomization folder), following symlinks only when they
 * stay inside the repository; a symlink that leaves it is reported and not read.
 */

import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareStrings } from '@neuroscale/core';
import { isInsideRepo } from '../repo/path-safety.js';

export interface CollectedFile {
  /** Repo-relative path where the tool will see it (the link's own path for symlinks). */
  rel: string;
  /** Absolute real path to read. */
  abs: string;
}

export interface CollectResult {
  files: CollectedFile[];
  /** Repo-relative paths of symlinks that resolve outside the repository. */
  escapes: string[];
}

export async function collectFiles(repoRoot: string, dirAbs: string, dirRel: string): Promise<CollectResult> {
  const files: CollectedFile[] = [];
  const escapes: string[] = [];
  const seenDirs = new Set<string>();
  const visit = async (abs: string, rel: string): Promise<void> => {
    const realDir = await realpath(abs);
    if (seenDirs.has(realDir)) return;
    seenDirs.add(realDir);
    const names = (await readdir(abs)).sort(compareStrings);
    for (const name of names) {
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const st = await lstat(childAbs);
      let real = childAbs;
      let isDir = st.isDirectory();
      let isFile = st.isFile();
      if (st.isSymbolicLink()) {
        try {
          real = await realpath(childAbs);
        } catch {
          continue;
        }
        if (!isInsideRepo(repoRoot, real)) {
          escapes.push(childRel);
          continue;
        }
        const rst = await stat(real);
        isDir = rst.isDirectory();
        isFile = rst.isFile();
      }
      if (isDir) {
        if (name === '.git') continue;
        await visit(real, childRel);
      } else if (isFile) files.push({ rel: childRel, abs: real });
    }
  };
  await visit(dirAbs, dirRel);
  return { files, escapes };
}
