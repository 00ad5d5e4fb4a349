/**
 * The validate stage: strict schemas (built-in kinds and CRDs, zero configuration) plus the checks
 * kubeconform leaves out, and Helm values the chart never reads.
 */
import {
  type AppNode,
  type Finding,
  finding,
  type Manifest,
  resolveCacheDir,
  sortFindings,
} from '@neuroscale/core';
import { checkApplySize } from './checks/apply-size.js';
import type { Check, CheckContext } from './checks/check-context.js';
import { checkClusterScopedNamespace } from './checks/cluster-scoped-namespace.js';
import { checkDeprecatedApis } from './checks/deprecated-apis.js';
import { checkDuplicateObjects } from './checks/duplicate-objects.js';
import { checkObjectNames } from './checks/object-names.js';
import { checkPodTemplateDuplicates } from './checks/pod-template-duplicates.js';
import { MissingGeneratedDataError } from './data/generated-data.js';
import { checkHelmValues } from './helm/check-helm-values.js';
import {
  createSchemaRegistry,
  type SchemaRegistry,
  type SchemaRegistryStats,
  UnsupportedKubernetesVersionError,
} from './schemas/schema-registry.js';
import { type SchemaSummary, validateAgainstSchemas } from './validate-against-schemas.js';

export interface ValidateOptions {
  /** Kubernetes version whose schemas apply: '1.30'…'1.35' (default '1.33'). */
  kubeVersion?: string;
  /** kubeconform-style schema locations for CRs the manifests and the bundled catalog do not cover. */
  schemaLocations?: string[];
  /** A CR without a schema is an error (default: warning). */
  strict?: boolean;
  /** Applications from render: destination namespaces, sync options, Helm value inputs. */
  apps?: AppNode[];
  /** Repository root (absolute): Helm charts and value files are read from here; schema locations resolve against it. */
  repoRoot?: string;
  /**
   * Folder for compiled schema validators, reused across runs (they are loaded as code, so it must be
   * a folder only you can write; never one inside a scanned repository). Default: core's resolveCacheDir()
   * ($NEUROSCALE_CACHE_DIR, else $XDG_CACHE_HOME/neuroscale, else the user's cache folder), the same folder
   * render uses. `false` turns the disk cache off.
   */
  cacheDir?: string | false;
  /** Use the bundled CRD catalog (KServe, Kyverno, Argo CD, Knative Serving); default true. */
  catalog?: boolean;
  /** Turn checks off by name: 'duplicates', 'cluster-scoped-namespace', 'names', 'pod-duplicates', 'deprecated-apis', 'apply-size', 'helm-values'. */
  skipChecks?: string[];
  /**
   * The whole rendered tree when `manifests` is only a part of it (one CI shard): CRDs anywhere in it
   * give scopes and schemas, and the duplicate-object check compares against all of it. Findings are
   * still made for every object of the tree the cross-object check sees; the caller keeps its own.
   */
  treeManifests?: Manifest[];
}

export interface ValidateResult {
  findings: Finding[];
  summary: SchemaSummary;
  /** Schema compilation figures of this run, and where the time went (ms per stage and check). */
  stats: SchemaRegistryStats & { durationsMs: Record<string, number> };
}

/** The toolkit's one cache directory (core resolveCacheDir: NEUROSCALE_CACHE_DIR, XDG_CACHE_HOME, user cache). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolveCacheDir({ env });
}

/**
 * Checks that look at one manifest at a time (and the registry): a batch of files can run them on its own,
 * and the batches' findings concatenated in order are the findings of one pass. `duplicates` compares
 * manifests across the whole input; it always runs once, over all of them.
 */
const PER_DOCUMENT_CHECKS = [
  'cluster-scoped-namespace',
  'names',
  'pod-duplicates',
  'deprecated-apis',
  'apply-size',
] as const;

const CHECKS: Record<string, Check> = {
  duplicates: checkDuplicateObjects,
  'cluster-scoped-namespace': checkClusterScopedNamespace,
  names: checkObjectNames,
  'pod-duplicates': checkPodTemplateDuplicates,
  'deprecated-apis': checkDeprecatedApis,
  'apply-size': checkApplySize,
};

export async function validate(
  manifests: Manifest[],
  options: ValidateOptions = {},
): Promise<ValidateResult> {
  const registry = createRegistryOrFinding(manifests, options);
  if ('summary' in registry) return registry;
  return runChecks(registry, manifests, options);
}

