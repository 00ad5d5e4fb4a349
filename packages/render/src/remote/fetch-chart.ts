/**
 * Pull one chart archive with the pinned helm, as Argo CD's repo-server does (argo-cd util/helm/cmd.go Fetch
 * and PullOCI): `helm pull --repo <repoURL> <chart> [--version <v>] --destination <tmp>` for HTTP(S)
 * repositories, `helm pull oci://<ref> [--version <v>] --destination <tmp>` for OCI (`--plain-http` only for a
 * loopback registry). A `--version` constraint is resolved by helm itself (highest index entry / registry tag
 * that matches), which is the resolution Argo CD performs. helm runs in the tool sandbox (temporary homes, no
 * plugins, an empty kubeconfig); the only things taken from the user's environment are helm's own credential
 * files, HELM_REGISTRY_CONFIG and HELM_REPOSITORY_CONFIG, never their contents.
 * Limits: a TCP connect check with its own timeout before helm runs, a total time limit, and a size limit on
 * the archive (helm keeps a download in memory, bounded by the tool's memory limit and the time limit, and the
 * archive is refused past the size limit before anything is extracted or cached).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTempPath } from '@neuroscale/core';
import { runIsolatedTool } from '../tool-sandbox/run-isolated-tool.js';
import type { ChartReference } from './chart-reference.js';

export interface FetchLimits {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxDownloadBytes: number;
}

export type ChartFetch =
  | { ok: true; archive: Buffer; digest: string; fileName: string }
  | { ok: false; cause: string };

/** Credentials reach helm only through its own configuration files, named by the user's environment. */
export const HELM_CREDENTIAL_ENV = ['HELM_REGISTRY_CONFIG', 'HELM_REPOSITORY_CONFIG'] as const;

/** `https://user:secret@host` → `https://host`: no credential ever reaches a message. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/@\s]*@/g, '$1');
}

/** Can a TCP connection be opened within the connect timeout? */
export function probeConnect(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (cause: string | undefined) => {
      socket.destroy();
      resolve(cause);
    };
    socket.setTimeout(timeoutMs, () => done(`connecting to ${host}:${port} timed out after ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done(`cannot connect to ${host}:${port}: ${e.code ?? e.message}`),
    );
  });
}

export function helmPullArgs(
  ref: ChartReference,
  version: string | undefined,
  destination: string,
): string[] {
  const args = ['pull', ref.pullRef];
  if (ref.kind === 'http') args.push('--repo', ref.repoURL);
  if (version) args.push('--version', version);
  args.push('--destination', destination);
  if (ref.kind === 'oci' && ref.plainHttp) args.push('--plain-http');
  return args;
}

export async function fetchChartArchive(options: {
  helm: string;
  ref: ChartReference;
  /** Exact version or constraint ('' = latest). */
  version: string;
  limits: FetchLimits;
  env: NodeJS.ProcessEnv;
}): Promise<ChartFetch> {
  const { ref, limits } = options;
  const unreachable = await probeConnect(ref.host, ref.port, limits.connectTimeoutMs);
  if (unreachable) return { ok: false, cause: unreachable };
  const dest = await mkdtemp(join(tmpdir(), 'neuroscale-pull-'));
  const unregister = registerTempPath(dest);
  try {
    const credentials: Record<string, string> = {};
    for (const k of HELM_CREDENTIAL_ENV) {
      const v = options.env[k];
      if (v) credentials[k] = v;
    }
    const run = await runIsolatedTool({
      binary: options.helm,
      args: helmPullArgs(ref, options.version || undefined, dest),
      cwd: dest,
      env: credentials,
      timeoutMs: limits.totalTimeoutMs,
      maxOutputBytes: 1024 * 1024,
    });
    if (run.exitCode !== 0) {
      const why =
        run.failure === 'timeout'
          ? `no answer within ${limits.totalTimeoutMs} ms (the fetch time limit)`
          : run.stderr
              .trim()
              .replace(/^Error: /, '')
              .split('\n')[0] || `helm pull exited ${run.exitCode}`;
      return { ok: false, cause: redactUrlCredentials(why.split(dest).join('<tmp>')) };
    }
    const archives = (await readdir(dest)).filter((n) => n.endsWith('.tgz'));
    if (archives.length !== 1) return { ok: false, cause: 'helm pull did not produce one chart archive' };
    const file = join(dest, archives[0]!);
    const size = (await stat(file)).size;
    if (size > limits.maxDownloadBytes) {
      return {
        ok: false,
        cause: `the chart archive is ${size} bytes, over the download limit of ${limits.maxDownloadBytes} bytes`,
      };
    }
    const archive = await readFile(file);
    const digest = `sha256:${createHash('sha256').update(archive).digest('hex')}`;
    return { ok: true, archive, digest, fileName: archives[0]! };
  } finally {
    await rm(dest, { recursive: true, force: true });
    unregister();
  }
}
