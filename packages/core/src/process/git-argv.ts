/**
 * The one way the toolkit runs git. The scanned repository is data: its `.git/config` may name an
 * fsmonitor program or a hooks folder, which git would execute (core.fsmonitor runs on `status`,
 * `ls-files`, `worktree add`; hooks on `checkout`/`post-checkout`). Command-line `-c` settings win over every
 * config file (git-config(1), "command line" scope), so these turn the repository-local executables off.
 */

/** Config that turns off repository-controlled executables for every git call. */
export const SAFE_GIT_CONFIG: readonly string[] = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  // no credential prompt, no pager, no external diff / textconv drivers
  '-c',
  'core.pager=cat',
  '-c',
  'credential.helper=',
];

/** argv for `git` with the safe config in front. */
export function gitArgv(args: readonly string[]): string[] {
  return [...SAFE_GIT_CONFIG, ...args];
}

/** Environment for git: PATH and locale only; never the caller's GIT_* (GIT_DIR, GIT_EXTERNAL_DIFF, …). */
export function gitEnv(parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  for (const k of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT']) {
    const v = parent[k];
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/** Defaults for a synchronous git call (execFileSync / spawnSync options). */
export const GIT_TIMEOUT_MS = 60_000;
export const GIT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
