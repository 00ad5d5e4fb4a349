import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI_BIN = join(REPO_ROOT, 'packages/cli/dist/bin.cjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output. */
export async function cli(
  argv: string[],
  options: { cwd?: string; stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? { PATH: process.env.PATH },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/** A throw-away git repository holding the given files (path → content). */
export function tempRepo(files: Record<string, string>, options: { remote?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ns-cli-'));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', options.remote ?? 'https://github.com/example/platform.git');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  return dir;
}

/** Copy a folder of this repository into a temp git repository. */
export function copyToTempRepo(relPaths: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ns-cli-copy-'));
  for (const p of relPaths) cpSync(join(REPO_ROOT, p), join(dir, p), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/neuroscale/neuroscale.git');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  return dir;
}
