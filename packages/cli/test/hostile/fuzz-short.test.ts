/**
 * A short run of the mutation fuzzer (scripts/fuzz/mutate-and-run.mjs) in the suite: 25 seeded mutants of
 * this repository's tree and the fixtures through the built CLI, none may crash, hang or leave an
 * unhandled rejection. The supervisor's own checks are proven with injected faults.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from '../helpers.js';

const SCRIPT = join(REPO_ROOT, 'scripts/fuzz/mutate-and-run.mjs');
const built = existsSync(CLI_BIN);
if (!built)
  console.warn(`fuzz-short: ${CLI_BIN} is missing; run \`pnpm run build\` first. Skipping the fuzz run.`);

interface Summary {
  iterations: number;
  outcomes: Record<string, number>;
  failures: number;
  failureDetails: { iteration: number; outcome: string; mutations: string[]; message: string }[];
}

async function fuzz(args: string[]): Promise<{ code: number; summary: Summary }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, '--json', ...args], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, summary: JSON.parse(stdout.trim().split('\n').at(-1)!) };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    const last = err.stdout?.trim().split('\n').at(-1);
    if (!last?.startsWith('{')) throw new Error(`fuzzer failed to run: ${err.stderr ?? e}`);
    return { code: err.code ?? -1, summary: JSON.parse(last) };
  }
}

describe.skipIf(!built)('mutation fuzzing (short run)', () => {
  it('25 mutants: no crash, hang or unhandled rejection', async () => {
    const { code, summary } = await fuzz(['--iterations', '25', '--seed', '20240601', '--timeout', '120000']);
    expect(summary.failureDetails).toEqual([]);
    expect(code).toBe(0);
    expect(summary.iterations).toBe(25);
    // most mutants reach the stages and give a report (a broken config is a clean usage error)
    expect(summary.outcomes.ok).toBeGreaterThanOrEqual(20);
  }, 600_000);

  it('the supervisor reports an internal error, an unhandled rejection and a hang', async () => {
    for (const [fault, outcome] of [
      ['internal', 'internal-error'],
      ['reject', 'unhandled'],
      ['hang', 'hang'],
    ] as const) {
      const { code, summary } = await fuzz([
        '--iterations',
        '1',
        '--seed',
        '1',
        '--timeout',
        '4000',
        '--inject-fault',
        fault,
      ]);
      expect(code, fault).toBe(1);
      expect(summary.failureDetails.map((f) => f.outcome)).toEqual([outcome]);
    }
  }, 120_000);
});
