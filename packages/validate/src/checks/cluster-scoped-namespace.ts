/** metadata.namespace on a cluster-scoped kind: ignored by the API server, confusing in Argo CD's diff. */
import type { Finding } from '@neuroscale/core';
import { type CheckContext, manifestFinding } from './check-context.js';

export function checkClusterScopedNamespace(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const m of ctx.manifests) {
    const o = m.object;
    const ns = o?.metadata?.namespace;
    if (typeof o?.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof ns !== 'string' || !ns)
      continue;
    if (ctx.registry.scopeOf(o.apiVersion, o.kind) !== 'Cluster') continue;
    out.push(
      manifestFinding(m, '/metadata/namespace', {
        ruleId: 'namespace/cluster-scoped',
        severity: 'warning',
        message: `${o.kind} is cluster-scoped: metadata.namespace "${ns}" is ignored by the API server; remove it`,
      }),
    );
  }
  return out;
}
