/**
 * The PATH entries a program may be taken from. The scanned tree is data, and PATH can point into it
 * without the user meaning to: `npx neuroscale-validate` run inside a checked-out pull request puts
 * `<repo>/node_modules/.bin` first on PATH (npm exec adds the project's bin folders, npm/cli
 * `lib/commands/exec.js`), and the pull request may commit `node_modules/.bin/git`. So every PATH
 * lookup we make (git, prlimit, a helm/kubectl fallback) and every PATH we hand to a child drops
 * relative entries (they resolve against the working directory) and entries inside a tree registered
 * as untrusted (the scanned repository, its base checkout, the working directory of the run).
 */
import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, resolve, sep } from 'node:path';

const untrustedTrees = new Set<string>();

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Mark a folder (and everything under it) as never a source of programs for this process. */
export function registerUntrustedTree(dir: string): void {
  untrustedTrees.add(real(dir));
}

function insideUntrusted(dir: string): boolean {
  const abs = real(dir);
  for (const tree of untrustedTrees) {
    if (abs === tree || abs.startsWith(tree.endsWith(sep) ? tree : `${tree}${sep}`)) return true;
  }
  return false;
}

/** The PATH entries we may run programs from: absolute, outside every untrusted tree, in order. */
export function trustedPathEntries(pathValue: string | undefined): string[] {
  return (pathValue ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && isAbsolute(dir) && !insideUntrusted(dir));
}

/** PATH for a child process: the trusted entries of `pathValue`, joined. */
export function trustedPath(pathValue: string | undefined): string {
  return trustedPathEntries(pathValue).join(delimiter);
}
