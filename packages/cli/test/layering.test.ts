/**
 * The folders of packages/cli/src form layers (documented at the top of src/main.ts): an import may go
 * to the same folder or down, never up, so stages cannot reach back into commands or the command line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Top first; names on one line are peers, which do not import each other either. */
const LAYERS: readonly (readonly string[])[] = [
  ['bin.ts', 'terminal-entry.ts', 'index.ts'],
  ['main.ts'],
  ['program'],
  ['commands'],
  ['pipeline'],
  ['output'],
  ['report'],
  ['config', 'git', 'input'],
  ['cli-io.ts', 'version.ts', 'start'],
];

const layerOf = (unit: string): number => LAYERS.findIndex((names) => names.includes(unit));
/** The folder a source file belongs to, or the file itself at the top of src. */
const unitOf = (file: string): string => relative(SRC, file).split('/')[0]!.replace(/\.js$/, '.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('layers of packages/cli/src', () => {
  const files = sourceFiles(SRC);

  it('names every folder and top-level file', () => {
    expect(files.map(unitOf).filter((u) => layerOf(u) < 0)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one, nor between peers', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = unitOf(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(dirname(file), m[1]!);
        // the package's own package.json (version.ts: a JSON import the build inlines) is outside the layers
        if (relative(SRC, target).startsWith('..')) continue;
        const to = unitOf(target);
        if (to !== from && layerOf(to) <= layerOf(from)) {
          upward.push(`${relative(SRC, file)} imports ${m[1]} (${from} → ${to})`);
        }
      }
    }
    expect(upward).toEqual([]);
  });
});

/**
 * The package graph (docs/architecture.md): render → validate → policy → cost → diff → report. Every stage
 * package depends on @neuroscale/core only, never on a sibling stage; the CLI is the one package that wires them.
 */
describe('package graph of the workspace', () => {
  const PACKAGES = resolve(SRC, '../..');
  const STAGES = ['render', 'validate', 'kyverno-test', 'cost-proxy', 'diff'];
  const workspaceDeps = (dir: string): string[] => {
    const pkg = JSON.parse(readFileSync(join(PACKAGES, dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@neuroscale/'));
  };

  it('each stage package depends on @neuroscale/core only', () => {
    for (const stage of STAGES) expect([stage, workspaceDeps(stage)]).toEqual([stage, ['@neuroscale/core']]);
  });

  it('the CLI wires every stage, diff included', () => {
    expect(workspaceDeps('cli').sort()).toEqual(
      ['@neuroscale/core', ...STAGES.map((s) => `@neuroscale/${s}`)].sort(),
    );
  });

  it('the pipeline runs diff after cost, before the report', () => {
    const text = readFileSync(join(SRC, 'pipeline/run-pipeline.ts'), 'utf8');
    // the call may be wrapped over lines by the formatter: `runStage(\n  'cost',`
    const at = (stage: string) => text.search(new RegExp(`runStage\\(\\s*'${stage}'`));
    for (const stage of ['policy', 'cost', 'diff']) expect(at(stage), stage).toBeGreaterThan(0);
    expect(at('cost')).toBeGreaterThan(at('policy'));
    expect(at('diff')).toBeGreaterThan(at('cost'));
    expect(text.indexOf('buildReport(')).toBeGreaterThan(at('diff'));
  });
});
