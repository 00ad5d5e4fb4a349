/**
 * Options mean what they say: a flag before the subcommand is refused (never silently dropped), each
 * subcommand's --help lists only what it honours, --version is the package's, a closed stdout is a
 * quiet exit, and an unwritable output is exit 2 with one line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, cli, REPO_ROOT } from './helpers.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
const built = existsSync(CLI_BIN);

function plainDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ns-opts-'));
  writeFileSync(join(dir, 'cm.yaml'), CM);
  return dir;
}

/** Long option names a command's --help lists. */
async function helpOptions(argv: string[]): Promise<string[]> {
  const r = await cli([...argv, '--help']);
  expect(r.code).toBe(0);
  return [...r.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!).sort();
}

describe('options before the subcommand', () => {
  for (const [argv, sub] of [
    [['--format', 'json', 'validate', 'cm.yaml'], 'validate'],
    [['--strict', 'validate', 'cm.yaml'], 'validate'],
    [['--output', 'json=out.json', 'validate', 'cm.yaml'], 'validate'],
    [['--kube-version', '1.31', 'render'], 'render'],
    [['--base', 'HEAD', 'cost'], 'cost'],
    [['--quiet', 'policy', 'test', '.'], 'policy'],
  ] as const) {
    it(`${argv.join(' ')} is refused with exit 2 and a message`, async () => {
      const r = await cli([...argv], { cwd: plainDir() });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${argv[0]} given before the subcommand "${sub}"`);
      expect(r.stdout).toBe('');
    });
  }

  it('the same option after the subcommand applies', async () => {
    const r = await cli(['validate', '--format', 'json', 'cm.yaml'], { cwd: plainDir() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.objects).toBe(1);
  });

  it('--debug may go anywhere (it only changes how internal errors print)', async () => {
    const r = await cli(['--debug', 'validate', 'cm.yaml'], { cwd: plainDir() });
    expect(r.code).toBe(0);
  });
});

describe('each --help lists only the options the command honours', () => {
  const common = [
    '--cache-dir',
    '--concurrency',
    '--config',
    '--debug',
    '--fail-on',
    '--kube-version',
    '--no-offline',
    '--offline',
    '--repo-url',
    '--root',
  ];
  const report = ['--comment', '--format', '--no-color', '--output', '--quiet'];
  const cases: [string[], string[]][] = [
    [['render'], [...common, '--format']],
    [['validate'], [...common, '--schema-location', '--strict', ...report]],
    [
      ['policy', 'apply'],
      [...common, '--exceptions', '--no-mutate', '--policies', '--policy-report', ...report],
    ],
    [
      ['policy', 'test'],
      ['--debug', '--format', '--output-dir'],
    ],
    [
      ['cost'],
      [
        ...common,
        '--base',
        '--exceptions',
        '--format',
        '--max-cpu-delta',
        '--max-memory-delta',
        '--max-monthly-delta',
        '--no-mutate',
        '--policies',
      ],
    ],
    [['diff'], [...common, '--base', '--diff-file', '--format', '--no-color']],
    [['comment'], ['--debug']],
    [
      ['tools', 'install'],
      ['--cache-dir', '--debug', '--offline'],
    ],
  ];
  for (const [argv, expected] of cases) {
    it(argv.join(' '), async () => {
      expect(await helpOptions(argv)).toEqual([...expected, '--help'].sort());
    });
  }
});

describe('--version', () => {
  it('prints the version of the neuroscale-validate package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8'));
    const r = await cli(['--version']);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('unwritable outputs are exit 2 with one line', () => {
  it.each([
    ['a folder that does not exist', '/nonexistent/dir/x', /its folder does not exist/],
    ['a folder', '.', /it is a folder/],
  ])('%s', async (_name, file, reason) => {
    const dir = plainDir();
    const r = await cli(['validate', 'cm.yaml', '--output', `json=${file}`], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(reason)]);
    expect(existsSync('/nonexistent')).toBe(false);
  });

  it('a missing folder below the working directory is created', async () => {
    const dir = plainDir();
    const r = await cli(['validate', 'cm.yaml', '--output', 'json=out/r.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'out/r.json'))).toBe(true);
  });

  it.skipIf(!built || !existsSync('/dev/full'))('a full disk', () => {
    const r = spawnSync(process.execPath, [CLI_BIN, 'validate', 'cm.yaml', '--output', 'json=/dev/full'], {
      cwd: plainDir(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/no space left/)]);
  });

  it.skipIf(!built || !existsSync('/dev/full'))('stdout on a full disk', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI_BIN}" validate cm.yaml > /dev/full`], {
      cwd: plainDir(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/cannot write to standard output/)]);
  });

  it.skipIf(!built)('a closed pipe (`--help | head -1`) is a quiet exit', async () => {
    const child = spawn(process.execPath, [CLI_BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // read one chunk, then go away like `head -1`
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('outside a git repository', () => {
  it('a path that leaves the root names the root that was used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-nogit-'));
    mkdirSync(join(dir, 'policies'));
    const r = await cli(['policy', 'apply', '--policies', '../elsewhere', '.'], { cwd: dir });
    // the policy stage's finding, as in the pipeline (exit 1), then the note naming the root
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/policy\/path-escape/);
    expect(r.stderr).toContain(`root ${dir}`);
    expect(r.stderr).toMatch(/not inside a git repository/);
  });
});
