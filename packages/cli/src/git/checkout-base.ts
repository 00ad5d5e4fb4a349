/**
 * Materialise another revision of the repository for `--base`, without touching the working tree and
 * without running anything the repository configures.
 *
 * A `--no-checkout` detached worktree in a temp folder gives the base its own `.git` link (remotes and HEAD
 * for repoURL matching, an index for `git ls-files`), but git itself writes no file: checkout would run the
 * smudge/process filters named in `.gitattributes` (git-lfs, or any `filter.<name>.smudge` in the user's
 * config), and those cannot all be switched off with `-c`. The files are written by us from the raw objects
 * (`ls-tree` + `cat-file --batch`): blobs byte for byte, symlinks as symlinks, submodules as empty folders, as
 * Argo CD's repo-server sees a checkout without submodules. Every git call goes through core's runGitSync
 * (fsmonitor and hooks off, time, memory and output limits). The temp folder and worktree are registered in
 * core's cleanup registry, so a SIGINT/SIGTERM removes them too.
 */
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { registerTempPath, runGitSync } from '@neuroscale/core';

export type BaseCheckout =
  | { ok: true; dir: string; commit: string; dispose: () => void }
  | { ok: false; message: string };

export interface CheckoutBaseOptions {
  /** Bytes of object data read for the base tree (default 256 MiB); more is a finding, not a crash. */
  maxBytes?: number;
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  path: string;
}

function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const rec of out.toString('utf8').split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode = '', type = '', oid = ''] = rec.slice(0, tab).split(' ');
    entries.push({ mode, type, oid, path: rec.slice(tab + 1) });
  }
  return entries;
}

/** `cat-file --batch` output: `<oid> <type> <size>\n<bytes>\n` per object. */
function parseBatch(out: Buffer): Map<string, Buffer> {
  const objects = new Map<string, Buffer>();
  let off = 0;
  while (off < out.length) {
    const nl = out.indexOf(10, off);
    if (nl < 0) break;
    const [oid = '', type = '', size = ''] = out.subarray(off, nl).toString('latin1').split(' ');
    if (type === 'missing' || size === '') {
      off = nl + 1;
      continue;
    }
    const n = Number(size);
    objects.set(oid, out.subarray(nl + 1, nl + 1 + n));
    off = nl + 1 + n + 1;
  }
  return objects;
}

/** A tree path git would check out (git's verify_path: no `..`, `.`, `.git` components, not absolute). */
function safeTreePath(p: string): boolean {
  if (!p || p.startsWith('/') || p.includes('\\')) return false;
  return p.split('/').every((c) => c !== '' && c !== '.' && c !== '..' && c.toLowerCase() !== '.git');
}

/** Every safe path of the commit and the bytes of its blobs, read through git's object store (no filters). */
function readBaseTree(
  repoRoot: string,
  commit: string,
  maxBytes: number,
): { entries: TreeEntry[]; objects: Map<string, Buffer> } | { message: string } {
  const tree = runGitSync(['ls-tree', '-r', '-z', '--full-tree', commit], {
    cwd: repoRoot,
    maxOutputBytes: maxBytes,
  });
  if (!tree.ok) return { message: tree.message };
  const entries = parseLsTree(tree.stdout).filter((e) => safeTreePath(e.path));
  const blobs = [...new Set(entries.filter((e) => e.type === 'blob').map((e) => e.oid))];
  const batch = runGitSync(['cat-file', '--batch'], {
    cwd: repoRoot,
    input: blobs.map((o) => `${o}\n`).join(''),
    maxOutputBytes: maxBytes,
  });
  if (!batch.ok) return { message: batch.message };
  return { entries, objects: parseBatch(batch.stdout) };
}

/** Write the tree into the (empty) worktree folder; throws on a file system error. */
function writeBaseTree(dir: string, tree: { entries: TreeEntry[]; objects: Map<string, Buffer> }): void {
  mkdirSync(dir, { recursive: true });
  const root = realpathSync(dir);
  // folders already made and found inside the checkout: one mkdir and one realpath per folder, not per file
  const inside = new Set<string>([dir]);
  for (const e of tree.entries) {
    const dest = join(dir, e.path);
    const parent = dirname(dest);
    if (!inside.has(parent)) {
      mkdirSync(parent, { recursive: true });
      // a symlink written earlier must not redirect a later write outside the checkout
      const realParent = realpathSync(parent);
      if (realParent !== root && !realParent.startsWith(root + sep)) continue;
      inside.add(parent);
    }
    if (e.type === 'commit') {
      mkdirSync(dest, { recursive: true });
      continue;
    }
    const data = tree.objects.get(e.oid);
    if (!data) continue;
    if (e.mode === '120000') {
      symlinkSync(data.toString('utf8'), dest);
    } else {
      writeFileSync(dest, data);
      if (e.mode === '100755') chmodSync(dest, 0o755);
    }
  }
}

export function checkoutBase(repoRoot: string, ref: string, options: CheckoutBaseOptions = {}): BaseCheckout {
  const rev = runGitSync(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoRoot });
  if (!rev.ok) return { ok: false, message: `base revision "${ref}" does not exist in this repository` };
  const commit = rev.stdout.toString('utf8').trim();

  const parent = mkdtempSync(join(tmpdir(), 'neuroscale-base-'));
  const dir = join(parent, 'tree');
  let added = false;
  const removeWorktree = () => {
    if (added) {
      const r = runGitSync(['worktree', 'remove', '--force', dir], { cwd: repoRoot });
      if (!r.ok) {
        rmSync(dir, { recursive: true, force: true });
        runGitSync(['worktree', 'prune'], { cwd: repoRoot });
      }
      added = false;
    }
    rmSync(parent, { recursive: true, force: true });
  };
  const unregister = registerTempPath(parent, removeWorktree);
  const fail = (message: string): BaseCheckout => {
    removeWorktree();
    unregister();
    return { ok: false, message: `cannot check out base revision "${ref}": ${message}` };
  };

  const add = runGitSync(['worktree', 'add', '--no-checkout', '--detach', '--quiet', dir, commit], {
    cwd: repoRoot,
  });
  if (!add.ok) return fail(add.message);
  added = true;
  // the worktree's index (for `git ls-files --cached`); read-tree without -u writes no file and runs no filter
  const index = runGitSync(['read-tree', commit], { cwd: dir });
  if (!index.ok) return fail(index.message);

  const read = readBaseTree(repoRoot, commit, options.maxBytes ?? 256 * 1024 * 1024);
  if ('message' in read) return fail(read.message);
  try {
    writeBaseTree(dir, read);
  } catch (err) {
    return fail((err as Error).message);
  }

  return {
    ok: true,
    dir,
    commit,
    dispose: () => {
      removeWorktree();
      unregister();
    },
  };
}
