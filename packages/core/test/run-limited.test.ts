/**
 * Child process limits (core runLimited / runGitSync): a limit hit is data, the whole process group dies,
 * and nothing stays registered for the signal cleanup.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanupRegisteredSync,
  registerTempPath,
  resolveTool,
  runGitSync,
  runLimited,
} from '../src/index.js';
import { registeredResources } from '../src/process/cleanup-registry.js';
import { gitArgv } from '../src/process/git-argv.js';
import { findPrlimit } from '../src/process/run-limited.js';

const dir = mkdtempSync(join(tmpdir(), 'ns-limits-'));
const script = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
};
const env = { PATH: process.env.PATH ?? '' };
/** Running (a zombie, waiting for a container init that may never reap it, counts as dead). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

describe('runLimited', () => {
  it('kills the whole process group on timeout', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const slow = script('slow', `sleep 30 & echo $! > ${pidFile}; wait`);
    const t = Date.now();
    const r = await runLimited({ command: slow, args: [], env, timeoutMs: 300 });
    expect(r.failure).toBe('timeout');
    expect(r.exitCode).not.toBe(0);
    expect(Date.now() - t).toBeLessThan(10_000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((res) => setTimeout(res, 100));
    expect(alive(grandchild)).toBe(false);
    expect(registeredResources().childPids).toEqual([]);
  });

  it('stops at the output cap', async () => {
    const loud = script('loud', 'yes PWNED');
    const r = await runLimited({ command: loud, args: [], env, maxOutputBytes: 64 * 1024 });
    expect(r.failure).toBe('output-cap');
    expect(r.stdout.length).toBeLessThanOrEqual(64 * 1024);
  });

  it.runIf(findPrlimit() !== undefined)('applies a memory limit through prlimit', async () => {
    const helm = resolveTool('helm');
    if (!helm.ok) throw new Error(helm.message);
    // Go reserves ~600 MiB of address space at start; 256 MiB cannot hold it
    const r = await runLimited({
      command: helm.path,
      args: ['version'],
      env,
      memoryBytes: 256 * 1024 * 1024,
    });
    expect(r.failure).toBe('memory');
    const ok = await runLimited({ command: helm.path, args: ['version', '--short'], env });
    expect(ok.failure).toBeUndefined();
    expect(ok.stdout).toMatch(/^v3\./);
  });

  it('reports a binary that cannot start as data', async () => {
    const r = await runLimited({ command: join(dir, 'missing'), args: [], env });
    expect(r.failure).toBe('spawn');
  });
});

describe('cleanup registry', () => {
  it('removes registered temp folders and kills registered child groups', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ns-reg-'));
    let custom = false;
    registerTempPath(tmp, () => {
      custom = true;
    });
    const slow = script('slow2', 'sleep 30');
    const p = runLimited({ command: slow, args: [], env, timeoutMs: 60_000 });
    await new Promise((res) => setTimeout(res, 100));
    expect(registeredResources().childPids.length).toBe(1);
    const done = cleanupRegisteredSync();
    expect(done).toMatchObject({ killed: 1, removed: 1 });
    expect(custom).toBe(true);
    expect(existsSync(tmp)).toBe(false);
    const r = await p;
    expect(r.signal).toBe('SIGKILL');
  });
});

describe('git', () => {
  it('never runs the repository’s fsmonitor or hooks', () => {
    const repo = mkdtempSync(join(tmpdir(), 'ns-git-'));
    const marker = join(repo, '..', `${repo.split('/').pop()}-PWNED`);
    const evil = script('evil', `touch ${marker}`);
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('config', 'core.fsmonitor', evil);
    git('config', 'core.hooksPath', dir);
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    const r = runGitSync(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo });
    expect(r.ok && r.stdout.toString()).toBe('a.txt\0');
    expect(existsSync(marker)).toBe(false);
    expect(gitArgv(['status'])).toEqual(
      expect.arrayContaining(['core.fsmonitor=false', 'core.hooksPath=/dev/null']),
    );
  });

  it('turns a git time limit into a message', () => {
    const r = runGitSync(['--version'], { timeoutMs: 1, env: { PATH: `${dir}:${process.env.PATH}` } });
    // either fast enough or a timeout message; never a throw
    expect(typeof r.ok).toBe('boolean');
  });
});
