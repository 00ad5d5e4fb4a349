/**
 * Helm sources: `helm template` with Argo CD's exact argv (util/helm/cmd.go template, repository.go helmTemplate),
 * run on a private copy of the chart, its value files and file parameters, through the cache.
 */
import { readFileSync } from 'node:fs';
import type { Finding, HelmValueInputs, Manifest, RenderedSource } from '@neuroscale/core';
import { loadYaml } from '@neuroscale/core';
import { TOOL_RUN_TIMEOUT_MS, WORK } from '../cache/tool-output-cache.js';
import { buildChartDependencies, DEPENDENCY_MISSING } from '../remote/build-chart-dependencies.js';
import { HELM_DEPENDENCY_MISSING } from '../remote/render-remote-chart.js';
import {
  type AppSpec,
  appFinding,
  isRecord,
  type RenderContext,
  type SourceRenderResult,
  type SourceSpec,
} from '../render-context.js';
import { argocdAppEnv } from './argocd-env.js';
import { collectFiles } from './collect-files.js';
import { planHelmArgv } from './helm-argv.js';
import { parseToolOutput } from './parse-tool-output.js';
import { resolveHelmInputs } from './resolve-helm-inputs.js';
import { screenToolInputs } from './screen-tool-inputs.js';

export { cleanSetParameter, planHelmArgv } from './helm-argv.js';

export interface HelmRenderInput {
  ctx: RenderContext;
  app: AppSpec;
  source: SourceSpec;
  /** Source after .argocd-source overrides. */
  effective: Record<string, unknown>;
  chartDirAbs: string;
  chartDirRel: string;
  allSources: SourceSpec[];
  /** Folder chartDirRel is relative to, when not the repository (an extracted remote chart). */
  chartRoot?: string;
}

