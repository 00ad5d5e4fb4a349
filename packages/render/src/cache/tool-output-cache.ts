/**
 * Content-addressed cache of helm / kubectl kustomize runs. The key is the sha256 of every input:
 * the binary's own sha256 (two builds of one version never share an entry), the argv template, the env, the
 * bytes of every file the tool may read (the chart or kustomization closure, value files, generated inline
 * values) and this package's version. The tool runs on a private copy of exactly those files, so an input the
 * key does not cover cannot influence the output.
 * Memory layer (one render) → disk layer (cacheDir, outside the scanned repository) → subprocess, limited to
 * `concurrency` at once. A disk entry is checked on read (shape and the key it was written for); anything
 * else is a miss. Writes are temp + rename, so concurrent runs sharing the cache never see half an entry.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileSha256, registerTempPath } from '@neuroscale/core';
import { type IsolatedRunResult, runIsolatedTool } from '../tool-sandbox/run-isolated-tool.js';
import type { Limiter } from './concurrency-limit.js';

/** Bump when the stored format or the invocation semantics change. */
const CACHE_FORMAT = 2;

// by package name: works from src/, from this package's dist/ and from the CLI's bundle (which inlines this file)
const PACKAGE_VERSION = (() => {
  try {
    return (createRequire(import.meta.url)('@neuroscale/render/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

export const WORK = '${WORK}';

export interface ToolInvocation {
  binary: string;
  /** Arguments; `${WORK}` is replaced by the private work directory (the copied repo lives in `${WORK}/repo`). */
  args: string[];
  /** Working directory relative to `${WORK}`. */
  cwd: string;
  /** Repository files the tool may read: copied to `${WORK}/repo/<rel>`. */
  files: { rel: string; abs: string }[];
  /** Files created in `${WORK}` (paths relative to it), e.g. inline values or an edited kustomization. */
  writes?: { rel: string; content: string }[];
  env?: Record<string, string>;
  timeoutMs?: number;
  maxOutputBytes?: number;
}

export interface ToolRunStats {
  subprocesses: number;
  diskHits: number;
  memoryHits: number;
}

export interface ToolRunner {
  run(inv: ToolInvocation): Promise<IsolatedRunResult>;
  readonly stats: ToolRunStats;
}

export interface ToolRunnerOptions {
  cacheDir?: string;
  limit: Limiter;
  /** Wall time all helm/kubectl runs of this render may take together (default DEFAULT_TOOL_TIME_BUDGET_MS). */
  toolTimeBudgetMs?: number;
}

/**
 * One helm or kustomize run: Argo CD's repo-server default (`ARGOCD_EXEC_TIMEOUT`, 90 s, argo-cd `util/exec`).
 * A chart looping for minutes fails there too.
 */
export const TOOL_RUN_TIMEOUT_MS = 90_000;

/**
 * All tool runs of one render together. A pull request can add many charts that each loop until the per-run
 * timeout; without a run-wide cap, N of them cost N × 90 s / concurrency of CI time. Runs that would start
 * after it is spent are not started (`failure: 'budget'`, a finding on their app), and a run in progress is
 * cut at the budget's end.
 */
export const DEFAULT_TOOL_TIME_BUDGET_MS = 10 * 60_000;

/** The binary's content hash (memoised per path, size and mtime in core). */
function binaryId(path: string): string {
  try {
    return fileSha256(path);
  } catch {
    // unreadable binary: the run fails to spawn; never share an entry
    return `unreadable:${path}:${Math.random()}`;
  }
}

/** A stored entry is used only when it parses to the shape we write, for the key we looked up. */
function parseEntry(text: string, key: string): IsolatedRunResult | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const e = v as { key?: unknown; result?: Record<string, unknown> };
  const r = e.result;
  if (e.key !== key || typeof r !== 'object' || r === null) return undefined;
  if (!Number.isInteger(r.exitCode) || typeof r.stdout !== 'string' || typeof r.stderr !== 'string') {
    return undefined;
  }
  // limit hits (timeout, memory, output cap) are never stored: they depend on the machine, not the inputs
  if (r.failure !== undefined) return undefined;
  return { exitCode: r.exitCode as number, stdout: r.stdout, stderr: r.stderr };
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

// long: a factory whose closure (memory cache, in-flight map, stats) is shared by run() and its disk-cache steps
export function createToolRunner(options: ToolRunnerOptions): ToolRunner {
  const stats: ToolRunStats = { subprocesses: 0, diskHits: 0, memoryHits: 0 };
  const memory = new Map<string, Promise<IsolatedRunResult>>();
  const budgetMs = options.toolTimeBudgetMs ?? DEFAULT_TOOL_TIME_BUDGET_MS;
  const deadline = Date.now() + budgetMs;

  const execute = async (inv: ToolInvocation): Promise<IsolatedRunResult> => {
    const contents = await Promise.all(inv.files.map((f) => readFile(f.abs)));
    const files = inv.files.map((f, i) => [f.rel, sha256(contents[i]!)] as const);
    files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const writes = (inv.writes ?? []).map((w) => [w.rel, sha256(w.content)] as const);
    const key = sha256(
      JSON.stringify({
        v: CACHE_FORMAT,
        pkg: PACKAGE_VERSION,
        bin: binaryId(inv.binary),
        args: inv.args,
        cwd: inv.cwd,
        env: Object.entries(inv.env ?? {}).sort(),
        files,
        writes,
      }),
    );
    const hit = memory.get(key);
    if (hit) {
      stats.memoryHits++;
      return hit;
    }
    const p = (async () => {
      const diskFile = options.cacheDir ? join(options.cacheDir, key.slice(0, 2), `${key}.json`) : undefined;
      if (diskFile) {
        let text: string | undefined;
        try {
          text = await readFile(diskFile, 'utf8');
        } catch {
          // miss
        }
        const stored = text === undefined ? undefined : parseEntry(text, key);
        if (stored) {
          stats.diskHits++;
          return stored;
        }
      }
      const result = await options.limit(async (): Promise<IsolatedRunResult> => {
        const left = deadline - Date.now();
        const budgetStderr = `the render's tool time budget (${Math.round(budgetMs / 1000)} s for all helm and kustomize runs) is used up`;
        if (left <= 0) return { exitCode: -1, stdout: '', stderr: budgetStderr, failure: 'budget' };
        const perRun = inv.timeoutMs ?? TOOL_RUN_TIMEOUT_MS;
        const work = await mkdtemp(join(tmpdir(), 'neuroscale-render-'));
        const unregister = registerTempPath(work);
        try {
          await Promise.all(
            inv.files.map(async (f, i) => {
              const dest = join(work, 'repo', f.rel);
              await mkdir(dirname(dest), { recursive: true });
              await writeFile(dest, contents[i]!);
            }),
          );
          for (const w of inv.writes ?? []) {
            const dest = join(work, w.rel);
            await mkdir(dirname(dest), { recursive: true });
            await writeFile(dest, w.content);
          }
          const cwd = join(work, inv.cwd);
          await mkdir(cwd, { recursive: true });
          const sub = (s: string) => s.split(WORK).join(work);
          stats.subprocesses++;
          const r = await runIsolatedTool({
            binary: inv.binary,
            args: inv.args.map(sub),
            cwd,
            env: inv.env,
            timeoutMs: Math.min(perRun, left),
            maxOutputBytes: inv.maxOutputBytes,
          });
          // stopped by the run-wide budget, not by its own timeout
          if (r.failure === 'timeout' && left < perRun) {
            r.failure = 'budget';
            r.stderr = budgetStderr;
          }
          // never leak the random work dir into output or cache
          r.stdout = r.stdout.split(work).join(WORK);
          r.stderr = r.stderr.split(work).join(WORK);
          return r;
        } finally {
          await rm(work, { recursive: true, force: true });
          unregister();
        }
      });
      if (diskFile && !result.failure) {
        const tmp = `${diskFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        try {
          await mkdir(dirname(diskFile), { recursive: true });
          await writeFile(tmp, JSON.stringify({ key, result }));
          await rename(tmp, diskFile);
        } catch {
          // a read-only or full cache dir only costs speed
          await rm(tmp, { force: true }).catch(() => {});
        }
      }
      return result;
    })();
    memory.set(key, p);
    return p;
  };

  return { run: execute, stats };
}
