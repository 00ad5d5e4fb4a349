/**
 * Flags shared by the pipeline and the stage subcommands, merged over neuroscale.config.yaml.
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { DEFAULT_KUBERNETES_VERSION, type Severity, SUPPORTED_KUBERNETES_VERSIONS } from '@neuroscale/core';
import { UsageError } from '../cli-io.js';
import { loadConfig, type NeuroscaleConfig } from '../config/config-file.js';
import { confinePaths, repoRelative } from '../config/confine-paths.js';
import { describeRepoRoot as describeRoot, findRepoRoot, type RepoRoot } from '../git/repo-root.js';
import type { StagedFinding } from '../report/report-model.js';
import type { PipelineOptions } from './pipeline-options.js';

export interface CommonFlags {
  root?: string[];
  policies?: string[];
  /** `--exceptions` (repeatable): Kyverno PolicyException files or folders. */
  exceptions?: string[];
  kubeVersion?: string;
  schemaLocation?: string[];
  base?: string;
  failOn?: string;
  offline?: boolean;
  concurrency?: string;
  config?: string;
  repoUrl?: string[];
  strict?: boolean;
  maxCpuDelta?: string;
  maxMemoryDelta?: string;
  maxMonthlyDelta?: string;
  /** `--cache-dir` (tools and caches; default core resolveCacheDir). */
  cacheDir?: string;
  /** `--no-mutate` sets false: policies validate the rendered objects as written, no admission. */
  mutate?: boolean;
  /** `--allow-empty`: a run over Applications that checked no object may pass. */
  allowEmpty?: boolean;
}

export const SUPPORTED_KUBE_VERSIONS: readonly string[] = SUPPORTED_KUBERNETES_VERSIONS;

export function parseFailOn(value: string): Severity | 'never' {
  if (value === 'error' || value === 'warning' || value === 'never') return value;
  throw new UsageError(`--fail-on must be error, warning or never (got "${value}")`);
}

export function parseKubeVersion(value: string): string {
  const m = /^v?(\d+\.\d+)(?:\.\d+)?$/.exec(value);
  if (!m || !SUPPORTED_KUBE_VERSIONS.includes(m[1]!)) {
    throw new UsageError(
      `--kube-version must be one of ${SUPPORTED_KUBE_VERSIONS.join(', ')} (got "${value}")`,
    );
  }
  return m[1]!;
}

function parseConcurrency(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError(`--concurrency must be an integer from 1 to 256 (got "${value}")`);
  return n;
}

export type ResolvedOptions = PipelineOptions & {
  config: NeuroscaleConfig;
  configFile?: string;
  repoRootSource: RepoRoot['source'];
};

/** The root a run used, for terminal messages (see git/repo-root.ts). */
export function describeRepoRoot(options: { repoRoot: string; repoRootSource: RepoRoot['source'] }): string {
  return describeRoot({ root: options.repoRoot, source: options.repoRootSource });
}

/**
 * A stderr note for findings about paths that leave the root. Findings stay repo-relative (they end up
 * in reports and PR comments); the terminal is told which root that was, since outside git it is simply
 * the folder given.
 */
export function outsideRootNote(
  options: { repoRoot: string; repoRootSource: RepoRoot['source'] },
  findings: readonly { message: string }[],
): string | undefined {
  // inside git the root is the top level everyone expects; only the fallback needs naming
  if (options.repoRootSource === 'git') return undefined;
  if (!findings.some((f) => /outside the repository/.test(f.message))) return undefined;
  return `neuroscale-validate: paths were confined to the ${describeRepoRoot(options)}\n`;
}

