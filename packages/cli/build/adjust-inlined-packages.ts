/**
 * A bundler plugin for dist/cli.cjs: two build-time edits of the third-party files inlined into it (the
 * input is the workspace's own locked dependencies, never a scanned tree).
 *
 * - commander requires node:child_process at the top of lib/command.js, for subcommands that are separate
 *   executables, which this CLI has none of. Loading it is several milliseconds of every start; here it is
 *   required on the first spawn instead. The build fails if the line is no longer there (a new commander).
 * - Characters outside ASCII become \u escapes (esbuild's `charset: 'ascii'` leaves regular expression
 *   literals as written, e.g. cel-js's `µs`): the same string, expression or name, and an all-ASCII bundle is
 *   read without decoding UTF-8 (src/start/run-bundle-with-code-cache.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
// commander calls only childProcess.spawn (lib/command.js, _executeSubCommand)
const COMMANDER_LAZY_CHILD_PROCESS =
  "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";

/** Every UTF-16 unit outside ASCII as \uXXXX: valid in strings, templates, regular expressions and names. */
function escapeNonAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function adjustInlinedPackages(): Plugin {
  return {
    name: 'adjust-inlined-packages',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
        let text = await readFile(args.path, 'utf8');
        if (/[\\/]commander[\\/]lib[\\/]command\.js$/.test(args.path)) {
          if (!text.includes(COMMANDER_CHILD_PROCESS))
            return {
              errors: [
                { text: `${args.path}: the require of node:child_process moved (update this plugin)` },
              ],
            };
          text = text.replace(COMMANDER_CHILD_PROCESS, COMMANDER_LAZY_CHILD_PROCESS);
        }
        return { contents: escapeNonAscii(text), loader: 'js' };
      });
    },
  };
}
