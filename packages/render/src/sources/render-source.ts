/**
 * One Application source → objects: remote check, path resolution (util/app/path/path.go), .argocd-source
 * overrides, type detection, then the directory / helm / kustomize renderer.
 */
import type { RenderedSource, SourceType } from '@neuroscale/core';
import { renderOtherRepoSource } from '../remote/render-other-repo.js';
import { isRemoteChart, renderRemoteChart } from '../remote/render-remote-chart.js';
import {
  type AppSpec,
  appFinding,
  isRecord,
  type RenderContext,
  type SourceRenderResult,
  type SourceSpec,
} from '../render-context.js';
import { resolveInRepo } from '../repo/path-safety.js';
import { detectSourceType } from './detect-source-type.js';
import { applyArgocdSourceOverrides, normalizeSource } from './normalize-source.js';
import { renderDirectorySource } from './render-directory-source.js';
import { renderHelmSource } from './render-helm-source.js';
import { renderKustomizeSource } from './render-kustomize-source.js';

export async function renderSource(
  ctx: RenderContext,
  app: AppSpec,
  source: SourceSpec,
  allSources: SourceSpec[],
): Promise<SourceRenderResult> {
  const spec = normalizeSource(source.spec);
  const repoURL = typeof spec.repoURL === 'string' ? spec.repoURL : '';
  const local = ctx.repo.isLocal(repoURL);
  const base: RenderedSource = { index: source.index, spec, type: 'unknown', remote: !local };
  const skipped = (
    ruleId: string,
    message: string,
    pointer: string,
    severity: 'warning' | 'error' = 'warning',
  ): SourceRenderResult => ({
    manifests: [],
    findings: [appFinding(app, { ruleId, severity, message, pointer })],
    rendered: base,
    outcome: { status: severity === 'error' ? 'failed' : 'skipped', reason: message },
  });

  if (isRemoteChart(spec)) return renderRemoteChart({ ctx, app, source, spec, allSources, base });
  const unrendered = await remoteOrUnsupported({ ctx, app, source, spec, base, skipped, allSources });
  if (unrendered) return unrendered;
  const path = typeof spec.path === 'string' ? spec.path : '';
  const resolved = resolveInRepo(ctx.repoRoot, path === '' ? '.' : path);
  if (!resolved.ok) {
    const rule = resolved.reason === 'not-found' ? 'render/path-not-found' : 'render/path-escape';
    return skipped(
      rule,
      `${resolved.message}${resolved.reason === 'not-found' ? '' : '; nothing was read'}`,
      `${source.pointer}/path`,
      'error',
    );
  }
  if (resolved.kind !== 'dir') {
    return skipped(
      'render/path-not-found',
      `${path}: app path is not a directory`,
      `${source.pointer}/path`,
      'error',
    );
  }
  base.path = resolved.rel;
  const overridden = await applyArgocdSourceOverrides({
    source: spec,
    appDirAbs: resolved.abs,
    appDirRel: resolved.rel,
    appName: app.name,
  });
  const effective = overridden.source;
  base.spec = effective;
  const detected = detectSourceType(effective, resolved.abs);
  if (!detected.ok) {
    return {
      ...skipped('render/multiple-source-types', detected.message, source.pointer, 'error'),
      findings: [
        ...overridden.findings,
        appFinding(app, {
          ruleId: 'render/multiple-source-types',
          message: detected.message,
          pointer: source.pointer,
        }),
      ],
    };
  }
  base.type = detected.type;
  if (detected.type === 'plugin') {
    return skipped('render/plugin-unsupported', PLUGIN_UNSUPPORTED, `${source.pointer}/plugin`);
  }
  const result = await renderDetected(
    { ctx, app, source, allSources, effective, resolved, base },
    detected.type,
  );
  result.findings.unshift(...overridden.findings);
  return result;
}

const PLUGIN_UNSUPPORTED = 'config management plugins run in Argo CD sidecars and cannot be rendered offline';

type Skipped = (
  ruleId: string,
  message: string,
  pointer: string,
  severity?: 'warning' | 'error',
) => SourceRenderResult;

