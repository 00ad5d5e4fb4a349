/**
 * Kustomize sources: `kubectl kustomize <abs app path>` (pinned kubectl, embedded kustomize) with cwd = repo root,
 * no flags (Argo's default build), on a private copy of the kustomization closure with Argo's overrides applied.
 */
import type { Finding, RenderedSource } from '@neuroscale/core';
import { TOOL_RUN_TIMEOUT_MS, WORK } from '../cache/tool-output-cache.js';
import {
  type AppSpec,
  appFinding,
  isRecord,
  type RenderContext,
  type SourceRenderResult,
  type SourceSpec,
} from '../render-context.js';
import { argocdAppEnv } from './argocd-env.js';
import { kustomizeBuildArgs } from './kustomize-build-options.js';
import { kustomizeClosure } from './kustomize-closure.js';
import { kustomizeOutputManifests } from './kustomize-output-manifests.js';
import { overrideLayerView, overrideOrigins } from './kustomize-override-layer.js';
import { applyKustomizeOverrides } from './kustomize-overrides.js';
import type { LayerView } from './kustomize-patches.js';
import { parseToolOutput } from './parse-tool-output.js';
import { screenToolInputs } from './screen-tool-inputs.js';
import { dump } from './yaml-dump.js';

export interface KustomizeRenderInput {
  ctx: RenderContext;
  app: AppSpec;
  source: SourceSpec;
  effective: Record<string, unknown>;
  appDirAbs: string;
  appDirRel: string;
}

export async function renderKustomizeSource(input: KustomizeRenderInput): Promise<SourceRenderResult> {
  const { ctx, app, source, effective, appDirRel } = input;
  const rendered: RenderedSource = {
    index: source.index,
    spec: effective,
    type: 'kustomize',
    path: appDirRel,
    remote: false,
  };
  const findings: Finding[] = [];
  const fail = (status: 'failed' | 'skipped', reason: string): SourceRenderResult => ({
    manifests: [],
    findings,
    rendered,
    outcome: { status, reason },
  });
  const overrides = isRecord(effective.kustomize) ? effective.kustomize : {};
  const extraRefs = kustomizeExtraRefs(overrides);
  const closure = await kustomizeClosure(ctx.repoRoot, input.appDirAbs, appDirRel, extraRefs);
  findings.push(...closureFindings(closure, app, source, ctx.offline));
  if (closure.problems.length || closure.escapes.length) return fail('failed', findings[0]!.message);
  // with the network on, kustomize fetches remote resources itself, as Argo CD's repo-server lets it
  if (closure.remote.length && ctx.offline)
    return fail('skipped', `remote kustomize base ${closure.remote[0]!.ref}`);
  if (!closure.kustomization || !closure.kustomizationRel) return fail('failed', 'no kustomization file');
  // Our loader's refusals (alias bombs, depth, size) stop the build before kustomize sees the tree.
  const refused = await screenToolInputs({ files: closure.files, tool: 'kustomize', folder: appDirRel });
  if (refused.length > 0) {
    findings.push(...refused.map((f) => ({ ...f, app: app.name })));
    return fail('failed', refused[0]!.message);
  }
  const env = argocdAppEnv(app, effective, ctx.revision);
  const edit = applyKustomizeOverrides({
    kustomization: closure.kustomization,
    overrides,
    env,
    appDirAbs: input.appDirAbs,
  });
  for (const e of edit.errors) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/kustomize-edit-failed',
        message: `kustomize edit failed: ${e.message}`,
        pointer: `${source.pointer}/kustomize/${e.field}`,
      }),
    );
  }
  if (edit.errors.length) return fail('failed', edit.errors[0]!.message);
  const built = await buildKustomization({ ctx, app, source, appDirRel, closure, edit, findings });
  if ('failed' in built) return fail('failed', built.failed);
  const { parsed } = built;
  const manifests = kustomizeOutputManifests({
    documents: parsed.documents,
    closure,
    ...overrideLayer(input, edit.kustomization, env),
    apps: app.chain,
  });
  return { manifests, findings, rendered };
}