function templateLine(abs: string | undefined, kind: string, cache: Map<string, string[]>): number {
  if (!abs) return 1;
  let lines = cache.get(abs);
  if (!lines) {
    try {
      lines = readFileSync(abs, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    cache.set(abs, lines);
  }
  const re = new RegExp(`^\\s*kind:\\s*["']?${kind.replace(/[^A-Za-z0-9]/g, '')}["']?\\s*$`);
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? 1 : i + 1;
}

export async function renderHelmSource(input: HelmRenderInput): Promise<SourceRenderResult> {
  const { ctx, app, source, effective, chartDirRel } = input;
  const helm = isRecord(effective.helm) ? effective.helm : {};
  const env = argocdAppEnv(app, effective, ctx.revision);
  const rendered: RenderedSource = {
    index: source.index,
    spec: effective,
    type: 'helm',
    path: chartDirRel,
    remote: false,
  };
  const findings: Finding[] = [];
  const resolved = resolveHelmInputs({
    repoRoot: ctx.repoRoot,
    app,
    source,
    helm,
    chartDirRel,
    allSources: input.allSources,
    isLocalRepo: ctx.repo.isLocal,
    env,
  });
  findings.push(...resolved.warnings);
  const valueFiles = resolved.valueFiles.map((v) => v.rel);
  const plan = planHelmArgv({
    ctx,
    app,
    source,
    effective,
    valueFiles,
    fileParameters: resolved.fileParameters,
    env,
  });
  rendered.helm = helmValueInputs({ app, source, helm, plan, resolved, valueFiles });
  const ready = helmReady({ input, resolved, findings, rendered });
  if ('result' in ready) return ready.result;
  const { chart, files } = await stageChartFiles(input, resolved, findings);
  const refused = await screenChartFiles(chartDirRel, resolved, files);
  if (refused.length > 0) {
    findings.push(...refused.map((f) => ({ ...f, app: app.name })));
    return { manifests: [], findings, rendered, outcome: { status: 'failed', reason: refused[0]!.message } };
  }
  const template = (withFiles: typeof files) =>
    ctx.runner.run({
      binary: ready.helm,
      args: plan.args,
      cwd: chartDirRel ? `repo/${chartDirRel}` : 'repo',
      files: withFiles,
      writes: plan.inlineValues ? [{ rel: 'inline-values.yaml', content: plan.inlineValues.content }] : [],
    });
  let run = await template(files);
  // Argo CD builds dependencies only when helm template says they are missing (remote/build-chart-dependencies.ts)
  const deps = await dependenciesIfMissing(input, run, files);
  if (deps && 'files' in deps) run = await template([...files, ...deps.files]);
  if (run.exitCode !== 0) {
    return helmTemplateFailed({
      input,
      plan,
      run,
      findings,
      rendered,
      ...(deps && 'cause' in deps ? { depCause: deps.cause } : {}),
    });
  }
  const parsed = parseToolOutput(run.stdout, `helm template ${chartDirRel || '.'}`);
  if (parsed.problems.length > 0 || parsed.findings.length > 0) {
    const p = parsed.problems[0];
    const msg = p ? `${p.sourcePath ?? `document ${p.index}`}: ${p.message}` : parsed.findings[0]!.message;
    findings.push(
      appFinding(app, {
        ruleId: 'render/helm-output-invalid',
        message: `helm template output cannot be applied by Argo CD: ${msg}`,
        pointer: source.pointer,
      }),
    );
    return { manifests: [], findings, rendered, outcome: { status: 'failed', reason: msg } };
  }
  const manifests = attributeHelmOutput(parsed.documents, { input, chart, valueFiles });
  return { manifests, findings, rendered };
}

/** What the helm-values check needs: release name, value files, parameters and inline values with their locations. */
function helmValueInputs({
  app,
  source,
  helm,
  plan,
  resolved,
  valueFiles,
}: {
  app: AppSpec;
  source: SourceSpec;
  helm: Record<string, unknown>;
  plan: ReturnType<typeof planHelmArgv>;
  resolved: ReturnType<typeof resolveHelmInputs>;
  valueFiles: string[];
}): HelmValueInputs {
  const inputs: HelmValueInputs = {
    releaseName: plan.releaseName,
    valueFiles,
    parameters: [
      ...(Array.isArray(helm.parameters) ? helm.parameters : []).flatMap((p, i) =>
        isRecord(p) && typeof p.name === 'string'
          ? [{ name: p.name, pointer: `${source.pointer}/helm/parameters/${i}` }]
          : [],
      ),
      ...resolved.fileParameters.map((f) => ({ name: f.name, pointer: f.pointer })),
    ].map((p) => {
      const pos = app.origin.locate?.(p.pointer);
      return {
        name: p.name,
        pointer: p.pointer,
        location: {
          file: pos?.file ?? app.origin.file,
          line: pos?.line ?? app.origin.line,
          column: pos?.column ?? app.origin.column,
        },
      };
    }),
  };
  if (plan.namespace) inputs.namespace = plan.namespace;
  if (plan.inlineValues) {
    const pos = app.origin.locate?.(plan.inlineValues.pointer);
    inputs.inlineValues = {
      value: plan.inlineValues.value,
      pointer: plan.inlineValues.pointer,
      location: {
        file: pos?.file ?? app.origin.file,
        line: pos?.line ?? app.origin.line,
        column: pos?.column ?? app.origin.column,
      },
    };
  }
  return inputs;
}

/** The helm binary, or the result when inputs cannot be read (or are remote) or helm is missing. */
function helmReady({
  input,
  resolved,
  findings,
  rendered,
}: {
  input: HelmRenderInput;
  resolved: ReturnType<typeof resolveHelmInputs>;
  findings: Finding[];
  rendered: RenderedSource;
}): { helm: string } | { result: SourceRenderResult } {
  const { ctx, app, source } = input;
  if (resolved.errors.length > 0) {
    findings.push(...resolved.errors);
    const first = resolved.errors[0]!;
    const remoteOnly = resolved.errors.every((f) => f.severity !== 'error');
    return {
      result: {
        manifests: [],
        findings,
        rendered,
        outcome: { status: remoteOnly ? 'skipped' : 'failed', reason: first.message },
      },
    };
  }
  if (!ctx.tools.helm) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/tool-missing',
        message: ctx.tools.helmError ?? 'helm not found',
        pointer: source.pointer,
      }),
    );
    return {
      result: { manifests: [], findings, rendered, outcome: { status: 'failed', reason: 'helm not found' } },
    };
  }
  return { helm: ctx.tools.helm };
}

