/**
 * The terminal entry point of the CLI: signals, standard streams and the exit code around runCli. The build
 * bundles it, with everything the CLI runs, into dist/cli.cjs, which the package's bin (bin.ts) runs through
 * V8's code cache.
 */
import { cleanupRegisteredSync } from '@neuroscale/core';
import { runCli } from './main.js';

// Clean exits: every temp folder, base worktree and child process group is registered in core on creation.
// On SIGINT / SIGTERM remove / kill them all, then exit with the shell's convention 128 + signal number
// (130 / 143). Only this terminal entry point installs handlers; the library never touches signals.
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
  process.once(signal, () => {
    cleanupRegisteredSync();
    process.stderr.write(`neuroscale-validate: interrupted (${signal}); temporary files removed\n`);
    process.exit(code);
  });
}
// a normal exit with something still registered (an error path that skipped its finally): same cleanup
process.once('exit', () => {
  cleanupRegisteredSync();
});

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const write = (stream: NodeJS.WriteStream) => (text: string) => {
  stream.write(text);
};

// `neuroscale-validate --help | head -1`: the reader went away, which is how pipes end, not an error.
// Any other failure to write stdout (a full disk) is one line on stderr and exit 2, never a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  process.stderr.write(`neuroscale-validate: cannot write to standard output: ${e.code ?? e.message}\n`);
  process.exit(2);
});
process.stderr.on('error', () => process.exit(2));

runCli(process.argv.slice(2), {
  stdout: write(process.stdout),
  stderr: write(process.stderr),
  readStdin,
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`neuroscale-validate: internal error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
