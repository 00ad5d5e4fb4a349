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
  let registry: SchemaRegistry;
  try {
    registry = createRegistry(options.treeManifests ?? manifests, options);
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
  return run(registry, manifests, options);
}

function createRegistry(manifests: Manifest[], options: ValidateOptions): SchemaRegistry {
  return createSchemaRegistry({
    manifests,
    ...(options.kubeVersion !== undefined ? { kubeVersion: options.kubeVersion } : {}),
    ...(options.schemaLocations ? { schemaLocations: options.schemaLocations } : {}),
    ...(options.repoRoot ? { baseDir: options.repoRoot } : {}),
    ...(options.cacheDir !== false ? { cacheDir: options.cacheDir ?? defaultCacheDir() } : {}),
    ...(options.catalog === false ? { catalog: false } : {}),
  });
}

async function run(
  registry: SchemaRegistry,
  manifests: Manifest[],
  options: ValidateOptions,
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
  const schema = timed('schema', () =>
    validateAgainstSchemas(manifests, registry, { strict: options.strict === true }),
  );
  const findings: Finding[] = [...schema.findings];
  const apps = new Map((options.apps ?? []).map((a) => [a.name, a] as const));
  const ctx: CheckContext = { manifests, registry, apps };
  // the duplicate check compares objects with each other: against the whole tree when given one
  const treeCtx: CheckContext = options.treeManifests ? { ...ctx, manifests: options.treeManifests } : ctx;
  for (const [name, check] of Object.entries(CHECKS))
    if (!skip.has(name)) findings.push(...timed(name, () => check(name === 'duplicates' ? treeCtx : ctx)));
  if (!skip.has('helm-values') && options.apps?.length && options.repoRoot) {
    const t = performance.now();
    findings.push(...(await checkHelmValues({ repoRoot: options.repoRoot, apps: options.apps })));
    durationsMs['helm-values'] = Math.round(performance.now() - t);
  }
  findings.push(...registry.findings());
  return {
    findings: sortFindings(findings),
    summary: schema.summary,
    stats: { ...registry.stats(), durationsMs },
  };
}
