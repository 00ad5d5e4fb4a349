import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from './helpers.js';

const CLI_DIST = join(REPO_ROOT, 'packages/cli/dist');

// A run loads only the subcommand it runs: build-program.ts imports each command module inside its action.
describe('subcommands are loaded on demand', () => {
  it('build-program.ts imports no command module at the top (types only)', () => {
    const src = readFileSync(join(REPO_ROOT, 'packages/cli/src/program/build-program.ts'), 'utf8');
    const staticImports = [...src.matchAll(/^import\s+(?!type\b)[^;]*from '\.\.\/commands\/[^']+';/gm)];
    expect(staticImports.map((m) => m[0])).toEqual([]);
    expect(src).toContain("await import('../commands/validate-command.js')");
  });

  it('`validate <file>` loads only the bundle, and from it no render, kyverno-test, cost-proxy or diff code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-lazy-'));
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    // a module-resolution hook (its own thread) reports every module the process loads on stderr
    const hook = `data:text/javascript,export async function load(u, c, next) { process.stderr.write('LOADED ' + u + '\\n'); return next(u, c); }`;
    const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(hook)});`;
    const r = spawnSync(
      process.execPath,
      ['--import', register, CLI_BIN, 'validate', 'cm.yaml', '--format', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          NO_COLOR: '1',
          NEUROSCALE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ns-lazy-cache-')),
        },
      },
    );
    expect(r.status).toBe(0);
    const loaded = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('LOADED file://'))
      .map((l) => fileURLToPath(l.slice('LOADED '.length)));
    // the workspace packages are inlined into the CLI's bundle: no other package's dist or src is loaded
    const workspaceFiles = loaded.filter((f) => f.startsWith(join(REPO_ROOT, 'packages')));
    expect(workspaceFiles.filter((f) => !f.startsWith(CLI_DIST))).toEqual([]);
    // which sources each loaded chunk holds, from its source map
    const sources = workspaceFiles.flatMap((f) => {
      const map = JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] };
      return map.sources.map((s) => resolve(dirname(f), s));
    });
    const fromPackage = (name: string) =>
      sources.filter((s) => s.startsWith(join(REPO_ROOT, 'packages', name, 'src')));
    expect(fromPackage('validate').length).toBeGreaterThan(0);
    expect(fromPackage('core').length).toBeGreaterThan(0);
    for (const unused of ['render', 'kyverno-test', 'cost-proxy', 'diff'])
      expect(fromPackage(unused)).toEqual([]);
    // the CLI's own modules: no other subcommand, no Markdown report writer (they bring cost and diff code)
    const cliSources = sources.filter((s) => s.startsWith(join(REPO_ROOT, 'packages/cli/src')));
    expect(cliSources.filter((s) => /\/commands\/(?!validate-command)/.test(s))).toEqual([]);
    expect(cliSources.filter((s) => /write-(markdown-comment|step-summary)|diff-section/.test(s))).toEqual(
      [],
    );
    // third-party packages the other stages use are not loaded either
    expect(
      loaded.filter((f) => /node_modules\/(diff|jq-wasm|fast-glob|@marcbachmann|yaml)\//.test(f)),
    ).toEqual([]);
    // core is bundled module by module (tsup.config.ts): none of its tool download, merge or selector code
    const fromCore = fromPackage('core').map((s) => s.slice(join(REPO_ROOT, 'packages/core/src/').length));
    expect(fromCore).toContain('yaml/load-documents.ts');
    expect(
      fromCore.filter((s) => /^tools\/(?!cache-dir)|^kubernetes\/(?!kubernetes-versions)|^regex\//.test(s)),
    ).toEqual([]);
    // Node built-ins a small run does not use: loaded by the first process, thread or download only
    const builtins = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('LOADED node:'))
      .map((l) => l.slice('LOADED '.length));
    expect(builtins).toContain('node:fs');
    expect(
      builtins.filter((b) => /^node:(child_process|worker_threads|zlib|util|http|https)$/.test(b)),
    ).toEqual([]);
    // built-in kinds are cached by their definition's name, not a content hash: node:crypto is not loaded
    expect(builtins).not.toContain('node:crypto');
    // the number of the bundle's own chunks one small file loads (31 when this was pinned): a bound, so a
    // change that pulls a large part of the bundle into `validate` shows here
    expect(workspaceFiles.length).toBeGreaterThan(5);
    expect(workspaceFiles.length).toBeLessThanOrEqual(35);
  });
});

describe('`validate <file>` starts no process', () => {
  it('finds the repository root and its config without git (nothing is spawned)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-nogit-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'k8s'));
    // the config at the top level applies from a sub folder: with failOn never, an invalid object passes
    writeFileSync(join(dir, 'neuroscale.config.yaml'), 'failOn: never\n');
    writeFileSync(
      join(dir, 'k8s', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: 1}\n',
    );
    // a preload wraps child_process (the bundle's named imports see it through syncBuiltinESMExports)
    const preload = `data:text/javascript,import cp from 'node:child_process'; import { syncBuiltinESMExports } from 'node:module';
for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork']) {
  const original = cp[name];
  cp[name] = (...args) => { process.stderr.write('SPAWNED ' + String(args[0]) + '\\n'); return original(...args); };
}
syncBuiltinESMExports();`;
    const run = () =>
      spawnSync(process.execPath, ['--import', preload, CLI_BIN, 'validate', 'cm.yaml', '--format', 'json'], {
        cwd: join(dir, 'k8s'),
        encoding: 'utf8',
        env: {
          ...process.env,
          NO_COLOR: '1',
          NEUROSCALE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ns-nogit-cache-')),
        },
      });
    const r = run();
    expect(r.stderr.split('\n').filter((l) => l.startsWith('SPAWNED '))).toEqual([]);
    expect(r.stdout).toContain('"severity": "error"');
    expect(r.status).toBe(0);
    // without the config the same error fails the run: the config at the top level was read
    writeFileSync(join(dir, 'neuroscale.config.yaml'), '{}\n');
    expect(run().status).toBe(1);
  });
});
