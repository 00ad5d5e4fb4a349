import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import { importCoreModulesDirectly } from './build/import-core-modules-directly.js';

// The everyday build is JavaScript only (seconds). Declarations take most of a full build, so they are
// emitted only for publishing: `pnpm run build:types` (tsup --dts-only) from pack:all and prepublishOnly.
//
// The CLI is one bundle: the workspace packages (@neuroscale/*) are inlined from their sources and tree-shaken,
// so a run loads a handful of chunks instead of every package's whole dist. Third-party packages stay external
// (they are dependencies of this package). Code splitting keeps each subcommand in its own chunk, loaded by
// the dynamic import in build-program.ts. The validate worker threads load `batch-worker.js`, an entry next to
// the chunks (see validate's validate-in-threads.ts). The schema data stays in @neuroscale/validate's
// generated/ folder, found through its package.json (validate's generated-data.ts).
//
// Imports of @neuroscale/core's barrel become imports of the defining core modules (the plugin's header says
// why): `validate <file>` then loads the few core modules it uses, not all of core and its Node built-ins.
const workspacePackages = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig((flags) => ({
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    // JavaScript only: declarations (`--dts-only`) are for this package's own sources
    ...(flags.dts ? {} : { 'batch-worker': '../validate/src/files/batch-worker.ts' }),
  },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  splitting: true,
  target: 'node20',
  noExternal: [/^@neuroscale\//],
  esbuildPlugins: flags.dts ? [] : [importCoreModulesDirectly(workspacePackages)],
  esbuildOptions(options) {
    // the workspace packages' `@neuroscale/source` export condition points at their TypeScript sources
    options.conditions = ['@neuroscale/source'];
  },
}));
