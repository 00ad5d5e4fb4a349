/**
 * Cluster generator (`applicationset/generators/cluster.go`) over the clusters known offline
 * (context `clusters`, default: only the local in-cluster). A cluster whose server is the in-cluster URL and
 * that carries no labels or annotations stands for the built-in local cluster: it is kept only when the
 * selector is empty, and it has no `metadata` params.
 */
import { compileLabelSelector, isEmptyLabelSelector, labelRequirementsMatch } from '@neuroscale/core';
import { sanitizeName } from '../gotemplate/index.js';
import {
  FAILED,
  type GeneratorContext,
  type GeneratorOutput,
  isRecord,
  ok,
  type ParamSet,
  report,
} from './generator-context.js';
import { appendTemplatedValues } from './values.js';

const IN_CLUSTER = 'https://kubernetes.default.svc';

export function clusterGenerator(
  spec: Record<string, unknown>,
  pointer: string,
  g: GeneratorContext,
): GeneratorOutput {
  const clusters = g.ctx.clusters ?? [{ name: 'in-cluster', server: IN_CLUSTER }];
  // Argo CD: metav1.LabelSelectorAsSelector (an omitted selector selects every cluster)
  const sel = compileLabelSelector(spec.selector);
  if (!sel.ok) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: `cluster generator: invalid selector: ${sel.error}`,
      pointer: `${pointer}/selector`,
    });
    return FAILED;
  }
  const emptySelector = isEmptyLabelSelector(spec.selector);
  const values = isRecord(spec.values) ? spec.values : undefined;
  const out: ParamSet[] = [];
  const isLocal = (c: (typeof clusters)[number]) =>
    c.server === IN_CLUSTER &&
    Object.keys(c.labels ?? {}).length === 0 &&
    Object.keys(c.annotations ?? {}).length === 0;
  for (const c of clusters) {
    const local = isLocal(c);
    if (local && !emptySelector) continue;
    const labels = { 'argocd.argoproj.io/secret-type': 'cluster', ...(c.labels ?? {}) };
    if (!local && !labelRequirementsMatch(sel.requirements, labels)) continue;
    let p: ParamSet;
    // cluster.go: params["project"] is the Secret's `project` field, '' when unset
    const project = c.project ?? '';
    if (g.mode.goTemplate) {
      p = { name: c.name, nameNormalized: sanitizeName(c.name), server: c.server, project };
      if (!local) p.metadata = { labels: { ...(c.labels ?? {}) }, annotations: { ...(c.annotations ?? {}) } };
    } else {
      p = { name: c.name, nameNormalized: sanitizeName(c.name), server: c.server, project };
      if (!local) {
        for (const [k, v] of Object.entries(c.labels ?? {})) p[`metadata.labels.${k}`] = v;
        for (const [k, v] of Object.entries(c.annotations ?? {})) p[`metadata.annotations.${k}`] = v;
      }
    }
    if (!appendTemplatedValues(values, p, `${pointer}/values`, g)) return FAILED;
    out.push(p);
  }
  if (out.length === 0) {
    // Argo CD generates nothing here, silently; offline the likelier cause is clusters nobody declared
    const known = clusters.map((c) => c.name).join(', ');
    report(g, {
      ruleId: 'render/appset-no-matching-cluster',
      severity: 'warning',
      message: `cluster generator: no cluster matches the selector (known clusters: ${known || 'none'}), so it generates no Application; declare the clusters this ApplicationSet targets in the config's argocd.clusters (name, server, labels) or as cluster Secrets (argocd.argoproj.io/secret-type: cluster) in the tree`,
      pointer: spec.selector !== undefined ? `${pointer}/selector` : pointer,
    });
  }
  if (spec.flatList === true) return ok([{ clusters: out }]);
  return ok(out);
}