/** The chart's files plus the value files and file parameters, for the private copy helm runs on. */
async function stageChartFiles(
  input: HelmRenderInput,
  resolved: ReturnType<typeof resolveHelmInputs>,
  findings: Finding[],
): Promise<{ chart: Awaited<ReturnType<typeof collectFiles>>; files: { rel: string; abs: string }[] }> {
  const { ctx, app, source, chartDirRel } = input;
  const chart = await collectFiles(input.chartRoot ?? ctx.repoRoot, input.chartDirAbs, chartDirRel);
  for (const e of chart.escapes) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/path-escape',
        message: `${e}: a symlink in the chart resolves outside the repository; it was not copied`,
        pointer: `${source.pointer}/path`,
      }),
    );
  }
  const files = [
    ...chart.files,
    ...resolved.valueFiles.map((v) => ({ rel: v.rel, abs: v.abs! })),
    ...resolved.fileParameters.map((f) => ({ rel: f.rel, abs: f.abs })),
  ];
  const dedup = new Map(files.map((f) => [f.rel, f]));
  return { chart, files: [...dedup.values()] };
}

async function screenChartFiles(
  chartDirRel: string,
  resolved: ReturnType<typeof resolveHelmInputs>,
  files: { rel: string; abs: string }[],
): ReturnType<typeof screenToolInputs> {
  // Value files, Chart.yaml and other YAML outside templates/ are parsed by helm as YAML: our loader's
  // refusals stop the render before helm sees them (templates are Go templates, screened after rendering).
  const valueRels = new Set(resolved.valueFiles.map((v) => v.rel));
  const templatesDir = chartDirRel ? `${chartDirRel}/templates/` : 'templates/';
  return screenToolInputs({
    files,
    tool: 'helm',
    folder: chartDirRel,
    parsesAsYaml: (rel) =>
      valueRels.has(rel) ||
      (/\.ya?ml$/i.test(rel) && !rel.startsWith(templatesDir) && !rel.includes('/templates/')),
  });
}

async function dependenciesIfMissing(
  input: HelmRenderInput,
  run: { exitCode: number; stderr: string },
  files: { rel: string; abs: string }[],
): Promise<{ files: { rel: string; abs: string }[] } | { cause: string } | undefined> {
  if (run.exitCode === 0 || !DEPENDENCY_MISSING.test(run.stderr) || !input.ctx.remoteCharts) return undefined;
  const built = await buildChartDependencies({
    settings: input.ctx.remoteCharts.settings,
    root: input.chartRoot ?? input.ctx.repoRoot,
    chartDirAbs: input.chartDirAbs,
    chartDirRel: input.chartDirRel,
    files,
  });
  return built.ok ? { files: built.files } : { cause: built.cause };
}