export async function resolvePipelineOptions(
  path: string,
  flags: CommonFlags,
  io: { cwd: string; existsPolicies: (root: string, p: string) => boolean; rootWithoutGit?: boolean },
): Promise<ResolvedOptions> {
  const found = findRepoRoot(pathFrom(io.cwd, path), { withoutGit: io.rootWithoutGit === true });
  const repoRoot = found.root;
  const { config, file, cost } = await loadConfig(repoRoot, flags.config && pathFrom(io.cwd, flags.config));
  const policies =
    flags.policies ??
    asList(config.policies) ??
    (io.existsPolicies(repoRoot, 'policies') ? ['policies'] : undefined);
  const policyExceptions = flags.exceptions ?? asList(config.policyExceptions);
  const concurrency =
    parseConcurrency(flags.concurrency ?? config.concurrency) ?? Math.max(1, availableParallelism());
  const roots = flags.root ?? config.roots;
  const configFile = file && (repoRelative(repoRoot, file) ?? basename(file));
  // Two calls, so that each finding belongs to the stage that would have read the path: a root to render,
  // a schema location to validate.
  const confinedRoots = confinePaths({
    repoRoot,
    ...(configFile ? { configFile } : {}),
    ...(roots ? { roots: { entries: roots, from: flags.root ? 'flag' : 'config' } } : {}),
    ...(config.repos ? { configRepos: config.repos } : {}),
  });
  const confinedSchemas = confinePaths({
    repoRoot,
    ...(configFile ? { configFile } : {}),
    // flags are the user's own choice; only what the (pull-request controlled) config file says is confined
    ...(flags.schemaLocation || !config.schemaLocations
      ? {}
      : { configSchemaLocations: config.schemaLocations }),
  });
  const configFindings: StagedFinding[] = [
    ...confinedRoots.findings.map((f): StagedFinding => ({ ...f, stage: 'render' })),
    ...confinedSchemas.findings.map((f): StagedFinding => ({ ...f, stage: 'validate' })),
  ];
  const options: ResolvedOptions = {
    repoRoot,
    repoRootSource: found.source,
    kubeVersion: parseKubeVersion(flags.kubeVersion ?? config.kubeVersion ?? DEFAULT_KUBERNETES_VERSION),
    schemaLocations: flags.schemaLocation ?? confinedSchemas.configSchemaLocations ?? [],
    strict: flags.strict ?? config.strict ?? false,
    offline:
      flags.offline ?? (config.network ? config.network === 'off' : undefined) ?? config.offline ?? false,
    concurrency,
    repoURLs: [...(config.repoURLs ?? []), ...(flags.repoUrl ?? [])],
    cost: {
      compute: cost.cost,
      diff: {
        ...cost.diff,
        thresholds: {
          ...cost.diff.thresholds,
          ...(flags.maxCpuDelta ? { maxCpuDelta: flags.maxCpuDelta } : {}),
          ...(flags.maxMemoryDelta ? { maxMemoryDelta: flags.maxMemoryDelta } : {}),
          ...(flags.maxMonthlyDelta ? { maxMonthlyDelta: flags.maxMonthlyDelta } : {}),
        },
      },
    },
    failOn: parseFailOn(flags.failOn ?? config.failOn ?? 'error'),
    ...(config.rules ? { ruleSeverity: config.rules } : {}),
    config,
  };
  if (confinedRoots.roots?.length) options.roots = confinedRoots.roots;
  if (configFindings.length) options.configFindings = configFindings;
  if (policies) options.policies = policies;
  if (policyExceptions?.length) options.policyExceptions = policyExceptions;
  if (confinedRoots.repos) options.repos = confinedRoots.repos;
  if (flags.base) options.base = flags.base;
  if ((flags.mutate ?? config.mutate) === false) options.mutate = false;
  if (flags.allowEmpty) options.allowEmpty = true;
  if (config.argocd) options.argocd = { ...config.argocd, ...(configFile ? { file: configFile } : {}) };
  // the one cache dir comes from the user's flag or environment, never from the repository
  if (flags.cacheDir) options.cacheDir = pathFrom(io.cwd, flags.cacheDir);
  // an explicit --offline also forbids downloading missing helm/kubectl
  if (flags.offline === true) options.toolDownload = false;
  if (file) options.configFile = file;
  return options;
}

/** A config value that is one path or a list of them, as a list. */
function asList(value: string | string[] | undefined): string[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

function pathFrom(cwd: string, p: string): string {
  return p.startsWith('/') ? p : `${cwd}/${p}`;
}
