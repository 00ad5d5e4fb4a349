/**
 * docs/demo.md is executable documentation: every block marked `<!-- offline -->` (or
 * `<!-- offline expect-exit=N -->`) runs here, one command per line, from the repository root,
 * in document order. Blocks marked `<!-- needs-cluster -->` need k3d and run in the e2e workflow.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from './helpers.js';

interface Block {
  line: number;
  expectExit: number;
  commands: string[];
}

export function offlineBlocks(markdown: string): { offline: Block[]; cluster: number } {
  const lines = markdown.split('\n');
  const offline: Block[] = [];
  let cluster = 0;
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- (offline|needs-cluster)(?: expect-exit=(\d+))? -->$/.exec(lines[i]!.trim());
    if (!marker) continue;
    if (!/^```(bash|sh)\s*$/.test(lines[i + 1]?.trim() ?? '')) continue;
    const commands: string[] = [];
    let j = i + 2;
    for (; j < lines.length && !lines[j]!.startsWith('```'); j++) {
      const c = lines[j]!.trim();
      if (c && !c.startsWith('#')) commands.push(c);
    }
    if (marker[1] === 'needs-cluster') cluster++;
    else offline.push({ line: i + 1, expectExit: Number(marker[2] ?? 0), commands });
    i = j;
  }
  return { offline, cluster };
}

const demo = join(REPO_ROOT, 'docs/demo.md');
const ready = existsSync(CLI_BIN) && existsSync(demo);
if (!ready)
  console.warn('[demo-commands] SKIPPED: docs/demo.md or the built CLI is missing (run `pnpm run build`)');

/** The clone path the document shows; each test run uses its own, so two runs never share a clone. */
const DOC_CLONE = '/tmp/neuroscale-demo';

describe.skipIf(!ready)('docs/demo.md offline commands', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'neuroscale-demo-'));
  const clone = join(runDir, 'clone');
  afterAll(() => rmSync(runDir, { recursive: true, force: true }));
  const { offline, cluster } = ready
    ? offlineBlocks(readFileSync(demo, 'utf8'))
    : { offline: [], cluster: 0 };

  it('has offline blocks and marks the cluster-only ones', () => {
    expect(offline.length).toBeGreaterThanOrEqual(4);
    expect(cluster).toBeGreaterThanOrEqual(1);
  });

  it.each(offline.map((b) => [`docs/demo.md:${b.line}`, b] as const))(
    '%s runs as documented',
    (_where, block) => {
      block.commands.forEach((command, k) => {
        const last = k === block.commands.length - 1;
        const r = spawnSync('bash', ['-c', command.replaceAll(DOC_CLONE, clone)], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: '', GITHUB_EVENT_PATH: '' },
          timeout: 240_000,
        });
        const want = last ? block.expectExit : 0;
        expect(r.status, `\`${command}\` exited ${r.status}\n${r.stdout}\n${r.stderr}`).toBe(want);
        expect(r.stderr).not.toMatch(/internal error/);
      });
    },
    600_000,
  );
});
