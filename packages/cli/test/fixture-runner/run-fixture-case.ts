/**
 * Run the BUILT CLI (packages/cli/dist/bin.cjs) on one fixture case, the way CI runs it:
 * `node dist/bin.cjs . --format json [args.json…]` with the prepared repository as cwd.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExpectedResult, normaliseReport } from './normalise-report.js';
import { prepareFixtureRepo } from './prepare-fixture-repo.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');
/**
 * The built CLI. FIXTURES_CLI points the runner at another build of it (e.g. a copy with one
 * guardrail switched off, to check that the cases fail without it).
 */
export const CLI_BIN = process.env.FIXTURES_CLI
  ? resolve(process.env.FIXTURES_CLI)
  : join(REPO_ROOT, 'packages/cli/dist/bin.cjs');

export interface FixtureRun {
  actual: ExpectedResult;
  /** The command line, for a failing test's message. */
  command: string;
  stderr: string;
}

/** Every fixtures/<case>/ folder that has an expected.json or is new (no expected.json yet). */
export function listFixtureCases(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function fixtureArgs(caseDir: string): string[] {
  const file = join(caseDir, 'args.json');
  if (!existsSync(file)) return [];
  const args: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    throw new Error(`${file}: must be a JSON array of strings`);
  }
  return args;
}

/** Environment for the child: no CI variables (GITHUB_*), so no annotations or PR comments. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
  if (process.env.HOME) env.HOME = process.env.HOME;
  if (process.env.NEUROSCALE_SHARED) env.NEUROSCALE_SHARED = process.env.NEUROSCALE_SHARED;
  return env;
}

export async function runFixtureCase(name: string): Promise<FixtureRun> {
  const caseDir = join(FIXTURES_DIR, name);
  const argv = [CLI_BIN, '.', '--format', 'json', ...fixtureArgs(caseDir)];
  const repo = prepareFixtureRepo(caseDir);
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (done) => {
        execFile(
          process.execPath,
          argv,
          { cwd: repo.dir, env: childEnv(), maxBuffer: 256 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
            done({ code, stdout, stderr });
          },
        );
      },
    );
    const command = `cd <fixtures/${name} as a git repo> && node ${argv.join(' ')}`;
    let report: unknown;
    try {
      report = JSON.parse(stdout);
    } catch {
      throw new Error(
        `${command}: exit ${code}, stdout is not JSON.\nstdout: ${stdout.slice(0, 2000)}\nstderr: ${stderr.slice(0, 2000)}`,
      );
    }
    return {
      actual: normaliseReport(report as Parameters<typeof normaliseReport>[0], code),
      command,
      stderr,
    };
  } finally {
    repo.dispose();
  }
}
