/**
 * The CLI's options, each declared once, and the option groups the commands of build-program.ts take from
 * them: a command lists the names it honours, so its --help shows exactly those and nothing it would ignore.
 */
import { type Command, Option } from 'commander';
import type { CliIO } from '../cli-io.js';
import type { EmitOptions } from '../output/emit-report.js';
import { parseFormat, parseOutputFlag } from '../output/parse-output-flags.js';
import type { CommonFlags } from '../pipeline/resolve-pipeline-options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface GlobalFlags extends CommonFlags {
  format?: string;
  output?: string[];
  quiet?: boolean;
  color?: boolean;
  comment?: boolean;
  debug?: boolean;
  policyReport?: string;
  diffFile?: string;
  shard?: string;
  previousReport?: string;
  changedOnly?: boolean;
}

/**
 * Every option of the CLI, once. A command (build-program.ts) declares the names it honours, so its --help lists
 * exactly those and nothing it would ignore. To add an option: one entry here, then its name in the
 * lists of the commands that read it.
 */
export const OPTIONS = {
  root: () =>
    new Option(
      '--root <glob>',
      'root Application file(s), repo-relative (repeatable; default gitops/bootstrap/*.yaml)',
    ).argParser(collect),
  policies: () =>
    new Option(
      '--policies <path>',
      'Kyverno policies: folder, file or glob like policies/*/policy.yaml (repeatable; default policies/ when present)',
    ).argParser(collect),
  exceptions: () =>
    new Option(
      '--exceptions <path>',
      'Kyverno PolicyExceptions applied with the policies: folder, file or glob (repeatable; as in kyverno apply)',
    ).argParser(collect),
  kubeVersion: () =>
    new Option('--kube-version <version>', 'Kubernetes version for schemas and helm (1.30–1.35)'),
  schemaLocation: () =>
    new Option(
      '--schema-location <location>',
      'extra schema location, kubeconform path template or folder (repeatable)',
    ).argParser(collect),
  strict: () => new Option('--strict', 'a custom resource without any schema is an error, not a warning'),
  repoUrl: () =>
    new Option(
      '--repo-url <url>',
      'repoURL that designates this repository, besides its git remotes (repeatable)',
    ).argParser(collect),
  offline: () =>
    new Option('--offline', 'never use the network: remote charts and repositories from the cache only'),
  noOffline: () =>
    new Option('--no-offline', 'fetch remote charts, dependencies and repositories into the cache (default)'),
  concurrency: () =>
    new Option(
      '--concurrency <n>',
      'parallel helm/kustomize processes, and validation threads for files (default: CPU count)',
    ),
  config: () =>
    new Option('--config <file>', 'config file (default neuroscale.config.yaml in the repo root)'),
  failOn: () =>
    new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level').choices([
      'error',
      'warning',
      'never',
    ]),
  base: () =>
    new Option(
      '--base <ref>',
      'git revision to compare with: the cost delta and the cluster diff (the pipeline runs both only with it; `cost` and `diff` default to HEAD)',
    ),
  diffFile: () =>
    new Option(
      '--diff-file <file>',
      'with --base: also write the full cluster diff to a file (.json: the JSON contract, .md: Markdown, else text)',
    ),
  maxCpuDelta: () => new Option('--max-cpu-delta <cores|%>', 'fail when requested CPU grows more than this'),
  maxMemoryDelta: () =>
    new Option('--max-memory-delta <bytes|%>', 'fail when requested memory grows more than this'),
  maxMonthlyDelta: () =>
    new Option('--max-monthly-delta <amount|%>', 'fail when the monthly estimate grows more than this'),
  output: () =>
    new Option(
      '--output <format=file>',
      'also write a format to a file (repeatable); policy apply: a folder or - writes the mutated and generated objects',
    ).argParser(collect),
  comment: () =>
    new Option('--comment', 'post or update the sticky PR comment (GitHub Actions, needs GITHUB_TOKEN)'),
  quiet: () => new Option('-q, --quiet', 'print nothing when the run passes'),
  noColor: () => new Option('--no-color', 'no colour even on a terminal'),
  policyReport: () =>
    new Option('--policy-report <file>', 'also write a wgpolicyk8s.io/v1alpha2 PolicyReport'),
  debug: () => new Option('--debug', 'print stack traces of internal errors'),
  noMutate: () =>
    new Option(
      '--no-mutate',
      'apply no Kyverno mutate/generate rules first: validate and price the rendered objects as written',
    ),
  allowEmpty: () =>
    new Option(
      '--allow-empty',
      'pass a run over Applications that checked no object (default: such a run says nothing was checked and exits 1)',
    ),
  shard: () =>
    new Option(
      '--shard <i/n>',
      'check shard i of n (apps split by a stable hash of their names); write it with --format json for `merge`',
    ),
  changedOnly: () =>
    new Option(
      '--changed-only',
      'with --base: check only the apps whose rendered output the change since the base can affect (the others are listed as skipped-unchanged)',
    ),
  previousReport: () =>
    new Option(
      '--previous-report <file>',
      'JSON report of an earlier run: --shard balances the shards by its object count per app',
    ),
  cacheDir: () =>
    new Option(
      '--cache-dir <dir>',
      'cache directory for tools and renders (default $NEUROSCALE_CACHE_DIR, $XDG_CACHE_HOME/neuroscale)',
    ),
} satisfies Record<string, () => Option>;

export type OptionName = keyof typeof OPTIONS;

/** Options of every command that renders the tree (each is read by resolvePipelineOptions or the render stage). */
export const RENDER: OptionName[] = [
  'root',
  'kubeVersion',
  'repoUrl',
  'offline',
  'noOffline',
  'concurrency',
  'config',
  'failOn',
  'cacheDir',
];
export const SCHEMAS: OptionName[] = ['schemaLocation', 'strict'];
export const COST: OptionName[] = ['base', 'maxCpuDelta', 'maxMemoryDelta', 'maxMonthlyDelta'];
export const REPORT: OptionName[] = ['output', 'comment', 'quiet', 'noColor'];

export function addOptions(cmd: Command, names: readonly OptionName[]): Command {
  for (const name of names) cmd.addOption(OPTIONS[name]());
  return cmd;
}

export function formatOption(
  formats: readonly string[],
  defaultFormat: string,
  what = 'format on stdout',
): Option {
  return new Option('--format <format>', what).choices([...formats]).default(defaultFormat);
}

export function emitOptions(flags: GlobalFlags, io: CliIO): EmitOptions {
  return {
    format: parseFormat(flags.format ?? 'text'),
    outputs: (flags.output ?? []).map(parseOutputFlag),
    color: flags.color !== false && io.isTTY && !io.env.NO_COLOR,
    quiet: flags.quiet ?? false,
    comment: flags.comment ?? false,
    ...(flags.diffFile ? { diffFile: flags.diffFile } : {}),
  };
}

export interface ProgramContext {
  io: CliIO;
  setExitCode: (code: number) => void;
}

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'];
