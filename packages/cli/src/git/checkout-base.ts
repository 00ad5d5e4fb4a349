/**
 * Materialise another revision of the repository for `--base`, without touching the working tree:
 * a detached `git worktree` in a temp folder, removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type BaseCheckout =
  | { ok: true; dir: string; commit: string; dispose: () => void }
  | { ok: false; message: string };

export function checkoutBase(repoRoot: string, ref: string): BaseCheckout {
  const git = (args: string[], cwd = repoRoot) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return { ok: false, message: `base revision "${ref}" does not exist in ${repoRoot}` };
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'neuroscale-base-')), 'tree');
  try {
    git(['worktree', 'add', '--detach', '--quiet', dir, commit]);
  } catch (e) {
    return {
      ok: false,
      message: `cannot check out base revision "${ref}": ${(e as Error).message.split('\n')[0]}`,
    };
  }
  return {
    ok: true,
    dir,
    commit,
    dispose: () => {
      try {
        git(['worktree', 'remove', '--force', dir]);
      } catch {
        rmSync(dir, { recursive: true, force: true });
        try {
          git(['worktree', 'prune']);
        } catch {
          /* best effort */
        }
      }
    },
  };
}
