/**
 * Run helm / kubectl with nothing from the user's environment: argv array (no shell), an allow-listed env,
 * an empty KUBECONFIG, fresh HELM_*_HOME / XDG_* directories and an empty plugin folder per call
 * (as Argo CD's repo-server does per call, util/helm/cmd.go runWithStdin), a timeout, a memory limit and an
 * output cap (core's runLimited: own process group, killed as a group on a limit or a signal).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CHILD_LIMITS,
  describeLimitFailure,
  registerTempPath,
  runLimited,
  trustedPath,
} from '@neuroscale/core';

export interface IsolatedRunOptions {
  /** Absolute binary path. */
  binary: string;
  args: string[];
  cwd: string;
  /** Extra variables (e.g. ARGOCD_APP_* for kustomize). */
  env?: Record<string, string>;
  /** Milliseconds (default 120 s). */
  timeoutMs?: number;
  /** Bytes of stdout/stderr kept (default 64 MiB). */
  maxOutputBytes?: number;
  /** Address-space limit in bytes (default 4 GiB, where prlimit exists). */
  memoryBytes?: number;
}

export interface IsolatedRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the process did not finish on its own. */
  /** `budget`: not run, or stopped, because the render's run-wide tool time budget was used up. */
  failure?: 'timeout' | 'output-cap' | 'memory' | 'spawn' | 'budget';
}

/** Variables passed through from the parent process; everything else (tokens, KUBECONFIG, HELM_*) is dropped. */
export const TOOL_ENV_ALLOWLIST: readonly string[] = ['PATH', 'LANG', 'LC_ALL', 'TZ'];

export interface IsolatedToolEnvOptions {
  /** The per-call temporary home (holds kubeconfig, cache, config, data, plugins, tmp). */
  home: string;
  /** Environment to pick the allow-listed variables from (default process.env). */
  parentEnv?: NodeJS.ProcessEnv;
  /** Extra variables (e.g. ARGOCD_APP_* for kustomize). */
  extra?: Record<string, string>;
}

/**
 * The complete environment of a helm/kubectl call: the allow-listed variables of the parent, a private
 * HOME/TMPDIR, an empty KUBECONFIG, private HELM_* and XDG_* folders, then the caller's extras. Secrets in the
 * parent environment (GITHUB_TOKEN, AWS_*, KUBECONFIG, HELM_*) never reach the tool.
 */
export function isolatedToolEnv(options: IsolatedToolEnvOptions): Record<string, string> {
  const { home } = options;
  const parentEnv = options.parentEnv ?? process.env;
  const env: Record<string, string> = {};
  for (const k of TOOL_ENV_ALLOWLIST) {
    const v = parentEnv[k];
    // a tool that runs another program (kustomize → git) must not find it inside the scanned tree
    if (v !== undefined) env[k] = k === 'PATH' ? trustedPath(v) : v;
  }
  return Object.assign(env, {
    HOME: home,
    TMPDIR: join(home, 'tmp'),
    KUBECONFIG: join(home, 'kubeconfig'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_PLUGINS: join(home, 'plugins'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    ...options.extra,
  });
}

export async function runIsolatedTool(options: IsolatedRunOptions): Promise<IsolatedRunResult> {
  const home = await mkdtemp(join(tmpdir(), 'neuroscale-tool-'));
  const unregister = registerTempPath(home);
  try {
    await writeFile(join(home, 'kubeconfig'), '');
    const dirs = ['cache', 'config', 'data', 'plugins', 'tmp'];
    await Promise.all(dirs.map((d) => mkdir(join(home, d))));
    const env = isolatedToolEnv({ home, ...(options.env ? { extra: options.env } : {}) });
    const limits = {
      timeoutMs: options.timeoutMs ?? DEFAULT_CHILD_LIMITS.timeoutMs,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_CHILD_LIMITS.maxOutputBytes,
    };
    const r = await runLimited({
      command: options.binary,
      args: options.args,
      cwd: options.cwd,
      env,
      ...limits,
      ...(options.memoryBytes !== undefined ? { memoryBytes: options.memoryBytes } : {}),
    });
    const result: IsolatedRunResult = { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    if (r.failure) {
      result.failure = r.failure;
      if (result.exitCode === 0) result.exitCode = -1;
      // the limit, in words, ahead of whatever the tool printed before it was stopped
      const what = describeLimitFailure(r, limits) ?? r.failure;
      result.stderr = r.failure === 'spawn' ? what : `${what}\n${r.stderr}`.trimEnd();
    }
    return result;
  } finally {
    await rm(home, { recursive: true, force: true });
    unregister();
  }
}
