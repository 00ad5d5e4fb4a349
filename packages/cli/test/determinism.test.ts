/**
 * Same tree → same bytes. This repository's gitops/, policies/ and neuroscale.config.yaml, copied into
 * temp git repositories, must give byte-identical JSON and SARIF: run twice, from a tree whose files were
 * created in the opposite order, from a subfolder, and (the built CLI as a subprocess) under an exotic
 * time zone and the Turkish locale (where 'I'.toLowerCase() and localeCompare differ).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cli, REPO_ROOT } from './helpers.js';

const TREE = ['gitops', 'policies', 'neuroscale.config.yaml'];

/** Every file (and symlink) under the tree, repo-relative, sorted. */
function listFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = join(REPO_ROOT, rel);
    const st = lstatSync(abs);
    if (st.isDirectory()) for (const name of readdirSync(abs)) walk(`${rel}/${name}`);
    else out.push(rel);
  };
  for (const t of TREE) if (existsSync(join(REPO_ROOT, t))) walk(t);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A temp git repository holding the tree, its files written in the given order. */
function repoWith(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ns-determinism-'));
  for (const rel of files) {
    const src = join(REPO_ROOT, rel);
    const dst = join(dir, rel);
    mkdirSync(dirname(dst), { recursive: true });
    if (lstatSync(src).isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else writeFileSync(dst, readFileSync(src));
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/neuroscale/neuroscale.git');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  return dir;
}

interface Outputs {
  code: number;
  json: string;
  sarif: string;
}

async function inProcess(cwd: string, path: string): Promise<Outputs> {
  const sarifFile = join(mkdtempSync(join(tmpdir(), 'ns-sarif-')), 'out.sarif');
  const r = await cli([path, '--format', 'json', '--output', `sarif=${sarifFile}`], { cwd });
  return { code: r.code, json: r.stdout, sarif: readFileSync(sarifFile, 'utf8') };
}

function subprocess(cwd: string, env: NodeJS.ProcessEnv): Outputs {
  const sarifFile = join(mkdtempSync(join(tmpdir(), 'ns-sarif-')), 'out.sarif');
  const r = spawnSync(
    process.execPath,
    [CLI_BIN, '.', '--format', 'json', '--output', `sarif=${sarifFile}`],
    {
      cwd,
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (r.status === 2 || r.status === null) throw new Error(`CLI failed (${r.status}): ${r.stderr}`);
  return { code: r.status, json: r.stdout, sarif: readFileSync(sarifFile, 'utf8') };
}

const files = listFiles();

describe('determinism: this repository’s tree gives the same JSON and SARIF bytes', () => {
  let forward: string;
  let reference: Outputs;

  beforeAll(async () => {
    forward = repoWith(files);
    reference = await inProcess(forward, '.');
  }, 300_000);

  it('the reference run reports something worth comparing', () => {
    expect(files.length).toBeGreaterThan(20);
    const report = JSON.parse(reference.json);
    expect(report.summary.objects).toBeGreaterThan(20);
    expect(JSON.parse(reference.sarif).runs[0].tool.driver.name).toBe('neuroscale-validate');
    // no absolute temp paths leak into the outputs
    expect(reference.json).not.toContain(forward);
    expect(reference.sarif).not.toContain(forward);
  });

  it('twice in a row', async () => {
    const again = await inProcess(forward, '.');
    expect(again.json).toBe(reference.json);
    expect(again.sarif).toBe(reference.sarif);
  }, 300_000);

  it('from a tree whose files and folders were created in reverse order', async () => {
    const reversed = repoWith([...files].reverse());
    const r = await inProcess(reversed, '.');
    expect(r.json).toBe(reference.json);
    expect(r.sarif).toBe(reference.sarif);
  }, 300_000);

  it('from a subfolder as the working directory', async () => {
    const sub = join(forward, 'gitops');
    const r = await inProcess(sub, '..');
    expect(r.json).toBe(reference.json);
    expect(r.sarif).toBe(reference.sarif);
  }, 300_000);

  const built = existsSync(CLI_BIN);
  if (!built)
    console.warn(
      `determinism: ${CLI_BIN} is missing; run \`pnpm run build\` first. Skipping the subprocess cases.`,
    );

  it.skipIf(!built)(
    'the built CLI under TZ=Pacific/Kiritimati and LANG/LC_ALL=tr_TR.UTF-8 gives the bytes it gives under UTC/C',
    () => {
      const base = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir() };
      const plain = subprocess(forward, { ...base, TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
      const exotic = subprocess(join(forward, 'gitops'), {
        ...base,
        TZ: 'Pacific/Kiritimati',
        LANG: 'tr_TR.UTF-8',
        LC_ALL: 'tr_TR.UTF-8',
      });
      expect(JSON.parse(plain.json).summary.objects).toBe(JSON.parse(reference.json).summary.objects);
      expect(exotic.code).toBe(plain.code);
      expect(exotic.json).toBe(plain.json);
      expect(exotic.sarif).toBe(plain.sarif);
    },
    300_000,
  );
});
