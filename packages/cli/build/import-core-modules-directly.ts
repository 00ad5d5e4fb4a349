/**
 * A bundler plugin for the CLI's build: every `import { … } from '@neuroscale/core'` in the workspace
 * sources becomes imports of the core modules that define the names, so a chunk holds only the core
 * modules its entry uses.
 *
 * Why: esbuild assigns a file to the chunks of every entry that reaches it through an import statement,
 * whether or not the entry uses anything from it (tree shaking happens inside the file, not across the
 * chunk split). Through core's barrel, every entry (the bin, `validate`) reached every core module, so all
 * of core landed in one shared chunk, and `validate <file>` loaded the child-process, tool-download and
 * zlib code and their Node built-ins at start-up. The barrel only re-exports (core is `sideEffects: false`),
 * so importing the defining module is the same binding.
 *
 * The input is the workspace's own source (build time, trusted), never a scanned tree.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** Exported name → the core module that defines it, and the name there. */
export type CoreExportMap = ReadonlyMap<string, { file: string; name: string }>;

const RE_EXPORT = /^export\s+(type\s+)?\{([^}]*)\}\s*from\s*'(\.[^']+)';/gm;
const IMPORT_FROM_CORE = /^(import|export)\s+(type\s+)?\{([^}]*)\}\s*from\s*'@neuroscale\/core';/gm;

interface Specifier {
  type: boolean;
  /** The name in the module it comes from. */
  imported: string;
  /** The name it gets here. */
  local: string;
}

function parseSpecifiers(list: string): Specifier[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const type = /^type\s/.test(s);
      const [imported = '', local = imported] = s
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .map((p) => p.trim());
      return { type, imported, local };
    });
}

/** The map from core's barrel (src/index.ts): `export { a, type B, c as d } from './x.js'` lines. */
export function coreExportMap(barrelFile: string): CoreExportMap {
  const text = readFileSync(barrelFile, 'utf8');
  const map = new Map<string, { file: string; name: string }>();
  for (const m of text.matchAll(RE_EXPORT)) {
    if (m[1]) continue; // `export type { … }`: erased
    const file = resolve(dirname(barrelFile), (m[3] ?? '').replace(/\.js$/, '.ts'));
    for (const s of parseSpecifiers(m[2] ?? '')) if (!s.type) map.set(s.local, { file, name: s.imported });
  }
  return map;
}

/**
 * The source with its value imports and re-exports from '@neuroscale/core' pointing at the defining
 * modules; type-only specifiers are dropped (erased anyway). A statement naming something the map does
 * not know is left as it is (the barrel still works, only the chunk is bigger).
 */
export function rewriteCoreImports(source: string, exports: CoreExportMap): string {
  // the same number of lines as before, so the source maps still point at the right lines
  const sameLines = (statement: string, text: string) => text + '\n'.repeat(statement.split('\n').length - 1);
  return source.replace(IMPORT_FROM_CORE, (statement, keyword: string, typeOnly?: string, list = '') => {
    if (typeOnly) return keyword === 'import' ? sameLines(statement, '') : statement;
    const values = parseSpecifiers(list).filter((s) => !s.type);
    if (values.some((s) => !exports.has(s.imported))) return statement;
    const byFile = new Map<string, string[]>();
    for (const s of values) {
      const target = exports.get(s.imported);
      if (!target) return statement;
      const named = target.name === s.local ? s.local : `${target.name} as ${s.local}`;
      byFile.set(target.file, [...(byFile.get(target.file) ?? []), named]);
    }
    const direct = [...byFile]
      .map(([file, names]) => `${keyword} { ${names.join(', ')} } from ${JSON.stringify(file)};`)
      .join(' ');
    return sameLines(statement, direct);
  });
}

/** The plugin: rewrites the workspace packages' TypeScript sources (core's own files import relatively). */
export function importCoreModulesDirectly(workspacePackages: string): Plugin {
  const exports = coreExportMap(join(workspacePackages, 'core', 'src', 'index.ts'));
  return {
    name: 'import-core-modules-directly',
    setup(build) {
      build.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes("'@neuroscale/core'")) return undefined;
        return { contents: rewriteCoreImports(source, exports), loader: 'ts' };
      });
    },
  };
}
