/**
 * The names of the subcommands, in the order the program's --help lists them. A module of its own because
 * the bin reads it before the program is loaded (each subcommand keeps its own code cache, src/start/), and
 * build-program.ts checks at compile time that it has an entry for each.
 */
export const SUBCOMMAND_NAMES = [
  'render',
  'prefetch',
  'validate',
  'cost',
  'diff',
  'policy',
  'comment',
  'tools',
  'merge',
] as const;

export type SubcommandName = (typeof SUBCOMMAND_NAMES)[number];
