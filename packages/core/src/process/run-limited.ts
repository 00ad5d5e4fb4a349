/**
 * Run a child process with a time limit, a memory limit and an output cap, in its own process group.
 * A limit hit is data (`failure`), never a throw: the caller turns it into a finding on the app or source.
 *
 * Memory: on Linux the child runs under `prlimit --as=<bytes>` (util-linux) when prlimit exists; RLIMIT_AS
 * bounds the address space, so an allocation past it fails inside the child (Go prints "out of memory").
 * Without prlimit (macOS, Windows, minimal images) there is no memory limit: Node cannot set rlimits on a
 * child by itself, and a `sh -c 'ulimit -v'` wrapper would need a shell, which we never use for argv built
 * from input. The time limit and the output cap still apply.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { registerChildProcess } from './cleanup-registry.js';
import { trustedPathEntries } from './trusted-path.js';

// Node's child_process is loaded by the first run, not with this module (start-up of runs that spawn nothing).
const childProcess = () => process.getBuiltinModule('node:child_process');

export interface RunLimitedOptions {
  command: string;
  args: readonly string[];
  cwd?: string;
  /** The complete environment (nothing is inherited). */
  env: Record<string, string>;
  /** Milliseconds before the process group is killed (default 120 s). */
  timeoutMs?: number;
  /** Bytes of stdout plus stderr kept before the process group is killed (default 64 MiB). */
  maxOutputBytes?: number;
  /** Address-space limit in bytes (default 4 GiB; 0 = none). Needs prlimit. */
  memoryBytes?: number;
  /** Bytes written to stdin (default: stdin closed). */
  input?: string | Uint8Array;
  /** Keep stdout as bytes (git cat-file). */
  binaryStdout?: boolean;
}

export interface RunLimitedResult {
  exitCode: number;
  stdout: string;
  stdoutBytes?: Buffer;
  stderr: string;
  signal?: string;
  failure?: 'timeout' | 'output-cap' | 'memory' | 'spawn';
  /** The memory limit that applied (bytes), when one did. */
  memoryLimit?: number;
}

export const DEFAULT_CHILD_LIMITS = {
  timeoutMs: 120_000,
  maxOutputBytes: 64 * 1024 * 1024,
  // helm and kubectl reserve ~1 GiB of address space at start (Go's page summary); 4 GiB leaves room to work
  memoryBytes: 4 * 1024 * 1024 * 1024,
} as const;

let prlimitPath: string | null | undefined;
/** prlimit from util-linux (Linux only), or undefined. Memoised per process. */
export function findPrlimit(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (prlimitPath !== undefined) return prlimitPath ?? undefined;
  prlimitPath = null;
  if (process.platform === 'linux') {
    const dirs = ['/usr/bin', '/bin', ...trustedPathEntries(env.PATH)];
    for (const d of dirs) {
      const p = join(d, 'prlimit');
      try {
        accessSync(p, constants.X_OK);
        prlimitPath = p;
        break;
      } catch {
        /* next */
      }
    }
  }
  return prlimitPath ?? undefined;
}

const OOM = /out of memory|cannot allocate memory|failed to reserve page summary memory/i;

// long: one child process's lifecycle (spawn, limits, timers, output caps, exit) sharing its handles in one Promise executor
export function runLimited(options: RunLimitedOptions): Promise<RunLimitedResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHILD_LIMITS.timeoutMs;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_CHILD_LIMITS.maxOutputBytes;
  const memoryBytes = options.memoryBytes ?? DEFAULT_CHILD_LIMITS.memoryBytes;
  const prlimit = memoryBytes > 0 ? findPrlimit(options.env) : undefined;
  const [cmd, args] = prlimit
    ? [prlimit, [`--as=${memoryBytes}`, '--', options.command, ...options.args]]
    : [options.command, [...options.args]];

  if (prlimit) {
    // prlimit would report a missing binary as its own exit status; say it as a spawn failure instead
    try {
      accessSync(options.command, constants.X_OK);
    } catch (e) {
      return Promise.resolve({
        exitCode: -1,
        stdout: '',
        stderr: `spawn ${options.command} ${(e as NodeJS.ErrnoException).code ?? 'failed'}`,
        failure: 'spawn',
      });
    }
  }
  return new Promise((resolvePromise) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: RunLimitedResult['failure'];
    let settled = false;
    let unregister = () => {};
    const child = childProcess().spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env,
      // own process group: a timeout or a signal kills helm's own children too
      detached: process.platform !== 'win32',
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    if (child.pid !== undefined) unregister = registerChildProcess(child.pid);
    const timer = setTimeout(() => {
      failure ??= 'timeout';
      killGroup();
    }, timeoutMs);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (failure === 'output-cap') return;
      size += chunk.length;
      if (size > maxOutput) {
        failure ??= 'output-cap';
        killGroup();
        return;
      }
      into.push(chunk);
    };
    child.stdout?.on('data', collect(out));
    child.stderr?.on('data', collect(err));
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }
    const finish = (exitCode: number, signal?: string, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unregister();
      const stdoutBytes = Buffer.concat(out);
      let stderr = Buffer.concat(err).toString('utf8');
      if (spawnError) {
        failure = 'spawn';
        stderr ||= spawnError.message;
      }
      if (!failure && prlimit && exitCode !== 0 && OOM.test(stderr)) failure = 'memory';
      const result: RunLimitedResult = {
        exitCode: failure && exitCode === 0 ? -1 : exitCode,
        stdout: options.binaryStdout ? '' : stdoutBytes.toString('utf8'),
        stderr,
      };
      if (options.binaryStdout) result.stdoutBytes = stdoutBytes;
      if (signal) result.signal = signal;
      if (failure) result.failure = failure;
      if (prlimit) result.memoryLimit = memoryBytes;
      resolvePromise(result);
    };
    child.on('error', (e) => finish(-1, undefined, e));
    child.on('close', (code, signal) => finish(code ?? -1, signal ?? undefined));
  });
}

/** One line for a finding message: what limit was hit. */
export function describeLimitFailure(
  r: RunLimitedResult,
  options: { timeoutMs?: number; maxOutputBytes?: number } = {},
): string | undefined {
  switch (r.failure) {
    case 'timeout':
      return `timed out after ${Math.round((options.timeoutMs ?? DEFAULT_CHILD_LIMITS.timeoutMs) / 1000)} s`;
    case 'output-cap':
      return `output exceeded the cap of ${options.maxOutputBytes ?? DEFAULT_CHILD_LIMITS.maxOutputBytes} bytes`;
    case 'memory':
      return `ran out of memory under the limit of ${r.memoryLimit} bytes`;
    case 'spawn':
      return `could not be started: ${r.stderr.split('\n')[0]}`;
    default:
      return undefined;
  }
}
