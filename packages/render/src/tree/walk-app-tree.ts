/**
 * The Application tree: roots → rendered objects → every argoproj.io Application / ApplicationSet among them
 * becomes a child. Breadth-first, level by level (each level rendered in parallel, results consumed in a fixed
 * order), so duplicate detection and the output are deterministic. A child whose identity is already on its
 * own ancestor chain is a cycle; one seen elsewhere in the tree is a duplicate.
 */
import { readFileSync, statSync } from 'node:fs';
import type { AppNode, Finding, K8sObject, Manifest } from '@neuroscale/core';
import { runGitSync } from '@neuroscale/core';
import { isNamespaceEnabled } from '../environment/application-namespaces.js';
import { classifyHook } from '../post-render/classify-hooks.js';
import {
  type AppOrigin,
  type AppSpec,
  appFinding,
  cmp,
  isRecord,
  type RenderContext,
} from '../render-context.js';
import { resolveInRepo } from '../repo/path-safety.js';
import { renderSource } from '../sources/render-source.js';
import { type AppCoverage, COVERAGE_RULE, classifyAppCoverage } from './classify-app-coverage.js';
import {
  deriveApplicationInputs,
  gitGeneratorFolders,
  holdsTreeWideObjects,
  normalizeInputs,
} from './derive-app-inputs.js';
import type { ExpandApplicationSet } from './expand-application-set.js';
import { listTreeFiles, MAX_TREE_FILES } from './list-tree-files.js';
import { isArgoAppKind, readApplication } from './read-application.js';

export interface RootApp {
  object: K8sObject;
  origin: AppOrigin;
}

export interface WalkedApp {
  spec: AppSpec;
  node: AppNode;
  /** Objects as rendered, before post-render. */
  manifests: Manifest[];
  children: AppSpec[];
  /** Applications: how much of it this render checked (ApplicationSets: undefined). */
  coverage?: AppCoverage;
  /** `selectApp` said no: not rendered (or rendered only to discover its children). */
  unselected?: boolean;
}

/** What `selectApp` sees of an app: its identity and its inputs (AppNode.inputs). */
export interface SelectableApp {
  kind: 'Application' | 'ApplicationSet';
  name: string;
  namespace?: string;
  cluster?: string;
  inputs: readonly string[];
}

export type SelectApp = (app: SelectableApp) => boolean;

export interface WalkResult {
  apps: WalkedApp[];
  findings: Finding[];
}

export interface WalkOptions {
  ctx: RenderContext;
  roots: RootApp[];
  expandApplicationSet?: ExpandApplicationSet;
  /** Render only the Applications this accepts (RenderOptions.selectApp). */
  selectApp?: SelectApp;
  /** The repository's files for the git generators, listed on first use in this walk. */
  listing?: { files: string[]; error?: string };
  /** holdsTreeWideObjects' answers per input in this walk. */
  treeWide?: Map<string, Promise<boolean>>;
}

function baseNode(spec: AppSpec): AppNode {
  const node: AppNode = {
    name: spec.name,
    kind: spec.kind,
    location: { file: spec.origin.file, line: spec.origin.line, column: spec.origin.column },
    wave: spec.wave,
    syncOptions: spec.syncOptions,
    automated: spec.automated,
    sources: [],
    status: 'rendered',
    objectCount: 0,
  };
  if (spec.namespace) node.namespace = spec.namespace;
  if (spec.project) node.project = spec.project;
  if (spec.parent) node.parent = spec.parent;
  if (spec.generatedBy) node.generatedBy = spec.generatedBy;
  if (spec.destination) node.destination = spec.destination;
  return node;
}

/**
 * The repository's files for the git generators, listed once per walk (a module-wide memo would hand a
 * later render in the same process, e.g. of the same folder after a change, a stale list).
 */