/** `helm template` exited non-zero: the finding says why (a missing dependency gets its own rule). */
function helmTemplateFailed({
  input,
  plan,
  run,
  findings,
  rendered,
  depCause,
}: {
  input: HelmRenderInput;
  plan: ReturnType<typeof planHelmArgv>;
  run: Awaited<ReturnType<RenderContext['runner']['run']>>;
  findings: Finding[];
  rendered: RenderedSource;
  /** Why `helm dependency build` could not supply the missing dependencies. */
  depCause?: string;
}): SourceRenderResult {
  const { app, source, chartDirRel } = input;
  const clean = (s: string) => s.split(`${WORK}/repo/`).join('').split(WORK).join('<tmp>');
  const stderr = clean(run.stderr).trim();
  const depMissing = /found in (Chart\.yaml|requirements\.yaml), but missing in charts\/ directory/.test(
    stderr,
  );
  const msg =
    run.failure === 'timeout'
      ? `helm template timed out after ${TOOL_RUN_TIMEOUT_MS / 1000} s (Argo CD's exec timeout)`
      : run.failure === 'budget'
        ? `not rendered: ${stderr}`
        : run.failure === 'output-cap'
          ? 'helm template output exceeded the cap'
          : stderr.replace(/^Error: /, '');
  if (depMissing && depCause) {
    // the dependencies could not be fetched (offline and not cached, unreachable, refused): a coverage gap
    const message = `the chart's dependencies were not fetched, so the app's objects are not checked: ${depCause}`;
    findings.push(
      appFinding(app, {
        ruleId: HELM_DEPENDENCY_MISSING,
        severity: 'warning',
        message,
        pointer: source.pointer,
      }),
    );
    return { manifests: [], findings, rendered, outcome: { status: 'skipped', reason: message } };
  }
  findings.push(
    appFinding(app, {
      ruleId: depMissing ? 'render/helm-dependency-missing' : 'render/helm-template-failed',
      message: depMissing
        ? `helm template failed: ${msg}. Argo CD runs \`helm dependency build\`, which needs helm here; vendor the dependencies into charts/`
        : `helm template failed for chart ${chartDirRel || '.'}: ${msg}`,
      pointer: source.pointer,
      details: { argv: ['helm', ...plan.args.map(clean)] },
    }),
  );
  return {
    manifests: [],
    findings,
    rendered,
    outcome: { status: 'failed', reason: `helm template failed: ${msg.split('\n')[0]}` },
  };
}

/** Each rendered document's file: the template helm names in `# Source:`, a subchart archive, else Chart.yaml. */
function attributeHelmOutput(
  documents: ReturnType<typeof parseToolOutput>['documents'],
  {
    input,
    chart,
    valueFiles,
  }: { input: HelmRenderInput; chart: Awaited<ReturnType<typeof collectFiles>>; valueFiles: string[] },
): Manifest[] {
  const { app, chartDirRel } = input;
  const chartName = readChartName(input.chartDirAbs);
  const fileSet = new Map(chart.files.map((f) => [f.rel, f.abs]));
  const lineCache = new Map<string, string[]>();
  return documents.map((d) => {
    let file = chartDirRel ? `${chartDirRel}/Chart.yaml` : 'Chart.yaml';
    if (d.sourcePath) {
      const rest = d.sourcePath.startsWith(`${chartName}/`)
        ? d.sourcePath.slice(chartName.length + 1)
        : d.sourcePath.slice(d.sourcePath.indexOf('/') + 1);
      const candidate = chartDirRel ? `${chartDirRel}/${rest}` : rest;
      if (fileSet.has(candidate)) file = candidate;
      else {
        const sub = /^charts\/([^/]+)\//.exec(rest)?.[1];
        const tgz = sub
          ? [...fileSet.keys()].find(
              (k) =>
                k.startsWith(`${chartDirRel ? `${chartDirRel}/` : ''}charts/${sub}-`) && k.endsWith('.tgz'),
            )
          : undefined;
        if (tgz) file = tgz;
      }
    }
    const line = templateLine(fileSet.get(file), String(d.object.kind), lineCache);
    return {
      object: d.object,
      source: {
        apps: app.chain,
        file,
        documentIndex: d.index,
        line,
        column: 1,
        valueFiles,
        sourceType: 'helm' as const,
      },
    };
  });
}

function readChartName(chartDirAbs: string): string {
  try {
    const doc = loadYaml(readFileSync(`${chartDirAbs}/Chart.yaml`, 'utf8'), { file: 'Chart.yaml' })
      .documents[0]?.value;
    if (isRecord(doc) && typeof doc.name === 'string') return doc.name;
  } catch {
    // no Chart.yaml (an explicit helm block on a plain folder): helm fails before output
  }
  return '';
}
