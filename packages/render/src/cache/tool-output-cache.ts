/**
 * Content-addressed cache of helm / kubectl kustomize runs. The key is the sha256 of every input:
 * the binary (path, size, mtime), the argv template, the env, and the bytes of every file the tool may read
 * (the chart or kustomization closure, value files, generated inline values). The tool runs on a private
 * copy of exactly those files, so an input the key does not cover cannot influence the output.
 * Memory layer (one render) → disk layer (cacheDir) → subprocess, limited to `concurrency` at once.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type IsolatedRunResult, runIsolatedTool } from '../sources/run-isolated-tool.js';
import type { Limiter } from './concurrency-limit.js';

/** Bump when the stored format or the invocation semantics change. */
const CACHE_FORMAT = 1;

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
}

const binaryIds = new Map<string, string>();
function binaryId(path: string): string {
  let id = binaryIds.get(path);
  if (!id) {
    const st = statSync(path);
    id = `${path}:${st.size}:${Math.floor(st.mtimeMs)}`;
    binaryIds.set(path, id);
  }
  return id;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function createToolRunner(options: ToolRunnerOptions): ToolRunner {
  const stats: ToolRunStats = { subprocesses: 0, diskHits: 0, memoryHits: 0 };
  const memory = new Map<string, Promise<IsolatedRunResult>>();

  const execute = async (inv: ToolInvocation): Promise<IsolatedRunResult> => {
    const contents = await Promise.all(inv.files.map((f) => readFile(f.abs)));
    const files = inv.files.map((f, i) => [f.rel, sha256(contents[i]!)] as const);
    files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const writes = (inv.writes ?? []).map((w) => [w.rel, sha256(w.content)] as const);
    const key = sha256(
      JSON.stringify({
        v: CACHE_FORMAT,
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
        try {
          const stored = JSON.parse(await readFile(diskFile, 'utf8')) as IsolatedRunResult;
          stats.diskHits++;
          return stored;
        } catch {
          // miss
        }
      }
      const result = await options.limit(async () => {
        const work = await mkdtemp(join(tmpdir(), 'neuroscale-render-'));
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
            timeoutMs: inv.timeoutMs,
            maxOutputBytes: inv.maxOutputBytes,
          });
          // never leak the random work dir into output or cache
          r.stdout = r.stdout.split(work).join(WORK);
          r.stderr = r.stderr.split(work).join(WORK);
          return r;
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      });
      if (diskFile && !result.failure) {
        try {
          await mkdir(dirname(diskFile), { recursive: true });
          const tmp = `${diskFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
          await writeFile(tmp, JSON.stringify(result));
          await rename(tmp, diskFile);
        } catch {
          // a read-only cache dir only costs speed
        }
      }
      return result;
    })();
    memory.set(key, p);
    return p;
  };

  return { run: execute, stats };
}
