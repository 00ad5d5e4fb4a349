import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from './helpers.js';

// A run loads only the subcommand it runs: build-program.ts imports each command module inside its action.
describe('subcommands are loaded on demand', () => {
  it('build-program.ts imports no command module at the top (types only)', () => {
    const src = readFileSync(join(REPO_ROOT, 'packages/cli/src/program/build-program.ts'), 'utf8');
    const staticImports = [...src.matchAll(/^import\s+(?!type\b)[^;]*from '\.\.\/commands\/[^']+';/gm)];
    expect(staticImports.map((m) => m[0])).toEqual([]);
    expect(src).toContain("await import('../commands/validate-command.js')");
  });

  it('`validate <file>` loads no render or kyverno-test module', () => {
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
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
    expect(loaded.some((l) => l.includes('/packages/validate/'))).toBe(true);
    expect(loaded.filter((l) => /\/packages\/(render|kyverno-test)\//.test(l))).toEqual([]);
  });
});
