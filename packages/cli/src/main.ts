/** `runCli(argv, io)` → exit code. The only place that maps errors to exit codes. */
import { type CliIO, EXIT_OK, EXIT_USAGE, UsageError } from './cli-io.js';
import { neutralizeText } from './output/neutralize-workflow-commands.js';
import { buildProgram, CommanderError } from './program/build-program.js';

export async function runCli(argv: string[], callerIO: CliIO): Promise<number> {
  // stderr carries messages that quote the pull request (config values, file names): never a workflow command
  const io: CliIO = { ...callerIO, stderr: (text) => callerIO.stderr(neutralizeText(text)) };
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
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
