/**
 * The files of a tree that is not a git checkout (an exported archive), for the git generator: every regular
 * file under the root, repo-relative, sorted — what `git ls-files` lists in a checkout of the same content.
 * `.git` is skipped, symlinks are not followed, the walk is capped (a limit hit is reported by the caller).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '@neuroscale/core';

export const MAX_TREE_FILES = 200_000;

export function listTreeFiles(root: string, max = MAX_TREE_FILES): { files: string[]; truncated: boolean } {
  const files: string[] = [];
  let truncated = false;
  const walk = (abs: string, rel: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (truncated) return;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '.git') walk(join(abs, e.name), r);
      } else if (e.isFile() || e.isSymbolicLink()) {
        // git lists a symlink as a file; its target is resolved (and confined) where it is read
        if (files.length >= max) truncated = true;
        else files.push(r);
      }
    }
  };
  walk(root, '');
  return { files: files.sort(compareStrings), truncated };
}
