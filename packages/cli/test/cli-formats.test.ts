/**
 * The built CLI end to end on a small tree: golden bytes for every output format, and each exit code.
 * UPDATE_GOLDEN=1 rewrites the golden files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from './helpers.js';

const built = existsSync(CLI_BIN);
if (!built)
  console.warn('[cli-formats] SKIPPED: the CLI is not built (run `pnpm run build` first; `pnpm test` does)');
const GOLDEN = join(REPO_ROOT, 'packages/cli/test/golden');
const FORMATS: [string, string][] = [
  ['text', 'txt'],
  ['json', 'json'],
  ['sarif', 'sarif'],
  ['junit', 'xml'],
  ['github', 'txt'],
  ['markdown', 'md'],
];

function runBuilt(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    timeout: 120_000,
  });
}

/** Timings are the only bytes allowed to differ between runs, and only in the text format. */
const maskTimings = (s: string) => s.replace(/\b\d+(?:\.\d+)?(?:ms|s)\b/g, '<t>');

describe.skipIf(!built)('built CLI: formats and exit codes', () => {
  let tree: string;
  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'ns-formats-'));
    cpSync(join(REPO_ROOT, 'packages/cli/test/fixtures/format-tree'), tree, { recursive: true });
    const git = (...a: string[]) => execFileSync('git', a, { cwd: tree, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'git@github.com:example/platform.git');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  });

  it.each(FORMATS)('%s output matches its golden file byte for byte', (format, ext) => {
    const r = runBuilt(['.', '--format', format], tree);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const out = format === 'text' ? maskTimings(r.stdout) : r.stdout;
    const file = join(GOLDEN, `pipeline.${format}.${ext}`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, out);
    expect(out).toBe(readFileSync(file, 'utf8'));
  });

  it('the golden findings are the ones this tree stands for', () => {
    const report = JSON.parse(readFileSync(join(GOLDEN, 'pipeline.json.json'), 'utf8'));
    const ids = report.findings.map(
      (f: { ruleId: string; location?: { file: string; line: number } }) =>
        `${f.ruleId} ${f.location?.file}:${f.location?.line}`,
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'yaml/duplicate-key gitops/apps/web/broken.yaml:7',
        'schema/unknown-field gitops/apps/web/deployment.yaml:20',
      ]),
    );
    expect(JSON.stringify(report)).not.toContain(tree);
  });

  it('--output writes every format to files, identical to stdout', () => {
    const r = runBuilt(
      ['.', '--format', 'json', '--output', 'sarif=out/r.sarif', '--output', 'junit=out/r.xml'],
      tree,
    );
    expect(r.status).toBe(1);
    expect(readFileSync(join(tree, 'out/r.sarif'), 'utf8')).toBe(
      readFileSync(join(GOLDEN, 'pipeline.sarif.sarif'), 'utf8'),
    );
    expect(readFileSync(join(tree, 'out/r.xml'), 'utf8')).toBe(
      readFileSync(join(GOLDEN, 'pipeline.junit.xml'), 'utf8'),
    );
  });

  it('exit code 0 when nothing is at or above --fail-on', () => {
    expect(runBuilt(['.', '--format', 'json', '--fail-on', 'never'], tree).status).toBe(0);
  });

  it('exit code 2 on a usage error, with the message and no stack trace', () => {
    const r = runBuilt(['.', '--fail-on', 'sometimes'], tree);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fail-on/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
