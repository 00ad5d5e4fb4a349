/**
 * Pod-controller autogen for the new policy types (kyverno 497e091 pkg/cel/autogen): only when
 * matchConstraints has exactly one resourceRule for core/v1 pods without names, excludes or
 * selectors. Each replacement group is an extra compiled variant with the SAME policy name:
 * "defaults" (deployments, daemonsets, statefulsets, replicasets, jobs) rewrites
 * `object.spec` → `object.spec.template.spec` and `object.metadata` → `object.spec.template.metadata`
 * (oldObject alike) in every expression; "cronjobs" rewrites to `…spec.jobTemplate.spec.template…`.
 */
import type { MatchConstraints, ResourceRule } from './match-constraints.js';

export const DEFAULT_CONTROLLERS = [
  'daemonsets',
  'deployments',
  'jobs',
  'replicasets',
  'statefulsets',
  'cronjobs',
];

const TARGETS: Record<string, { group: string; version: string }> = {
  deployments: { group: 'apps', version: 'v1' },
  daemonsets: { group: 'apps', version: 'v1' },
  statefulsets: { group: 'apps', version: 'v1' },
  replicasets: { group: 'apps', version: 'v1' },
  jobs: { group: 'batch', version: 'v1' },
  cronjobs: { group: 'batch', version: 'v1' },
};

export interface AutogenVariant {
  /** `defaults` or `cronjobs`. */
  group: 'defaults' | 'cronjobs';
  match: MatchConstraints;
  rewrite: (expression: string) => string;
}

const only = (l: string[], v: string) => l.length === 1 && l[0] === v;

function isPodOnly(m: MatchConstraints): ResourceRule | undefined {
  if (m.resourceRules.length !== 1 || m.excludeResourceRules.length > 0) return undefined;
  if (m.namespaceSelector !== undefined || m.objectSelector !== undefined) return undefined;
  const r = m.resourceRules[0] as ResourceRule;
  if (!only(r.apiGroups, '') || !only(r.apiVersions, 'v1') || !only(r.resources, 'pods')) return undefined;
  if (r.resourceNames.length > 0) return undefined;
  return r;
}

const rewriter = (prefix: string) => (expression: string) =>
  expression.replace(
    /(?<![A-Za-z0-9_])(object|oldObject)\.(spec|metadata)(?![A-Za-z0-9_])/g,
    (_m, root: string, field: string) => `${root}.${prefix}.${field}`,
  );

/** The autogen variants of a ValidatingPolicy (empty when autogen does not apply). */
export function autogenVariants(
  m: MatchConstraints,
  controllers: readonly string[] | undefined,
): AutogenVariant[] {
  const pod = isPodOnly(m);
  if (!pod) return [];
  const wanted = new Set(controllers ?? DEFAULT_CONTROLLERS);
  const variants: AutogenVariant[] = [];
  const build = (resources: string[]): MatchConstraints => {
    const byGv = new Map<string, string[]>();
    for (const r of resources) {
      const t = TARGETS[r] as { group: string; version: string };
      const k = `${t.group}/${t.version}`;
      byGv.set(k, [...(byGv.get(k) ?? []), r]);
    }
    return {
      resourceRules: [...byGv.entries()].map(([gv, res]) => ({
        apiGroups: [gv.split('/')[0] as string],
        apiVersions: [gv.split('/')[1] as string],
        resources: res,
        operations: pod.operations,
        resourceNames: [],
        scope: pod.scope,
      })),
      excludeResourceRules: [],
    };
  };
  const defaults = ['daemonsets', 'deployments', 'jobs', 'replicasets', 'statefulsets'].filter((c) =>
    wanted.has(c),
  );
  if (defaults.length)
    variants.push({ group: 'defaults', match: build(defaults), rewrite: rewriter('spec.template') });
  if (wanted.has('cronjobs'))
    variants.push({
      group: 'cronjobs',
      match: build(['cronjobs']),
      rewrite: rewriter('spec.jobTemplate.spec.template'),
    });
  return variants;
}