/** The registry of the run, or the result that says why there is none (an unsupported version, no data). */
export function createRegistryOrFinding(
  manifests: readonly Manifest[],
  options: ValidateOptions,
): SchemaRegistry | ValidateResult {
  try {
    return createRegistry(options.treeManifests ?? manifests, options);
  } catch (e) {
    if (!(e instanceof UnsupportedKubernetesVersionError || e instanceof MissingGeneratedDataError)) throw e;
    return {
      findings: [
        finding({
          ruleId:
            e instanceof UnsupportedKubernetesVersionError
              ? 'schema/unsupported-version'
              : 'schema/no-schema-data',
          message: e.message,
        }),
      ],
      summary: { objects: manifests.length, valid: 0, invalid: 0, skipped: manifests.length },
      stats: { compiled: 0, cacheHits: 0, compileMs: 0, durationsMs: {} },
    };
  }
}

function createRegistry(manifests: readonly Manifest[], options: ValidateOptions): SchemaRegistry {
  return createSchemaRegistry({
    manifests,
    ...(options.kubeVersion !== undefined ? { kubeVersion: options.kubeVersion } : {}),
    ...(options.schemaLocations ? { schemaLocations: options.schemaLocations } : {}),
    ...(options.repoRoot ? { baseDir: options.repoRoot } : {}),
    ...(options.cacheDir !== false ? { cacheDir: options.cacheDir ?? defaultCacheDir() } : {}),
    ...(options.catalog === false ? { catalog: false } : {}),
  });
}

/** Schema results computed elsewhere (batches in worker threads), merged in input order. */
export interface PrecomputedSchemaStage {
  findings: Finding[];
  summary: SchemaSummary;
  /** Schema problems the other registries met (deduplicated against this run's). */
  problems: Finding[];
  stats: SchemaRegistryStats;
  /** Findings of per-document checks the batches ran, by check name (those checks do not run again). */
  checks?: Record<string, Finding[]>;
}

/**
 * The per-document checks (not skipped) on one batch of manifests, by name. Only without `apps`: an
 * Application's sync options (apply-size) live on the main thread.
 */
export function runPerDocumentChecks(
  registry: SchemaRegistry,
  manifests: Manifest[],
  options: Pick<ValidateOptions, 'skipChecks'>,
): Record<string, Finding[]> {
  const skip = new Set(options.skipChecks ?? []);
  const ctx: CheckContext = { manifests, registry, apps: new Map() };
  const out: Record<string, Finding[]> = {};
  for (const name of PER_DOCUMENT_CHECKS) {
    const check = CHECKS[name];
    if (check && !skip.has(name)) out[name] = check(ctx);
  }
  return out;
}

/** The schema stage (unless precomputed), then every check over all manifests. */
export async function runChecks(
  registry: SchemaRegistry,
  manifests: Manifest[],
  options: ValidateOptions,
  precomputed?: PrecomputedSchemaStage,
): Promise<ValidateResult> {
  const skip = new Set(options.skipChecks ?? []);
  const durationsMs: Record<string, number> = {};
  const timed = <T>(name: string, fn: () => T): T => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      durationsMs[name] = Math.round(performance.now() - t);
    }
  };
  const schema =
    precomputed ??
    timed('schema', () => validateAgainstSchemas(manifests, registry, { strict: options.strict === true }));
  const findings: Finding[] = [...schema.findings];
  const apps = new Map((options.apps ?? []).map((a) => [a.name, a] as const));
  const ctx: CheckContext = { manifests, registry, apps };
  // the duplicate check compares objects with each other: against the whole tree when given one
  const treeCtx: CheckContext = options.treeManifests ? { ...ctx, manifests: options.treeManifests } : ctx;
  for (const [name, check] of Object.entries(CHECKS)) {
    if (skip.has(name)) continue;
    const done = precomputed?.checks?.[name];
    findings.push(...(done ?? timed(name, () => check(name === 'duplicates' ? treeCtx : ctx))));
  }
  if (!skip.has('helm-values') && options.apps?.length && options.repoRoot) {
    const t = performance.now();
    findings.push(...(await checkHelmValues({ repoRoot: options.repoRoot, apps: options.apps })));
    durationsMs['helm-values'] = Math.round(performance.now() - t);
  }
  findings.push(...withoutRepeats(registry.findings(), precomputed?.problems ?? []));
  const stats = registry.stats();
  if (precomputed) {
    stats.compiled += precomputed.stats.compiled;
    stats.cacheHits += precomputed.stats.cacheHits;
    stats.compileMs += precomputed.stats.compileMs;
  }
  return { findings: sortFindings(findings), summary: schema.summary, stats: { ...stats, durationsMs } };
}

/** This registry's problems, then those of other registries it did not report itself (the same JSON). */
function withoutRepeats(own: Finding[], others: Finding[]): Finding[] {
  if (!others.length) return own;
  const seen = new Set(own.map((f) => JSON.stringify(f)));
  const out = [...own];
  for (const f of others) {
    const key = JSON.stringify(f);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}