/** `kubectl kustomize` on the private copy (with Argo CD's edits written in), its output parsed. */
async function buildKustomization({
  ctx,
  app,
  source,
  appDirRel,
  closure,
  edit,
  findings,
}: {
  ctx: RenderContext;
  app: AppSpec;
  source: SourceSpec;
  appDirRel: string;
  closure: Awaited<ReturnType<typeof kustomizeClosure>>;
  edit: ReturnType<typeof applyKustomizeOverrides>;
  findings: Finding[];
}): Promise<{ parsed: ReturnType<typeof parseToolOutput> } | { failed: string }> {
  if (!ctx.tools.kubectl) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/tool-missing',
        message: ctx.tools.kubectlError ?? 'kubectl not found',
        pointer: source.pointer,
      }),
    );
    return { failed: 'kubectl not found' };
  }
  const target = appDirRel ? `${WORK}/repo/${appDirRel}` : `${WORK}/repo`;
  const build = kustomizeBuildArgs(ctx.environment.kustomizeBuildOptions.value, ctx.tools.helm);
  if (build.refused.length > 0) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/kustomize-build-option-refused',
        severity: 'warning',
        message: `kustomize.buildOptions ${build.refused.join(' ')} ${build.refused.length === 1 ? 'is' : 'are'} not passed here (they run programs or read outside the repository); the build runs without ${build.refused.length === 1 ? 'it' : 'them'}`,
        pointer: source.pointer,
      }),
    );
  }
  const run = await ctx.runner.run({
    binary: ctx.tools.kubectl,
    args: ['kustomize', target, ...build.args],
    cwd: 'repo',
    files: closure.files,
    writes: edit.changed
      ? [{ rel: `repo/${closure.kustomizationRel}`, content: dump(edit.kustomization) }]
      : [],
  });
  if (run.exitCode !== 0) {
    const msg = kustomizeFailure(run);
    findings.push(
      appFinding(app, {
        ruleId: 'render/kustomize-build-failed',
        message: `kustomize build ${appDirRel || '.'} failed: ${msg}`,
        pointer: source.pointer,
      }),
    );
    return { failed: `kustomize build failed: ${msg.split('\n')[0]}` };
  }
  const parsed = parseToolOutput(run.stdout, `kustomize build ${appDirRel || '.'}`);
  if (parsed.problems.length || parsed.findings.length) {
    const msg = parsed.problems[0]?.message ?? parsed.findings[0]!.message;
    findings.push(
      appFinding(app, {
        ruleId: 'render/kustomize-build-failed',
        message: `kustomize output cannot be applied by Argo CD: ${msg}`,
        pointer: source.pointer,
      }),
    );
    return { failed: msg };
  }
  return { parsed };
}

/** Components and patch files the Application's kustomize block names: part of the build's closure too. */
function kustomizeExtraRefs(overrides: Record<string, unknown>): string[] {
  return [
    ...(Array.isArray(overrides.components)
      ? overrides.components.filter((c): c is string => typeof c === 'string')
      : []),
    ...(Array.isArray(overrides.patches)
      ? overrides.patches.flatMap((p) => (isRecord(p) && typeof p.path === 'string' ? [p.path] : []))
      : []),
  ];
}

/** The closure's unreadable files, escapes out of the repository and remote bases, as findings. */
function closureFindings(
  closure: Awaited<ReturnType<typeof kustomizeClosure>>,
  app: AppSpec,
  source: SourceSpec,
  offline: boolean,
): Finding[] {
  const findings: Finding[] = [];
  for (const p of closure.problems) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/kustomize-build-failed',
        message: `${p.file}: ${p.message}`,
        pointer: `${source.pointer}/path`,
      }),
    );
  }
  for (const e of closure.escapes) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/path-escape',
        message: `kustomization ${e.from} references ${e.ref}: ${e.message}; it was not read`,
        pointer: `${source.pointer}/path`,
      }),
    );
  }
  for (const r of offline ? closure.remote : []) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/remote-kustomize-base-unavailable',
        severity: 'warning',
        message: `kustomization ${r.from} references the remote base ${r.ref}; the network is off (--offline), so kustomize cannot fetch it and this app is not rendered`,
        pointer: `${source.pointer}/path`,
      }),
    );
  }
  return findings;
}

/** Why `kubectl kustomize` failed, with the private work folder taken out of its message. */
function kustomizeFailure(run: Awaited<ReturnType<RenderContext['runner']['run']>>): string {
  const clean = (s: string) =>
    s.split(`${WORK}/repo/`).join('').split(`${WORK}/repo`).join('.').split(WORK).join('<tmp>');
  if (run.failure === 'budget') return `not built: ${run.stderr}`;
  return run.failure === 'timeout'
    ? `kustomize build timed out after ${TOOL_RUN_TIMEOUT_MS / 1000} s (Argo CD's exec timeout)`
    : clean(run.stderr)
        .trim()
        .replace(/^Error: /, '');
}

/** Argo CD's overrides as the outermost layer of the build (located where they are written). */
function overrideLayer(
  input: KustomizeRenderInput,
  edited: Record<string, unknown>,
  env: Record<string, string>,
): { overrideLayer?: LayerView } {
  const overrides = isRecord(input.effective.kustomize) ? input.effective.kustomize : {};
  if (Object.keys(overrides).length === 0) return {};
  const layer = overrideLayerView({
    overrides,
    edited,
    env,
    appDirRel: input.appDirRel,
    origins: overrideOrigins({
      repoRoot: input.ctx.repoRoot,
      app: input.app,
      sourcePointer: input.source.pointer,
      appDirAbs: input.appDirAbs,
      appDirRel: input.appDirRel,
    }),
  });
  return layer ? { overrideLayer: layer } : {};
}
