/**
 * `validate x.yaml` builds only the validate subcommand (start-up time): a subcommand built alone must parse,
 * print its help and report usage errors exactly as it does inside the whole program.
 */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli-io.js';
import { buildProgram, CommanderError } from '../src/program/build-program.js';

async function run(argv: string[], only: boolean) {
  let out = '';
  let code: number | undefined;
  const io: CliIO = {
    stdout: (t) => {
      out += `[out]${t}`;
    },
    stderr: (t) => {
      out += `[err]${t}`;
    },
    readStdin: async () => '',
    cwd: '/nonexistent-for-this-test',
    env: {},
    isTTY: false,
  };
  const program = buildProgram(
    io,
    (c) => {
      code = c;
    },
    only && argv[0] ? { subcommand: argv[0] } : {},
  );
  // the command functions are not reached: each argv below ends in help or a usage error
  let thrown = '';
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    thrown = e instanceof CommanderError ? `${e.code} ${e.exitCode}` : String(e);
  }
  return { out, code, thrown, names: program.commands.map((c) => c.name()) };
}

const ARGVS = [
  ['validate', '--help'],
  ['validate', '-h'],
  ['validate', '--fomat', 'json', 'a.yaml'],
  ['validate', '--format', 'yml', 'a.yaml'],
  ['validate', '--fail-on', 'nope', 'a.yaml'],
  ['validate', '--version'],
  ['validate', '--concurrency'],
  ['render', '--help'],
  ['render', '--bogus'],
  ['prefetch', '--help'],
  ['cost', '--help'],
  ['diff', '--help'],
  ['policy', '--help'],
  ['policy', 'apply', '--help'],
  ['policy', 'test', '--help'],
  ['policy', 'nope'],
  ['comment', '--help'],
  ['tools', 'install', '--help'],
  ['merge', '--help'],
  ['merge'],
];

describe('a subcommand built alone behaves as in the whole program', () => {
  it.each(ARGVS.map((a) => [a.join(' '), a]))('%s', async (_name, argv) => {
    const whole = await run(argv as string[], false);
    const alone = await run(argv as string[], true);
    expect(alone.names).toEqual([(argv as string[])[0]]);
    expect(whole.names.length).toBeGreaterThan(5);
    expect(alone.out).not.toBe('');
    expect({ ...alone, names: [] }).toEqual({ ...whole, names: [] });
  });

  it('an argument that names no subcommand builds the whole program', async () => {
    for (const first of ['--help', 'help', '.', 'valid', 'constructor', '__proto__'])
      expect((await run([first, '--bogus-flag-for-this-test'], true)).names.length).toBeGreaterThan(5);
  });
});
