#!/usr/bin/env node
import { runCli } from './main.js';

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
