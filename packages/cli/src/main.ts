/**
 * `runCli(argv, io)` → exit code. The only place that maps errors to exit codes.
 *
 * Layers of this package, top to bottom. A folder imports only from folders below it, never from one
 * above (test/layering.test.ts checks every import):
 *
 *   bin.ts terminal-entry.ts    the package's bin (runs the bundle of terminal-entry.ts), the terminal
 *   index.ts                    entry point (signals, streams, exit code), the library's public API
 *   main.ts                     runCli
 *   program/                    commander: options and subcommands → command functions
 *   commands/                   one subcommand each: resolve options, run stages, emit, exit code
 *   pipeline/                   the only way into a stage (runStage), option resolution, runPipeline
 *   output/                     bytes to stdout, files and GitHub
 *   report/                     the Report model, buildReport and the pure writers
 *   config/ git/ input/         reading the config file, the git repository, manifest and policy paths
 *   cli-io.ts version.ts start/ the injected outside world, the version, running the bundle from a code cache
 */
import { type CliIO, EXIT_OK, EXIT_USAGE, UsageError } from './cli-io.js';
import { neutralizeText } from './output/neutralize-workflow-commands.js';
import { buildProgram, CommanderError } from './program/build-program.js';

export async function runCli(argv: string[], callerIO: CliIO): Promise<number> {
  // stderr carries messages that quote the pull request (config values, file names): never a workflow command
  const io: CliIO = { ...callerIO, stderr: (text) => callerIO.stderr(neutralizeText(text)) };
  let code = EXIT_OK;
  // `validate x.yaml`: only the validate subcommand is built (start-up time), with the same help and errors
  const program = buildProgram(
    io,
    (c) => {
      code = c;
    },
    argv[0] !== undefined ? { subcommand: argv[0] } : {},
  );
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; parse errors were already printed.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`neuroscale-validate: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error;
    io.stderr(`neuroscale-validate: internal error: ${err?.message ?? String(e)}\n`);
    if (debug && err?.stack) io.stderr(`${err.stack}\n`);
    else io.stderr('(run with --debug for the stack trace)\n');
    return EXIT_USAGE;
  }
}