function listRepoFiles(repoRoot: string): { files: string[]; error?: string } {
  // safe argv (no fsmonitor/hooks from the repository's config), a time limit, a memory limit, an output cap
  const r = runGitSync(['-C', repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  // not a git repository (an exported archive): the files on disk, as a checkout of it would list them;
  // a git limit hit is reported
  if (r.ok) return { files: [...new Set(r.stdout.toString('utf8').split('\0').filter(Boolean))].sort(cmp) };
  if (r.failure === 'exit') {
    const listed = listTreeFiles(repoRoot);
    return {
      files: listed.files,
      ...(listed.truncated
        ? { error: `more than ${MAX_TREE_FILES} files in the tree; the rest is not listed` }
        : {}),
    };
  }
  return { files: [], error: r.message };
}

/** A generator's file access, confined to the repository, recording each path it asks for (provenance). */
function recordedRead<T>(
  repoRoot: string,
  read: string[],
  get: (abs: string) => T,
): (path: string) => T | undefined {
  return (path) => {
    read.push(path.replace(/^\/+/, ''));
    const r = resolveInRepo(repoRoot, path);
    if (!r.ok || r.kind !== 'file') return undefined;
    try {
      return get(r.abs);
    } catch {
      return undefined;
    }
  };
}

async function renderApplicationSet(
  opts: WalkOptions,
  spec: AppSpec,
  inherited: readonly string[],
): Promise<WalkedApp> {
  const node = baseNode(spec);
  // provenance: the ApplicationSet's file, the folders its git generators list and every file they read
  const read: string[] = [spec.origin.file, ...inherited, ...gitGeneratorFolders(spec.object)];
  node.inputs = normalizeInputs(read);
  const findings: Finding[] = [];
  const children: AppSpec[] = [];
  const expand = opts.expandApplicationSet;
  if (!expand) {
    node.status = 'skipped';
    node.reason = 'ApplicationSet expansion is not available';
    return { spec, node, manifests: [], children, ...{ findings } } as WalkedApp & { findings: Finding[] };
  }
  const { ctx } = opts;
  let listError: string | undefined;
  const context = {
    listRepoFiles: () => {
      opts.listing ??= listRepoFiles(ctx.repoRoot);
      const listed = opts.listing;
      listError = listed.error;
      return listed.files;
    },
    readRepoFile: recordedRead(ctx.repoRoot, read, (abs) => readFileSync(abs, 'utf8')),
    repoFileSize: recordedRead(ctx.repoRoot, read, (abs) => statSync(abs).size),
    isLocalRepo: (url: string) => ctx.repo.isLocal(url),
    // `argocd.projects: ['*']`: projects exist outside the tree, any name may be one
    ...(ctx.environment.projects.some((p) => p.name === '*') ? {} : { knownProjects: ctx.knownProjects }),
    clusters: ctx.environment.clusters,
    location: { file: spec.origin.file, line: spec.origin.line, column: spec.origin.column },
    ...(spec.origin.locate ? { locate: spec.origin.locate } : {}),
  };
  const expansion = await expand(spec.object, context);
  node.inputs = normalizeInputs(read);
  if (listError) {
    // a git limit (time, memory, output) or git error: the git generator saw no files, say so
    findings.push(
      appFinding(spec, {
        ruleId: 'render/git-failed',
        severity: 'error',
        message: `listing the repository's files for the git generator failed: ${listError}`,
      }),
    );
  }
  findings.push(...expansion.findings.map((f) => ({ ...f, app: f.app ?? spec.name })));
  for (const g of expansion.applications) {
    const { app, findings: f } = readApplication({
      object: g.object,
      origin: { file: spec.origin.file, line: spec.origin.line, column: spec.origin.column },
      parentChain: spec.chain,
      generatedBy: spec.name,
      argocdNamespace: ctx.argocdNamespace,
    });
    findings.push(...f);
    children.push(app);
  }
  if (expansion.applications.length === 0 && expansion.findings.some((f) => f.severity === 'error')) {
    node.status = 'failed';
    node.reason = expansion.findings.find((f) => f.severity === 'error')!.message;
  }
  return Object.assign({ spec, node, manifests: [], children }, { findings });
}

/** The app as `selectApp` sees it. */
function selectable(spec: AppSpec, inputs: readonly string[]): SelectableApp {
  return {
    kind: spec.kind,
    name: spec.name,
    ...(spec.namespace ? { namespace: spec.namespace } : {}),
    ...(spec.cluster ? { cluster: spec.cluster } : {}),
    inputs,
  };
}

/**
 * An Application `selectApp` refuses is not rendered, unless its own sources may hold Applications or CRDs
 * (then it is rendered for its children and schemas, and marked unselected). Undefined = render it.
 */
async function unselectedApplication(
  opts: WalkOptions,
  spec: AppSpec,
  derived: { inputs: string[]; own: string[] },
): Promise<(WalkedApp & { findings: Finding[] }) | 'discover' | undefined> {
  if (!opts.selectApp || opts.selectApp(selectable(spec, derived.inputs))) return undefined;
  opts.treeWide ??= new Map();
  if (await holdsTreeWideObjects(opts.ctx.repoRoot, derived.own, opts.treeWide)) return 'discover';
  const node = baseNode(spec);
  node.inputs = derived.inputs;
  node.status = 'skipped';
  node.reason = 'not selected';
  return { spec, node, manifests: [], children: [], findings: [], unselected: true };
}

/** The Applications and ApplicationSets among an app's rendered objects (hooks excluded), as children. */
function childApplications(
  ctx: RenderContext,
  spec: AppSpec,
  manifests: Manifest[],
  findings: Finding[],
): AppSpec[] {
  const children: AppSpec[] = [];
  const destNs = spec.destination?.namespace ?? '';
  for (const m of manifests) {
    const kind = isArgoAppKind(m.object);
    if (!kind || classifyHook(m.object).role !== 'resource') continue;
    const object: K8sObject = { ...m.object, metadata: { ...(m.object.metadata ?? {}) } };
    if (!object.metadata!.namespace && destNs) object.metadata!.namespace = destNs;
    const pos = { line: m.source.line, column: m.source.column };
    const { app, findings: f } = readApplication({
      object,
      origin: { file: m.source.file, ...pos, ...(m.locate ? { locate: m.locate } : {}) },
      parentChain: spec.chain,
      argocdNamespace: ctx.argocdNamespace,
    });
    findings.push(...f);
    children.push(app);
  }
  return children;
}

async function renderApplication(
  opts: WalkOptions,
  spec: AppSpec,
  inherited: readonly string[],
): Promise<WalkedApp & { findings: Finding[] }> {
  const { ctx } = opts;
  const derived = await deriveApplicationInputs(ctx, spec, inherited);
  const skip = await unselectedApplication(opts, spec, derived);
  if (skip && skip !== 'discover') return skip;
  const node = baseNode(spec);
  node.inputs = derived.inputs;
  const findings: Finding[] = [];
  const appCtx = clusterContext(opts.ctx, spec);
  const results = await Promise.all(spec.sources.map((s) => renderSource(appCtx, spec, s, spec.sources)));
  let manifests: Manifest[] = [];
  const failed = results.find((r) => r.outcome?.status === 'failed');
  for (const r of results) {
    findings.push(...r.findings);
    node.sources.push(r.rendered);
    manifests.push(...r.manifests);
  }
  if (failed) {
    // Argo CD fails manifest generation for the whole app when one source fails
    node.status = 'failed';
    node.reason = failed.outcome!.reason;
    manifests = [];
  } else if (
    results.length > 0 &&
    results.every(
      (r) => r.outcome?.status === 'skipped' || (r.manifests.length === 0 && r.rendered.type === 'unknown'),
    )
  ) {
    node.status = 'skipped';
    node.reason = results.find((r) => r.outcome)?.outcome?.reason ?? 'no renderable source';
  } else if (results.length === 0) {
    // a source hydrator app has no source to render here (read-application reports the coverage gap)
    node.status =
      isRecord(spec.object.spec) && isRecord(spec.object.spec.sourceHydrator) ? 'skipped' : 'failed';
    node.reason = node.status === 'skipped' ? 'spec.sourceHydrator' : 'no source';
  } else {
    const skipped = results.filter((r) => r.outcome?.status === 'skipped');
    if (skipped.length)
      node.reason = `partially rendered: ${skipped.map((r) => r.outcome!.reason).join('; ')}`;
  }
  const reviewed = classifyAppCoverage({
    app: spec,
    status: node.status,
    findings,
    objectCount: manifests.length,
  });
  findings.splice(0, findings.length, ...reviewed.findings);
  if (reviewed.status !== node.status) {
    node.status = reviewed.status;
    if (node.status === 'skipped') manifests = [];
    node.reason ??= findings.find((f) => f.ruleId === COVERAGE_RULE)?.message;
  }
  if (reviewed.coverage === 'partial' && !node.reason) node.reason = 'partially rendered';
  const children = childApplications(ctx, spec, manifests, findings);
  return {
    spec,
    node,
    manifests,
    children,
    findings,
    coverage: reviewed.coverage,
    ...(skip === 'discover' ? { unselected: true } : {}),
  };
}

/**
 * What a parent passes down to its children's inputs: a directory parent its own defining file and
 * inheritance (the child's file is the child's own input); a templated parent (helm, kustomize) or an
 * ApplicationSet every input it has, since any of them can change the child's spec.
 */
function inputsForChildren(parent: WalkedApp, inherited: readonly string[]): string[] {
  const inputs = parent.node.inputs ?? [];
  if (parent.spec.kind === 'ApplicationSet') return inputs;
  const templated = parent.node.sources.some((s) => s.type !== 'directory');
  return templated ? inputs : normalizeInputs([parent.spec.origin.file, ...inherited]);
}

/**
 * An Application or ApplicationSet outside the namespaces Argo CD watches is ignored by its controllers
 * (util/security/application_namespaces.go IsNamespaceEnabled); inside them, nothing to say.
 */
function namespaceFinding(ctx: RenderContext, app: AppSpec): Finding | undefined {
  const env = ctx.environment;
  if (
    !app.namespace ||
    isNamespaceEnabled(app.namespace, env.namespace.value, env.applicationNamespaces.value)
  )
    return undefined;
  const allowed = env.applicationNamespaces.value;
  return appFinding(app, {
    ruleId: 'render/app-outside-argocd-namespace',
    severity: 'warning',
    message: `${app.kind} ${app.name} is in namespace ${app.namespace}, which is neither Argo CD's namespace ${env.namespace.value} nor in application.namespaces (${allowed.length ? allowed.join(', ') : 'none'}); Argo CD ignores it. Declare the namespaces in the config's argocd: section or in argocd-cmd-params-cm`,
    pointer: '/metadata/namespace',
  });
}

/**
 * `destination.name` resolves through the clusters Argo CD knows (util/argo/argo.go GetDestinationCluster):
 * no match is "there are no clusters with this name", several are "there are N clusters with the same name".
 * The resolved server is the app's cluster for identity checks.
 */
function destinationFindings(ctx: RenderContext, app: AppSpec): Finding[] {
  if (app.kind !== 'Application') return [];
  const dest = app.destination;
  if (dest?.server) {
    app.cluster = dest.server.replace(/\/+$/, '');
    return [];
  }
  if (!dest?.name) return [];
  const matches = ctx.environment.clusters.filter((c) => c.name === dest.name);
  if (matches.length === 1) {
    app.cluster = matches[0]!.server;
    return [];
  }
  const known = ctx.environment.clusters.map((c) => c.name).join(', ');
  return [
    appFinding(app, {
      ruleId: 'render/unknown-destination-cluster',
      message:
        matches.length === 0
          ? `Application ${app.name}: there are no clusters with this name: ${dest.name} (known: ${known || 'none'}); declare the cluster in the config's argocd.clusters or as a cluster Secret`
          : `Application ${app.name}: there are ${matches.length} clusters with the same name: [${matches.map((c) => c.server).join(' ')}]`,
      pointer: '/spec/destination/name',
    }),
  ];
}

/**
 * The render context of an app whose destination cluster declares its own `kubeVersion` / `apiVersions`
 * (config `argocd.clusters`): helm's --kube-version and --api-versions are that cluster's, as the repo server
 * gets them from the destination cluster (reposerver: KubeVersion / ApiVersions of the app's cluster).
 */
function clusterContext(ctx: RenderContext, spec: AppSpec): RenderContext {
  const target = spec.cluster ? ctx.environment.clusters.find((c) => c.server === spec.cluster) : undefined;
  if (!target?.kubeVersion && !target?.apiVersions) return ctx;
  const kubeVersion = target.kubeVersion ? /^v?(\d+\.\d+)/.exec(target.kubeVersion)?.[1] : undefined;
  return {
    ...ctx,
    ...(kubeVersion ? { kubeVersion } : {}),
    ...(target.apiVersions
      ? { apiVersions: [...new Set([...ctx.apiVersions, ...target.apiVersions])].sort(cmp) }
      : {}),
  };
}

/** The root Applications, read as the first level of the walk. */
function readRoots(opts: WalkOptions, findings: Finding[]): AppSpec[] {
  return opts.roots.map((r) => {
    const { app, findings: f } = readApplication({
      object: r.object,
      origin: r.origin,
      parentChain: [],
      argocdNamespace: opts.ctx.argocdNamespace,
    });
    findings.push(...f);
    return app;
  });
}

export async function walkAppTree(opts: WalkOptions): Promise<WalkResult> {
  const { ctx } = opts;
  const findings: Finding[] = [];
  const apps: WalkedApp[] = [];
  const seen = new Map<string, AppSpec>();
  const keyChains = new Map<AppSpec, string[]>();
  const inheritedInputs = new Map<AppSpec, string[]>();
  let level = readRoots(opts, findings);
  for (const app of level) keyChains.set(app, [app.key]);
  while (level.length > 0) {
    const admitted: AppSpec[] = [];
    for (const app of level) {
      const chain = keyChains.get(app) ?? [app.key];
      if (!app.name) continue;
      if (chain.slice(0, -1).includes(app.key)) {
        findings.push(
          appFinding(app, {
            ruleId: 'render/app-cycle',
            message: `Application cycle: ${[...app.chain].join(' → ')}; ${app.name} is its own ancestor and is not rendered again`,
            pointer: '/metadata/name',
            details: { chain: app.chain },
          }),
        );
        continue;
      }
      const prior = seen.get(app.key);
      if (prior) {
        findings.push(
          appFinding(app, {
            ruleId: 'render/duplicate-app',
            message: `${app.kind} ${app.namespace ?? ctx.argocdNamespace}/${app.name} is also defined at ${prior.origin.file}:${prior.origin.line} (via ${prior.chain.join(' → ')}); Argo CD has one object per name, so one definition overwrites the other. This one is not rendered`,
            pointer: '/metadata/name',
          }),
        );
        continue;
      }
      const outside = namespaceFinding(ctx, app);
      if (outside) findings.push(outside);
      findings.push(...destinationFindings(ctx, app));
      seen.set(app.key, app);
      admitted.push(app);
    }
    const rendered = await Promise.all(
      admitted.map((app) =>
        app.kind === 'ApplicationSet'
          ? renderApplicationSet(opts, app, inheritedInputs.get(app) ?? [])
          : renderApplication(opts, app, inheritedInputs.get(app) ?? []),
      ),
    );
    const next: AppSpec[] = [];
    for (const r of rendered) {
      const withFindings = r as WalkedApp & { findings?: Finding[] };
      findings.push(...(withFindings.findings ?? []));
      apps.push({
        spec: r.spec,
        node: r.node,
        manifests: r.manifests,
        children: r.children,
        ...(r.coverage ? { coverage: r.coverage } : {}),
        ...(r.unselected ? { unselected: true } : {}),
      });
      const parentChain = keyChains.get(r.spec) ?? [r.spec.key];
      const passed = r.children.length ? inputsForChildren(r, inheritedInputs.get(r.spec) ?? []) : [];
      for (const c of r.children) {
        keyChains.set(c, [...parentChain, c.key]);
        inheritedInputs.set(c, passed);
        next.push(c);
      }
    }
    level = next;
  }
  return { apps, findings };
}
