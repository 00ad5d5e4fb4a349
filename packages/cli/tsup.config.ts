import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';
import { adjustInlinedPackages } from './build/adjust-inlined-packages.js';
import { forbidRuntimeImport } from './build/forbid-runtime-import.js';
import { importCoreModulesDirectly } from './build/import-core-modules-directly.js';

// The everyday build is JavaScript only (seconds). Declarations take most of a full build, so they are
// emitted only for publishing: `pnpm run build:types` (tsup --dts-only) from pack:all and prepublishOnly.
//
// Two outputs:
// - The command line: dist/cli.cjs, ONE CommonJS file holding terminal-entry.ts and everything it runs (the
//   workspace packages from their sources, commander, js-yaml and the ESM-only cel-js), and dist/bin.cjs,
//   the package's bin, which runs it through V8's code cache (src/start/). One file, because every module
//   the ESM loader resolves, reads and compiles costs start-up (`validate <file>` loaded 40); CommonJS,
//   because only a script can run from a code cache on Node 20. Inside the file every module the command
//   does not use stays uninitialised (esbuild wraps the modules reached through a dynamic import), so
//   `validate` runs no render, policy or cost code. The other third-party packages stay external (they are
//   dependencies of this package), loaded by require() when first used.
// - The library (index.js, its public API) and the worker entries, ESM with code splitting. The validate
//   worker threads load `batch-worker.js`, an entry next to cli.cjs (validate's validate-in-threads.ts).
// The schema data stays in @neuroscale/validate's generated/ folder, found through its package.json
// (validate's generated-data.ts).
//
// Imports of @neuroscale/core's barrel become imports of the defining core modules (the plugin's header says
// why): a run initialises the few core modules it uses, not all of core and its Node built-ins.
const workspacePackages = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const here = dirname(fileURLToPath(import.meta.url));
const dependencies = Object.keys(
  (JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
    .dependencies,
);
/** Inlined into cli.cjs: the start-up path (commander, js-yaml), and cel-js, which has no CommonJS build. */
const INLINED = ['commander', 'js-yaml', '@marcbachmann/cel-js'];
const external = dependencies.filter((d) => !d.startsWith('@neuroscale/') && !INLINED.includes(d));

const shared = {
  target: 'node20',
  sourcemap: true,
  noExternal: [/^@neuroscale\//],
  esbuildOptions(options: { conditions?: string[] }) {
    // the workspace packages' `@neuroscale/source` export condition points at their TypeScript sources
    options.conditions = ['@neuroscale/source'];
  },
} satisfies Options;

export default defineConfig((flags): Options[] => {
  const library: Options = {
    ...shared,
    entry: {
      index: 'src/index.ts',
      // JavaScript only: declarations (`--dts-only`) are for this package's own sources
      ...(flags.dts ? {} : { 'batch-worker': '../validate/src/files/batch-worker.ts' }),
    },
    format: ['esm'],
    dts: false,
    // the two builds run side by side: this one's clean leaves the command line's files alone
    clean: ['!bin.cjs*', '!cli.cjs*'],
    splitting: true,
    esbuildPlugins: flags.dts ? [] : [importCoreModulesDirectly(workspacePackages)],
  };
  if (flags.dts) return [library];
  const commandLine: Options = {
    ...shared,
    entry: { bin: 'src/bin.ts', cli: 'src/terminal-entry.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    dts: false,
    clean: false,
    splitting: false,
    noExternal: [/^@neuroscale\//, ...INLINED],
    external,
    // the bundle is CommonJS: import.meta.url is the file's own URL (createRequire, generated data, workers)
    define: { 'import.meta.url': '__bundleFileUrl' },
    banner: {
      js: "'use strict';\nconst __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    esbuildPlugins: [
      importCoreModulesDirectly(workspacePackages),
      forbidRuntimeImport(external),
      adjustInlinedPackages(),
    ],
    esbuildOptions(options) {
      shared.esbuildOptions(options);
      // ASCII only (escapes in strings; no comments, which esbuild would keep as written): the bin reads an
      // ASCII file as latin1, the same text without the cost of decoding UTF-8, and a smaller file is read
      // and, on a first run, parsed faster. Names stay as written (stack traces); the source map is beside it.
      options.charset = 'ascii';
      options.minifyWhitespace = true;
    },
  };
  return [library, commandLine];
});
