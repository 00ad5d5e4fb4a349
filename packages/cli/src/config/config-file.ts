/**
 * `neuroscale.config.yaml`: project defaults for every flag. Its JSON schema is published with the
 * package (schemas/config.schema.json) for editor completion:
 *   # yaml-language-server: $schema=./node_modules/neuroscale-validate/schemas/config.schema.json
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadYaml } from '@neuroscale/core';
import type { CostConfig } from '@neuroscale/cost-proxy';
import type { ArgocdEnvironmentConfig } from '@neuroscale/render';
import { UsageError } from '../cli-io.js';
import { readArgocdConfig } from './read-argocd-config.js';

export interface NeuroscaleConfig {
  roots?: string[];
  policies?: string | string[];
  /** Kyverno PolicyExceptions applied with the pack: folders, files or globs (like `policies`). */
  policyExceptions?: string | string[];
  kubeVersion?: string;
  schemaLocations?: string[];
  failOn?: 'error' | 'warning' | 'never';
  repoURLs?: string[];
  offline?: boolean;
  /** Other repositories: repoURL → folder inside this repository holding that repository's files. */
  repos?: Record<string, string>;
  /** `off`: no network access at all (remote charts from the cache only); `on`: fetch remote charts. */
  network?: 'on' | 'off';
  concurrency?: number;
  strict?: boolean;
  /** Admission before validation (Kyverno mutate/generate rules first); false = `--no-mutate`. */
  mutate?: boolean;
  /** Severity per rule id (`helm/unused-value`) or rule family (`policy/require-probes/*`). */
  rules?: Record<string, 'error' | 'warning' | 'info'>;
  /** The cost block as written; cost-proxy's loadCostConfig reads it (LoadedConfig.cost). */
  cost?: Record<string, unknown>;
  /** The Argo CD installation the repository targets (read-argocd-config.ts); unset keys are discovered. */
  argocd?: ArgocdEnvironmentConfig;
}

export interface LoadedConfig {
  config: NeuroscaleConfig;
  /** Absolute path of the file read; undefined when there is none. */
  file?: string;
  /** The `cost:` block as cost-proxy's own config loader reads it (empty without one). */
  cost: Omit<CostConfig, 'findings'>;
}

export const CONFIG_FILE_NAMES = ['neuroscale.config.yaml', 'neuroscale.config.yml'];

const KNOWN_KEYS = new Set([
  'roots',
  'policies',
  'policyExceptions',
  'kubeVersion',
  'schemaLocations',
  'failOn',
  'repoURLs',
  'offline',
  'network',
  'repos',
  'concurrency',
  'strict',
  'mutate',
  'rules',
  'cost',
  'argocd',
  '$schema',
]);

/** Read the config file named by --config, or the first default name found in the repo root. */
export async function loadConfig(repoRoot: string, explicit?: string): Promise<LoadedConfig> {
  const abs = explicit
    ? resolve(explicit)
    : CONFIG_FILE_NAMES.map((n) => join(repoRoot, n)).find((p) => existsSync(p));
  if (!abs) return { config: {}, cost: { cost: {}, diff: {} } };
  if (!existsSync(abs)) throw new UsageError(`config file not found: ${explicit}`);
  // messages name the file as the user sees it: repo-relative when it is inside the repository
  const rel = relative(repoRoot, abs);
  const file = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs;
  const text = readFileSync(abs, 'utf8');
  const { documents, findings } = loadYaml(text, { file });
  if (findings.length > 0) {
    const f = findings[0]!;
    throw new UsageError(`${file}:${f.location?.line ?? 1}: ${f.message}`);
  }
  const value = (documents[0]?.value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${file}: the config must be a mapping`);
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.has(key))
      throw new UsageError(`${file}: unknown config key "${key}" (see schemas/config.schema.json)`);
  }
  // paths and URLs reach render and the file walkers as strings: refuse other types here, by name
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  for (const key of ['roots', 'schemaLocations', 'repoURLs'] as const) {
    if (value[key] !== undefined && !strings(value[key])) {
      throw new UsageError(`${file}: "${key}" must be a list of strings`);
    }
  }
  if (value.policies !== undefined && typeof value.policies !== 'string' && !strings(value.policies)) {
    throw new UsageError(`${file}: "policies" must be a folder or a list of folders`);
  }
  if (
    value.policyExceptions !== undefined &&
    typeof value.policyExceptions !== 'string' &&
    !strings(value.policyExceptions)
  ) {
    throw new UsageError(`${file}: "policyExceptions" must be a folder or a list of folders`);
  }
  const repos = value.repos;
  const isMap = typeof repos === 'object' && repos !== null && !Array.isArray(repos);
  if (repos !== undefined && !(isMap && Object.values(repos).every((v) => typeof v === 'string'))) {
    throw new UsageError(`${file}: "repos" must map repository URLs to folders`);
  }
  // the YAML loader reads unquoted on/off as booleans (YAML 1.1, as Kubernetes does): both spellings mean the same
  if (value.network === true) value.network = 'on';
  if (value.network === false) value.network = 'off';
  if (value.network !== undefined && value.network !== 'on' && value.network !== 'off') {
    throw new UsageError(`${file}: "network" must be on or off`);
  }
  if (value.mutate !== undefined && typeof value.mutate !== 'boolean')
    throw new UsageError(`${file}: "mutate" must be true or false`);
  const rules = (value as NeuroscaleConfig).rules;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules))
      throw new UsageError(`${file}: "rules" must map rule ids to error, warning or info`);
    for (const [id, level] of Object.entries(rules)) {
      if (level !== 'error' && level !== 'warning' && level !== 'info') {
        throw new UsageError(
          `${file}: rules."${id}" must be error, warning or info (got ${JSON.stringify(level)})`,
        );
      }
    }
  }
  if (value.argocd !== undefined) value.argocd = readArgocdConfig(value.argocd, file);
  // one cost configuration: the block is cost-proxy's, read by cost-proxy's loader (loaded only for a config
  // that has the block: `validate` of a file never loads cost code)
  if (value.cost === undefined)
    return { config: value as NeuroscaleConfig, file: abs, cost: { cost: {}, diff: {} } };
  const { loadCostConfig } = await import('@neuroscale/cost-proxy');
  const cost = loadCostConfig(text, { file, pointer: '/cost' });
  const problem = cost.findings[0];
  if (problem) throw new UsageError(`${file}:${problem.location?.line ?? 1}: ${problem.message}`);
  return { config: value as NeuroscaleConfig, file: abs, cost: { cost: cost.cost, diff: cost.diff } };
}
