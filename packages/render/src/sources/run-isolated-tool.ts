/**
 * Run helm / kubectl with nothing from the user's environment: argv array (no shell), an allow-listed env,
 * an empty KUBECONFIG, fresh HELM_*_HOME / XDG_* directories and an empty plugin folder per call
 * (as Argo CD's repo-server does per call, util/helm/cmd.go runWithStdin), a timeout and an output cap.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

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
}

export interface IsolatedRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the process did not finish on its own. */
  failure?: 'timeout' | 'output-cap' | 'spawn';
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
    if (v !== undefined) env[k] = v;
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
  try {
    await writeFile(join(home, 'kubeconfig'), '');
    const dirs = ['cache', 'config', 'data', 'plugins', 'tmp'];
    await Promise.all(dirs.map((d) => mkdir(join(home, d))));
    const env = isolatedToolEnv({ home, ...(options.env ? { extra: options.env } : {}) });
    const maxBuffer = options.maxOutputBytes ?? 64 * 1024 * 1024;
    const r = await execa(options.binary, options.args, {
      cwd: options.cwd,
      env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer,
      stripFinalNewline: false,
      encoding: 'utf8',
    });
    const result: IsolatedRunResult = {
      exitCode: typeof r.exitCode === 'number' ? r.exitCode : -1,
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: typeof r.stderr === 'string' ? r.stderr : '',
    };
    if (r.timedOut) result.failure = 'timeout';
    else if (r.isMaxBuffer) result.failure = 'output-cap';
    else if (r.failed && r.exitCode === undefined) result.failure = 'spawn';
    if (result.failure && result.exitCode === 0) result.exitCode = -1;
    if (result.failure === 'spawn' && !result.stderr) result.stderr = String(r.message ?? 'spawn failed');
    return result;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
