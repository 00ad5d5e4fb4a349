/**
 * Objects too large for client-side apply: `kubectl apply` (and Argo CD's default sync) stores the whole
 * object as JSON in the kubectl.kubernetes.io/last-applied-configuration annotation, and all annotations
 * of an object together may hold at most 262144 bytes. Large CRDs (Kyverno, Argo CD, KServe) hit this;
 * the fix is ServerSideApply=true (or Replace=true) on the Application or the object.
 */
import { apiGroup, type Finding, type Manifest } from '@neuroscale/core';
import { appOf, type CheckContext, manifestFinding } from './check-context.js';

export const ANNOTATIONS_SIZE_LIMIT = 262144;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

const MAY_BE_LARGE = new Set(['CustomResourceDefinition', 'ConfigMap', 'Secret', 'List']);

function hasBypass(options: readonly string[]): boolean {
  return options.some((o) => /^\s*(ServerSideApply|Replace)\s*=\s*true\s*$/i.test(o));
}

/** Size the annotations would have after a client-side apply. */
export function lastAppliedAnnotationsSize(m: Manifest): number {
  const annotations = m.object.metadata?.annotations ?? {};
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    if (k === LAST_APPLIED) continue;
    size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : String(v));
  }
  // the annotation value is the object itself (without that annotation), as compact JSON
  const json = Buffer.byteLength(JSON.stringify(m.object));
  return size + json + Buffer.byteLength(LAST_APPLIED);
}

export function checkApplySize(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const m of ctx.manifests) {
    const o = m.object;
    if (!o || typeof o !== 'object' || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string')
      continue;
    // built-in workload/network kinds never come near the limit; measure what can (CRDs, ConfigMaps, Secrets, CRs)
    if (!MAY_BE_LARGE.has(o.kind) && ctx.registry.isBuiltinGroup(apiGroup(o.apiVersion))) continue;
    const size = lastAppliedAnnotationsSize(m);
    if (size <= ANNOTATIONS_SIZE_LIMIT) continue;
    const app = appOf(m);
    const appOptions = (app && ctx.apps.get(app)?.syncOptions) || [];
    const objOptions = String(o.metadata?.annotations?.[SYNC_OPTIONS] ?? '').split(',');
    if (hasBypass(appOptions) || hasBypass(objOptions)) continue;
    const isCrd = o.kind === 'CustomResourceDefinition' && apiGroup(o.apiVersion) === 'apiextensions.k8s.io';
    out.push(
      manifestFinding(m, '', {
        ruleId: isCrd ? 'apply/crd-too-large' : 'apply/too-large',
        message:
          `${o.kind} ${o.metadata?.name ?? ''} needs ${size} bytes of annotations under client-side apply (limit ${ANNOTATIONS_SIZE_LIMIT}): ` +
          `the sync fails with "metadata.annotations: Too long". Set syncOptions ServerSideApply=true on the Application${app ? ` ${app}` : ''} ` +
          `or annotate the object ${SYNC_OPTIONS}: ServerSideApply=true (Replace=true also works)`,
        details: { bytes: size, limit: ANNOTATIONS_SIZE_LIMIT },
      }),
    );
  }
  return out;
}
