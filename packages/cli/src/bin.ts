#!/usr/bin/env node
/**
 * The package's bin. The CLI itself is one CommonJS bundle, dist/cli.cjs (terminal-entry.ts and everything
 * it runs, tsup.config.ts), run through V8's code cache in the toolkit's cache directory (start/): a warm
 * start neither parses nor compiles the CLI again. Kept small, because it is the part that is never cached.
 */
import nodeModule from 'node:module';
import { join } from 'node:path';
import { resolveCacheDir } from '@neuroscale/core';
import { SUBCOMMAND_NAMES } from './program/subcommand-names.js';
import { runBundleWithCodeCache } from './start/run-bundle-with-code-cache.js';

const argv = process.argv.slice(2);

// The cache folder comes from the environment only (core's resolveCacheDir), never from the scanned
// repository; with --cache-dir on the command line (read later, by commander) the run uses no compile cache
// rather than a folder the environment did not choose.
function codeCacheDir(): string | undefined {
  if (argv.some((a) => a === '--cache-dir' || a.startsWith('--cache-dir='))) return undefined;
  try {
    return join(resolveCacheDir({ env: process.env }), 'node-compile-cache');
  } catch {
    return undefined;
  }
}

const cacheDir = codeCacheDir();
// Node >= 22.1 also caches the modules outside the bundle (third-party packages, the worker entries)
const enableCompileCache = (nodeModule as { enableCompileCache?: (dir?: string) => unknown })
  .enableCompileCache;
if (cacheDir !== undefined && typeof enableCompileCache === 'function') {
  try {
    enableCompileCache(cacheDir);
  } catch {
    /* a cache is an optimisation: without one the CLI only starts slower */
  }
}

const first = argv[0];
runBundleWithCodeCache({
  bundle: join(__dirname, 'cli.cjs'),
  ...(cacheDir !== undefined ? { cacheDir } : {}),
  // the functions a run compiles depend on the subcommand: each keeps its own cache
  tag: first !== undefined && (SUBCOMMAND_NAMES as readonly string[]).includes(first) ? first : 'pipeline',
});