/** Sources Argo CD renders elsewhere or not at all: values-only (`ref:`), remote charts and repositories, plugins. */
async function remoteOrUnsupported({
  ctx,
  app,
  source,
  spec,
  base,
  skipped,
  allSources,
}: {
  ctx: RenderContext;
  app: AppSpec;
  source: SourceSpec;
  spec: Record<string, unknown>;
  base: RenderedSource;
  skipped: Skipped;
  allSources: SourceSpec[];
}): Promise<SourceRenderResult | undefined> {
  const repoURL = typeof spec.repoURL === 'string' ? spec.repoURL : '';
  const chart = typeof spec.chart === 'string' ? spec.chart : '';
  const local = ctx.repo.isLocal(repoURL);
  if (typeof spec.ref === 'string' && spec.ref && spec.path === undefined && !chart) {
    // a values-only source (`ref:`), used by other sources' `$ref/...` value files; not rendered
    return { manifests: [], findings: [], rendered: base };
  }
  if (!local) {
    // another repository: mapped to a folder (`repos:`) or cloned into the cache, remote/render-other-repo.ts
    const renderIn = (other: RenderContext) => renderSource(other, app, source, allSources);
    const other = await renderOtherRepoSource({ ctx, app, source, spec, allSources, base, renderIn });
    if (other) return other;
    return skipped(
      'render/remote-source-unavailable',
      `source repository ${repoURL || '(none)'} is not this repository (known: ${ctx.repo.urls.join(', ') || 'no git remote; pass repoURLs'}); its objects are missing from the result`,
      `${source.pointer}/repoURL`,
    );
  }
  if (isRecord(spec.plugin)) {
    return skipped('render/plugin-unsupported', PLUGIN_UNSUPPORTED, `${source.pointer}/plugin`);
  }
  return undefined;
}

interface DetectedSource {
  ctx: RenderContext;
  app: AppSpec;
  source: SourceSpec;
  allSources: SourceSpec[];
  /** The source after .argocd-source overrides. */
  effective: Record<string, unknown>;
  resolved: { abs: string; rel: string };
  base: RenderedSource;
}

/** The renderer of the detected source type. */
async function renderDetected(
  { ctx, app, source, allSources, effective, resolved, base }: DetectedSource,
  type: Exclude<SourceType, 'plugin'>,
): Promise<SourceRenderResult> {
  let result: SourceRenderResult;
  if (type === 'helm') {
    result = await renderHelmSource({
      ctx,
      app,
      source,
      effective,
      chartDirAbs: resolved.abs,
      chartDirRel: resolved.rel,
      allSources,
    });
  } else if (type === 'kustomize') {
    result = await renderKustomizeSource({
      ctx,
      app,
      source,
      effective,
      appDirAbs: resolved.abs,
      appDirRel: resolved.rel,
    });
  } else {
    result = await renderDirectory({ ctx, app, source, effective, resolved, base });
  }
  return result;
}

async function renderDirectory({
  ctx,
  app,
  source,
  effective,
  resolved,
  base,
}: Omit<DetectedSource, 'allSources'>): Promise<SourceRenderResult> {
  const dir = isRecord(effective.directory) ? effective.directory : {};
  const r = await renderDirectorySource({
    repoRoot: ctx.repoRoot,
    appDirAbs: resolved.abs,
    appDirRel: resolved.rel,
    directory: {
      recurse: dir.recurse === true,
      ...(typeof dir.include === 'string' ? { include: dir.include } : {}),
      ...(typeof dir.exclude === 'string' ? { exclude: dir.exclude } : {}),
    },
    appChain: app.chain,
  });
  const tag = (f: (typeof r.errors)[number]) => ({ ...f, app: app.name });
  const result: SourceRenderResult = {
    manifests: r.errors.length ? [] : r.manifests,
    findings: [
      ...r.errors.map(tag),
      ...r.warnings.map((w) =>
        w.location ? tag(w) : appFinding(app, { ...w, pointer: `${source.pointer}/directory` }),
      ),
    ],
    rendered: base,
  };
  if (r.errors.length) result.outcome = { status: 'failed', reason: r.errors[0]!.message };
  return result;
}
