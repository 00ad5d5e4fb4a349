import type { Severity } from '@neuroscale/core';
import type { CostOptions, DiffCostOptions } from '@neuroscale/cost-proxy';
import type { ArgocdEnvironmentConfig } from '@neuroscale/render';
import type { StagedFinding } from '../report/report-model.js';
import type { ChangedSelection } from './select-changed-apps.js';
import type { ShardSpec } from './select-shard.js';

/** Fully resolved options for one pipeline run (flags over config over defaults). */
export interface PipelineOptions {
  repoRoot: string;
  /** Root Application files (globs, repo-relative). */
  roots?: string[];
  /** Policy folder (repo-relative or absolute); undefined = no policy stage. */
  /** Policy folders, files or repo-relative globs (e.g. policies/NAME/policy.yaml with NAME a glob); undefined = no policy stage. */
  policies?: string[];
  /** PolicyException folders, files or globs applied with the pack (`--exceptions`, config `policyExceptions`). */
  policyExceptions?: string[];
  kubeVersion: string;
  schemaLocations: string[];
  strict: boolean;
  offline: boolean;
  concurrency?: number;
  repoURLs: string[];
  /**
   * Admission before validation (default true): Kyverno mutate and generate rules of the pack change the
   * objects first; validate rules and cost then see the admitted objects. `--no-mutate` sets false.
   */
  mutate?: boolean;
  /** Git ref of the base revision for the cost diff. */
  base?: string;
  /** Cost options and thresholds: the config file's `cost:` block (cost-proxy's loader), flags over it. */
  cost: { compute: CostOptions; diff: DiffCostOptions };
  failOn: Severity | 'never';
  /** The config file's `argocd:` section, with the config file (repo-relative) for the settings' origins. */
  argocd?: ArgocdEnvironmentConfig & { file?: string };
  /** A run over Applications that checked no object passes (`--allow-empty`); default: it fails. */
  allowEmpty?: boolean;
  /** Severity overrides per rule id or `family/*` (from neuroscale.config.yaml `rules`). */
  ruleSeverity?: Record<string, Severity>;
  /** `repos:`: repoURL → absolute folder of that repository (confined to this one). */
  repos?: Record<string, string>;
  /** The cache directory (`--cache-dir`); undefined = core resolveCacheDir() from the environment. */
  cacheDir?: string;
  /** Download the pinned helm/kubectl when missing (default true; false with an explicit --offline). */
  toolDownload?: boolean;
  /**
   * Problems with the configuration itself (a root or schema location outside the repository), each
   * counted for the stage that would have read the path.
   */
  configFindings?: StagedFinding[];
  /**
   * `--changed-only`: the change since `--base` (pipeline/select-changed-apps.ts); only the apps it affects are
   * rendered and checked, the others are listed as skipped-unchanged.
   */
  changedOnly?: ChangedSelection;
  /** `--shard i/n`: check one part of the rendered tree (pipeline/select-shard.ts); the report says which. */
  shard?: ShardSpec;
  /** Called with progress lines (stage starts, apps rendered) — the CLI prints them on a TTY only. */
  onProgress?: (line: string) => void;
}
