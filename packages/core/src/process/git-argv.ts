/**
 * The one way the toolkit runs git. The scanned repository is data: its `.git/config` may name an
 * fsmonitor program or a hooks folder, which git would execute (core.fsmonitor runs on `status`,
 * `ls-files`, `worktree add`; hooks on `checkout`/`post-checkout`). Command-line `-c` settings win over every
 * config file (git-config(1), "command line" scope), so these turn the repository-local executables off.
 */
import { DEFAULT_CHILD_LIMITS, findPrlimit } from './run-limited.js';
import { trustedPath } from './trusted-path.js';

// Node's child_process is loaded by the first git run, not with this module: `validate <file>` imports this
// module (the repository root lookup) but starts no process, and loading child_process is start-up time.
const childProcess = () => process.getBuiltinModule('node:child_process');

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
    // git is looked up on this PATH: never from inside the scanned tree (trusted-path.ts)
    if (v !== undefined) env[k] = k === 'PATH' ? trustedPath(v) : v;
  }
  return env;
}

/** Defaults for a synchronous git call. */
export const GIT_TIMEOUT_MS = 60_000;
export const GIT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface GitSyncOptions {
  cwd?: string;
  /** Bytes for stdin (e.g. object names for `cat-file --batch`). */
  input?: string;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Address-space limit (bytes, needs prlimit; default DEFAULT_CHILD_LIMITS.memoryBytes). */
  memoryBytes?: number;
  env?: NodeJS.ProcessEnv;
}

export type GitSyncResult =
  | { ok: true; stdout: Buffer }
  | { ok: false; message: string; failure?: 'timeout' | 'output-cap' | 'memory' | 'spawn' | 'exit' };

/**
 * A synchronous git call with the safe argv, a reduced env, a time limit, an output cap and (where prlimit
 * exists) a memory limit. Never throws: a limit or a git error is a message for the caller's finding.
 */
export function runGitSync(args: readonly string[], options: GitSyncOptions = {}): GitSyncResult {
  const env = gitEnv(options.env);
  const memoryBytes = options.memoryBytes ?? DEFAULT_CHILD_LIMITS.memoryBytes;
  const prlimit = memoryBytes > 0 ? findPrlimit(env) : undefined;
  const argv = gitArgv(args);
  const [cmd, full] = prlimit ? [prlimit, [`--as=${memoryBytes}`, '--', 'git', ...argv]] : ['git', argv];
  const timeout = options.timeoutMs ?? GIT_TIMEOUT_MS;
  const maxBuffer = options.maxOutputBytes ?? GIT_MAX_OUTPUT_BYTES;
  const r = childProcess().spawnSync(cmd, full, {
    cwd: options.cwd,
    env,
    input: options.input,
    timeout,
    maxBuffer,
    killSignal: 'SIGKILL',
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const stderr = r.stderr ? r.stderr.toString('utf8').trim() : '';
  const what = `git ${args
    .filter((a) => !a.startsWith('-'))
    .slice(0, 2)
    .join(' ')}`;
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ETIMEDOUT')
      return { ok: false, failure: 'timeout', message: `${what} timed out after ${timeout / 1000} s` };
    if (code === 'ENOBUFS') {
      return {
        ok: false,
        failure: 'output-cap',
        message: `${what} output exceeded the cap of ${maxBuffer} bytes`,
      };
    }
    return { ok: false, failure: 'spawn', message: `${what} could not be started: ${r.error.message}` };
  }
  if (r.status !== 0) {
    if (prlimit && /out of memory|cannot allocate memory/i.test(stderr)) {
      return {
        ok: false,
        failure: 'memory',
        message: `${what} ran out of memory under the limit of ${memoryBytes} bytes`,
      };
    }
    return {
      ok: false,
      failure: 'exit',
      message: stderr.split('\n')[0] || `${what} exited with ${r.status ?? r.signal}`,
    };
  }
  return { ok: true, stdout: r.stdout };
}
