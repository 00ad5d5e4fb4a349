/**
 * Flags shared by the pipeline and the stage subcommands, merged over neuroscale.config.yaml.
 */
import { availableParallelism } from 'node:os';
import type { Severity } from '@neuroscale/core';
import { UsageError } from '../cli-io.js';
import { loadConfig, type NeuroscaleConfig } from '../config/config-file.js';
import { findRepoRoot } from '../git/repo-root.js';
import type { PipelineOptions } from '../pipeline/pipeline-options.js';

export interface CommonFlags {
  root?: string[];
  policies?: string[];
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
}

export const SUPPORTED_KUBE_VERSIONS = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35'];

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

export function resolvePipelineOptions(
  path: string,
  flags: CommonFlags,
  io: { cwd: string; existsPolicies: (root: string, p: string) => boolean },
): PipelineOptions & { config: NeuroscaleConfig; configFile?: string } {
  const repoRoot = findRepoRoot(pathFrom(io.cwd, path));
  const { config, file } = loadConfig(repoRoot, flags.config && pathFrom(io.cwd, flags.config));
  const configured =
    config.policies === undefined
      ? undefined
      : Array.isArray(config.policies)
        ? config.policies
        : [config.policies];
  const policies =
    flags.policies ?? configured ?? (io.existsPolicies(repoRoot, 'policies') ? ['policies'] : undefined);
  const concurrency =
    parseConcurrency(flags.concurrency ?? config.concurrency) ?? Math.max(1, availableParallelism());
  const options: PipelineOptions & { config: NeuroscaleConfig; configFile?: string } = {
    repoRoot,
    kubeVersion: parseKubeVersion(flags.kubeVersion ?? config.kubeVersion ?? '1.33'),
    schemaLocations: flags.schemaLocation ?? config.schemaLocations ?? [],
    strict: flags.strict ?? config.strict ?? false,
    offline: flags.offline ?? config.offline ?? true,
    concurrency,
    repoURLs: [...(config.repoURLs ?? []), ...(flags.repoUrl ?? [])],
    cost: {
      ...config.cost,
      ...(flags.maxCpuDelta ? { maxCpuDelta: flags.maxCpuDelta } : {}),
      ...(flags.maxMemoryDelta ? { maxMemoryDelta: flags.maxMemoryDelta } : {}),
      ...(flags.maxMonthlyDelta ? { maxMonthlyDelta: flags.maxMonthlyDelta } : {}),
    },
    failOn: parseFailOn(flags.failOn ?? config.failOn ?? 'error'),
    ...(config.rules ? { ruleSeverity: config.rules } : {}),
    config,
  };
  const roots = flags.root ?? config.roots;
  if (roots?.length) options.roots = roots;
  if (policies) options.policies = policies;
  if (flags.base) options.base = flags.base;
  // the one cache dir comes from the user's flag or environment, never from the repository
  if (flags.cacheDir) options.cacheDir = pathFrom(io.cwd, flags.cacheDir);
  // an explicit --offline also forbids downloading missing helm/kubectl
  if (flags.offline === true) options.toolDownload = false;
  if (file) options.configFile = file;
  return options;
}

function pathFrom(cwd: string, p: string): string {
  return p.startsWith('/') ? p : `${cwd}/${p}`;
}
