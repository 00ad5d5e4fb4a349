/**
 * Everything a run creates outside the caller's control (temp folders, git worktrees, child process
 * groups) is registered here on creation, so the CLI can remove / kill it on SIGINT or SIGTERM before it
 * exits 130 / 143. Library code only registers and unregisters; it never installs signal handlers.
 */
import { rmSync } from 'node:fs';

type Cleanup = () => void;

const temps = new Map<string, Cleanup | undefined>();
const children = new Set<number>();

/**
 * Register a temporary folder (removed recursively on cleanup). `onCleanup` replaces the default removal
 * (e.g. `git worktree remove`). Returns the function that unregisters it (call it after a normal removal).
 */
export function registerTempPath(path: string, onCleanup?: Cleanup): () => void {
  temps.set(path, onCleanup);
  return () => {
    temps.delete(path);
  };
}

/** Register a child started with `detached: true` (its pid is its process group id). */
export function registerChildProcess(pid: number): () => void {
  children.add(pid);
  return () => {
    children.delete(pid);
  };
}

/** What is registered right now (tests, diagnostics). */
export function registeredResources(): { tempPaths: string[]; childPids: number[] } {
  return { tempPaths: [...temps.keys()], childPids: [...children] };
}

/**
 * Kill every registered child process group (SIGKILL: a signal handler is no place to wait) and remove
 * every registered temp path. Synchronous, never throws: it runs inside a signal handler.
 */
export function cleanupRegisteredSync(): { killed: number; removed: number } {
  let killed = 0;
  let removed = 0;
  for (const pid of children) {
    try {
      // negative pid = the whole process group (helm's and kubectl's own children too)
      process.kill(-pid, 'SIGKILL');
      killed++;
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        /* already gone */
      }
    }
  }
  children.clear();
  // newest first: a worktree registered after its parent temp folder goes before it
  for (const [path, onCleanup] of [...temps].reverse()) {
    try {
      if (onCleanup) onCleanup();
    } catch {
      /* fall through to plain removal */
    }
    try {
      rmSync(path, { recursive: true, force: true });
      removed++;
    } catch {
      /* best effort */
    }
  }
  temps.clear();
  return { killed, removed };
}
