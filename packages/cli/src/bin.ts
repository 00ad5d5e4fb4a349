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
