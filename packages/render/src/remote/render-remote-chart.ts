/**
 * A source with `chart:` (or an `oci://` repoURL): Argo CD pulls the chart, extracts it and runs
 * `helm template .` inside it (argo-cd reposerver/repository/repository.go runRepoOperation → helmTemplate).
 * Here: the AppProject must allow the repoURL (else an error finding and no request), then the chart comes from
 * the cache or the network (resolve-remote-chart.ts), then the ordinary Helm renderer runs on the extracted
 * chart. The version and digest rendered are recorded on the source; a range that resolved is an info finding.
 */
import type { Finding, RenderedSource } from '@neuroscale/core';
import {
  type AppSpec,
  appFinding,
  type RenderContext,
  type SourceRenderResult,
  type SourceSpec,
} from '../render-context.js';
import { renderHelmSource } from '../sources/render-helm-source.js';
import { chartReference } from './chart-reference.js';
import { redactUrlCredentials } from './fetch-chart.js';
import { refuseUnpermittedSource } from './source-repos-permission.js';

/**
 * A remote source that cannot be had here (offline and not cached, unreachable, refused, too big): a render id
 * that tree/classify-app-coverage.ts turns into the one `coverage/app-not-rendered` warning naming the app,
 * its line and this cause (kept in `details.cause`).
 */
export const REMOTE_CHART_UNAVAILABLE = 'render/remote-chart-unavailable';
export const REMOTE_SOURCE_UNAVAILABLE = 'render/remote-source-unavailable';
export const HELM_DEPENDENCY_MISSING = 'render/helm-dependency-missing';

/** A source Argo CD pulls a chart for: `chart:` set, or an `oci://` repoURL. */
export function isRemoteChart(spec: Record<string, unknown>): boolean {
  const repoURL = typeof spec.repoURL === 'string' ? spec.repoURL : '';
  return (typeof spec.chart === 'string' && spec.chart !== '') || repoURL.startsWith('oci://');
}

export async function renderRemoteChart(input: {
  ctx: RenderContext;
  app: AppSpec;
  source: SourceSpec;
  spec: Record<string, unknown>;
  allSources: SourceSpec[];
  base: RenderedSource;
}): Promise<SourceRenderResult> {
  const { ctx, app, source, spec, base } = input;
  base.type = 'helm';
  base.remote = true;
  const repoURL = typeof spec.repoURL === 'string' ? spec.repoURL : '';
  const pointer = typeof spec.chart === 'string' ? `${source.pointer}/chart` : `${source.pointer}/repoURL`;
  const notRendered = (cause: string, extra: Finding[] = []): SourceRenderResult => {
    const message = `${redactUrlCredentials(repoURL)} was not fetched, so the app's objects are not checked: ${cause}`;
    return {
      manifests: [],
      findings: [
        ...extra,
        appFinding(app, { ruleId: REMOTE_CHART_UNAVAILABLE, severity: 'warning', message, pointer }),
      ],
      rendered: base,
      outcome: { status: 'skipped', reason: message },
    };
  };
  const ref = chartReference(spec);
  if ('error' in ref) return notRendered(ref.error);
  const refused = refuseUnpermittedSource({
    ctx,
    app,
    repoURL,
    pointer: `${source.pointer}/repoURL`,
    rendered: base,
  });
  if (refused) return refused;
  if (!ctx.remoteCharts) return notRendered(ctx.tools.helmError ?? 'helm is not available to pull the chart');
  const chart = await ctx.remoteCharts.get(ref);
  const notes = chart.notes.map((n) =>
    appFinding(app, { ruleId: 'render/cache-entry-corrupt', severity: 'warning', message: n, pointer }),
  );
  if (!chart.ok) return notRendered(chart.cause, notes);
  const result = await renderHelmSource({
    ctx,
    app,
    source,
    effective: spec,
    chartRoot: chart.root,
    chartDirAbs: `${chart.root}/${chart.chartFolder}`,
    chartDirRel: chart.chartFolder,
    allSources: input.allSources,
  });
  result.rendered = { ...result.rendered, remote: true };
  delete result.rendered.path;
  result.rendered.chart = {
    repoURL: redactUrlCredentials(repoURL),
    name: ref.chart,
    version: chart.version,
    digest: chart.digest,
  };
  result.findings.unshift(...notes);
  if (!ref.exact) {
    result.findings.push(
      appFinding(app, {
        ruleId: 'render/chart-version-resolved',
        severity: 'info',
        message: `targetRevision ${ref.revision || '(latest)'} of chart ${ref.chart} resolved to version ${chart.version} (${chart.digest})`,
        pointer: `${source.pointer}/targetRevision`,
      }),
    );
  }
  return result;
}
