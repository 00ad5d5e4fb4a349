/**
 * The bin runs the CLI's bundle through V8's code cache (src/start/), kept in the toolkit's cache directory,
 * never in the scanned folder, and not at all when --cache-dir names another folder. A cache of another
 * build of the bundle, or one V8 rejects, is never used: the run compiles the bundle and writes a new one.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from './helpers.js';

const built = existsSync(CLI_BIN);

function makeRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'ns-ccache-repo-'));
  // one invalid object: the output has a finding, so a wrongly cached program would show
  writeFileSync(
    join(repo, 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: 1}\n',
  );
  return repo;
}

function runValidate(options: { repo: string; cache: string; bin?: string; extra?: string[] }) {
  return spawnSync(
    process.execPath,
    [options.bin ?? CLI_BIN, 'validate', 'cm.yaml', '--format', 'json', ...(options.extra ?? [])],
    {
      cwd: options.repo,
      encoding: 'utf8',
      env: { ...process.env, NEUROSCALE_CACHE_DIR: options.cache, NODE_COMPILE_CACHE: '', NO_COLOR: '1' },
    },
  );
}

/** The code caches of the bundle: cli-<subcommand>-<identity of the bundle file>.v8 */
const codeCaches = (cache: string) =>
  existsSync(join(cache, 'node-compile-cache'))
    ? readdirSync(join(cache, 'node-compile-cache')).filter((f) => /^cli-.*\.v8$/.test(f))
    : [];

describe.skipIf(!built)('the code cache of the CLI', () => {
  it('writes nothing into the folder it validates', () => {
    const repo = makeRepo();
    const r = runValidate({ repo, cache: mkdtempSync(join(tmpdir(), 'ns-ccache-')) });
    expect(r.status).toBe(1);
    expect(readdirSync(repo)).toEqual(['cm.yaml']);
  });

  it('is written by the first run into the cache directory, one per subcommand, and reused as it is', () => {
    const repo = makeRepo();
    const cache = mkdtempSync(join(tmpdir(), 'ns-ccache-'));
    const first = runValidate({ repo, cache });
    expect(first.status).toBe(1);
    const [file, ...more] = codeCaches(cache);
    expect(more).toEqual([]);
    expect(file).toMatch(/^cli-validate-[0-9a-z]+\.v8$/);
    const path = join(cache, 'node-compile-cache', file!);
    const before = statSync(path).mtimeMs;
    const second = runValidate({ repo, cache });
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(1);
    // accepted by V8, so not written again
    expect(statSync(path).mtimeMs).toBe(before);
    expect(codeCaches(cache)).toEqual([file]);
  });

  it('a cache V8 rejects (a damaged file) is compiled around and replaced', () => {
    const repo = makeRepo();
    const cache = mkdtempSync(join(tmpdir(), 'ns-ccache-'));
    const first = runValidate({ repo, cache });
    const [file] = codeCaches(cache);
    const path = join(cache, 'node-compile-cache', file!);
    const good = readFileSync(path);
    writeFileSync(path, Buffer.alloc(good.length, 7));
    const again = runValidate({ repo, cache });
    expect(again.stdout).toBe(first.stdout);
    expect(again.status).toBe(1);
    expect(readFileSync(path).equals(good)).toBe(false);
    expect(readFileSync(path).subarray(0, 16).equals(Buffer.alloc(16, 7))).toBe(false);
  });

  it('another build of the bundle gets its own cache (V8 compares only the length of the source)', () => {
    // a copy of the CLI whose bundle then changes without changing its length
    const copy = mkdtempSync(join(tmpdir(), 'ns-ccache-copy-'));
    cpSync(join(REPO_ROOT, 'packages/cli/dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(REPO_ROOT, 'packages/cli/package.json'), join(copy, 'package.json'));
    symlinkSync(join(REPO_ROOT, 'packages/cli/node_modules'), join(copy, 'node_modules'));
    const repo = makeRepo();
    const cache = mkdtempSync(join(tmpdir(), 'ns-ccache-'));
    const bin = join(copy, 'dist', 'bin.cjs');
    expect(runValidate({ repo, cache, bin }).status).toBe(1);
    const [first] = codeCaches(cache);
    expect(first).toBeDefined();
    // the bundle's first statement (the build's banner) becomes one of the same length that throws
    const bundle = join(copy, 'dist', 'cli.cjs');
    const text = readFileSync(bundle, 'latin1');
    expect(text.startsWith("'use strict';")).toBe(true);
    writeFileSync(bundle, `throw 123456;${text.slice("'use strict';".length)}`, 'latin1');
    const edited = runValidate({ repo, cache, bin });
    // the edited source ran, not the cached program of the original
    expect(edited.stderr).toContain('123456');
    expect(edited.stdout).toBe('');
  });

  it('keeps the newest three caches of a subcommand (other builds sharing the folder), and no more', () => {
    const repo = makeRepo();
    const cache = mkdtempSync(join(tmpdir(), 'ns-ccache-'));
    const dir = join(cache, 'node-compile-cache');
    mkdirSync(dir);
    // four caches of other builds, an hour apart, and one of another subcommand
    const old = ['cli-validate-a.v8', 'cli-validate-b.v8', 'cli-validate-c.v8', 'cli-validate-d.v8'];
    old.forEach((name, i) => {
      writeFileSync(join(dir, name), 'x');
      const t = new Date(Date.UTC(2026, 0, 1, i));
      utimesSync(join(dir, name), t, t);
    });
    writeFileSync(join(dir, 'cli-render-a.v8'), 'x');
    expect(runValidate({ repo, cache }).status).toBe(1);
    const left = codeCaches(cache).sort();
    const mine = left.filter((f) => !old.includes(f) && f.startsWith('cli-validate-'));
    expect(mine).toHaveLength(1);
    expect(left).toEqual(['cli-render-a.v8', 'cli-validate-c.v8', 'cli-validate-d.v8', mine[0]].sort());
  });

  it('is not used with --cache-dir (a folder the environment did not choose)', () => {
    const repo = makeRepo();
    const cache = mkdtempSync(join(tmpdir(), 'ns-ccache-'));
    const other = mkdtempSync(join(tmpdir(), 'ns-ccache-flag-'));
    const r = runValidate({ repo, cache, extra: ['--cache-dir', other] });
    expect(r.status).toBe(1);
    expect(existsSync(join(cache, 'node-compile-cache'))).toBe(false);
    expect(existsSync(join(other, 'node-compile-cache'))).toBe(false);
  });
});
