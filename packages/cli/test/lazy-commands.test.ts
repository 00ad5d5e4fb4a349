import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

  it('`validate <file>` initialises no render, kyverno-test, cost-proxy or diff code, and loads no process or thread module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-lazy-'));
    // a built-in kind, and a kind of the bundled CRD catalog (KServe)
    writeFileSync(
      join(dir, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: m}\nspec: {predictor: {model: {modelFormat: {name: sklearn}, storageUri: gs://b/m}}}\n',
    );
    // every require() of the run (the bundle's and the bin's) reported on stderr, before it happens, and at
    // exit the Node built-ins the process loaded by any route (process.getBuiltinModule too)
    const preload = join(dir, 'report-requires.cjs');
    writeFileSync(
      preload,
      [
        "const M = require('node:module'); const load = M._load; M._load = function (request) { process.stderr.write('REQUIRED ' + request + '\\n'); return load.apply(this, arguments); };",
        "process.on('exit', () => { for (const m of process.moduleLoadList) if (m.startsWith('NativeModule ')) process.stderr.write('BUILTIN ' + m.slice(13) + '\\n'); });",
        '',
      ].join('\n'),
    );
    const coverage = mkdtempSync(join(tmpdir(), 'ns-lazy-coverage-'));
    const r = spawnSync(
      process.execPath,
      ['--require', preload, CLI_BIN, 'validate', 'cm.yaml', '--format', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          NO_COLOR: '1',
          // V8's coverage of the run names every function that ran: esbuild wraps each module of the bundle
          // that a dynamic import reaches in an initialiser named after its source file
          NODE_V8_COVERAGE: coverage,
          NEUROSCALE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ns-lazy-cache-')),
        },
      },
    );
    expect(r.status).toBe(0);
    const bundle = pathToFileURL(join(CLI_DIST, 'cli.cjs')).href;
    const scripts = readdirSync(coverage).flatMap(
      (f) =>
        (
          JSON.parse(readFileSync(join(coverage, f), 'utf8')) as {
            result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
          }
        ).result,
    );
    const ran = scripts
      .filter((s) => s.url === bundle)
      .flatMap((s) => s.functions)
      .filter((f) => f.functionName.endsWith('.ts') && (f.ranges[0]?.count ?? 0) > 0)
      .map((f) => f.functionName);
    // the sources whose modules were initialised, as paths from packages/
    const initialised = ran.map((f) => (f.startsWith('../') ? f.slice(3) : `cli/${f}`));
    expect(initialised).toContain('cli/src/commands/validate-command.ts');
    expect(initialised).toContain('core/src/yaml/load-documents.ts');
    expect(initialised.filter((f) => f.startsWith('validate/src/')).length).toBeGreaterThan(0);
    for (const unused of ['render', 'kyverno-test', 'cost-proxy', 'diff'])
      expect(initialised.filter((f) => f.startsWith(`${unused}/src/`))).toEqual([]);
    // the CLI's own modules: no other subcommand, no Markdown report writer (they bring cost and diff code)
    expect(initialised.filter((f) => /^cli\/src\/commands\/(?!validate-command)/.test(f))).toEqual([]);
    expect(initialised.filter((f) => /write-(markdown-comment|step-summary)|diff-section/.test(f))).toEqual(
      [],
    );
    // core: none of its tool download, merge or selector code
    expect(
      initialised.filter((f) =>
        /^core\/src\/(tools\/(?!cache-dir)|kubernetes\/(?!kubernetes-versions)|regex\/)/.test(f),
      ),
    ).toEqual([]);
    const required = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('REQUIRED '))
      .map((l) => l.slice('REQUIRED '.length).replace(/^node:/, ''));
    expect(required).toContain('fs');
    // Node built-ins a small run does not use: loaded by the first process, thread, download or chart only
    expect(
      required.filter((b) => /^(child_process|worker_threads|zlib|util|http|https|fs\/promises)$/.test(b)),
    ).toEqual([]);
    // built-in kinds are cached by their definition's name, not a content hash: node:crypto is not loaded
    expect(required).not.toContain('crypto');
    // third-party packages the other stages use are not loaded either
    expect(required.filter((m) => /^(diff|jq-wasm|fast-glob|yaml|re2js|picocolors)(\/|$)/.test(m))).toEqual(
      [],
    );
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
