/**
 * The validate stage: strict schemas (built-in kinds and CRDs, zero configuration) plus the checks
 * kubeconform leaves out, and Helm values the chart never reads.
 */
import { type AppNode, type Finding, type Manifest, sortFindings } from '@neuroscale/core';
import { checkApplySize } from './checks/apply-size.js';
import type { Check, CheckContext } from './checks/check-context.js';
import { checkClusterScopedNamespace } from './checks/cluster-scoped-namespace.js';
import { checkDeprecatedApis } from './checks/deprecated-apis.js';
import { checkDuplicateObjects } from './checks/duplicate-objects.js';
import { checkObjectNames } from './checks/object-names.js';
import { checkPodTemplateDuplicates } from './checks/pod-template-duplicates.js';
import { checkHelmValues } from './helm/check-helm-values.js';
import { createSchemaRegistry, type SchemaRegistryStats } from './schemas/schema-registry.js';
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
  /** Folder for compiled schema validators (reused across runs). */
  cacheDir?: string;
  /** Use the bundled CRD catalog (KServe, Kyverno, Argo CD, Knative Serving); default true. */
  catalog?: boolean;
  /** Turn checks off by name: 'duplicates', 'cluster-scoped-namespace', 'names', 'pod-duplicates', 'deprecated-apis', 'apply-size', 'helm-values'. */
  skipChecks?: string[];
}

export interface ValidateResult {
  findings: Finding[];
  summary: SchemaSummary;
  /** Schema compilation figures of this run. */
  stats: SchemaRegistryStats;
}

const CHECKS: Record<string, Check> = {
  duplicates: checkDuplicateObjects,
  'cluster-scoped-namespace': checkClusterScopedNamespace,
  names: checkObjectNames,
  'pod-duplicates': checkPodTemplateDuplicates,
  'deprecated-apis': checkDeprecatedApis,
  'apply-size': checkApplySize,
};

export async function validate(manifests: Manifest[], options: ValidateOptions = {}): Promise<ValidateResult> {
  const registry = createSchemaRegistry({
    manifests,
    ...(options.kubeVersion !== undefined ? { kubeVersion: options.kubeVersion } : {}),
    ...(options.schemaLocations ? { schemaLocations: options.schemaLocations } : {}),
    ...(options.repoRoot ? { baseDir: options.repoRoot } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.catalog === false ? { catalog: false } : {}),
  });
  const skip = new Set(options.skipChecks ?? []);
  const schema = validateAgainstSchemas(manifests, registry, { strict: options.strict === true });
  const findings: Finding[] = [...schema.findings];
  const apps = new Map((options.apps ?? []).map((a) => [a.name, a] as const));
  const ctx: CheckContext = { manifests, registry, apps };
  for (const [name, check] of Object.entries(CHECKS)) if (!skip.has(name)) findings.push(...check(ctx));
  if (!skip.has('helm-values') && options.apps?.length && options.repoRoot) {
    findings.push(...(await checkHelmValues({ repoRoot: options.repoRoot, apps: options.apps })));
  }
  findings.push(...registry.findings());
  return { findings: sortFindings(findings), summary: schema.summary, stats: registry.stats() };
}
