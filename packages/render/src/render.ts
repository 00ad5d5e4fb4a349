/**
 * render(): the whole GitOps tree as Argo CD would render it, offline.
 *
 * Passes: helm's `--api-versions` must include every CRD rendered anywhere in the tree ("steady state"), and
 * git generators need the AppProjects, so the tree is rendered until the CRD / project set it produces equals
 * the one it was rendered with (at most 4 passes; the last set is remembered in the cache dir so a warm
 * render needs one pass, and the tool cache makes repeated passes cheap).
 */

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppNode, Finding, Manifest } from '@neuroscale/core';
import {
  DEFAULT_KUBERNETES_VERSION,
  describeObject,
  finding,
  isPlainRecord,
  objectKey,
  objectRef,
  probeCacheDir,
  registerUntrustedTree,
  resolveCacheDir,
  resolveTool,
  sortFindings,
} from '@neuroscale/core';
import { createLimiter } from './cache/concurrency-limit.js';
import { createToolRunner, type ToolRunStats } from './cache/tool-output-cache.js';
import {
  type ArgocdEnvironment,
  type ArgocdEnvironmentConfig,
  resolveArgocdEnvironment,
} from './environment/argocd-environment.js';
import {
  type DeclaredObject,
  declaresArgocdSettings,
  discoverArgocdSettings,
} from './environment/discover-argocd-settings.js';
import { scanTreeForArgocd } from './environment/scan-tree-for-argocd.js';
import { postRenderApp } from './post-render/post-render-app.js';
import {
  type CrdInfo,
  crdApiVersions,
  crdInfo,
  defaultApiVersions,
  ScopeTable,
} from './post-render/resource-scope.js';
import {
  createRemoteSources,
  projectSourceRepos,
  type RemoteFetchOptions,
} from './remote/create-remote-sources.js';
import type { RemoteCharts } from './remote/resolve-remote-chart.js';
import { cmp, type RenderContext } from './render-context.js';
import { readGitHead, readGitRemoteURLs } from './repo/git-remotes.js';
import { createRepoMatcher } from './repo/repo-url.js';
import { type ExpandApplicationSet, loadApplicationSetExpander } from './tree/expand-application-set.js';
import { readRoots } from './tree/read-roots.js';
import { type SelectApp, type WalkedApp, walkAppTree } from './tree/walk-app-tree.js';

export interface RenderOptions {
  /** Repository root (the working tree is the revision of every source pointing at this repository). */
  repoRoot: string;
  /** Globs (relative to repoRoot) of the files holding the root Applications. Default `gitops/bootstrap/*.yaml`. */
  roots?: string[];
  /** Cluster version passed as `--kube-version` (Argo CD v3.0 format `<major>.<minor>`). Default: core's DEFAULT_KUBERNETES_VERSION. */
  kubeVersion?: string;
  /**
   * The cluster's served API versions (replaces the built-in list for kubeVersion). CRDs rendered anywhere in
   * the tree are always added, as on a cluster where the tree has synced once.
   */
  apiVersions?: string[];
  /**
   * Never touch the network (default true): remote charts come from the cache only, and one that is not there
   * is a `coverage/app-not-rendered` warning. `false` pulls them (into the cache) with the pinned helm.
   */
  offline?: boolean;
  /** Limits of each remote fetch (defaults: REMOTE_FETCH_DEFAULTS, docs/limits.md). */
  fetch?: RemoteFetchOptions;
  /**
   * Other repositories by repoURL → absolute local folder (monorepo-of-repos, air-gapped runs); a source of a
   * repository not listed here is cloned into the cache at its targetRevision (online) or taken from it.
   */
  repos?: Record<string, string>;
  /** Most helm/kustomize processes at once (default os.availableParallelism()). */
  /** Wall time all helm/kubectl runs of this render may take together (default 10 minutes); runs past it are findings. */
  toolTimeBudgetMs?: number;
  concurrency?: number;
  /**
   * The cache directory (render keeps its entries in `<cacheDir>/render`); default core's resolveCacheDir()
   * (NEUROSCALE_CACHE_DIR, XDG_CACHE_HOME, the user's cache folder). Never inside the scanned repository.
   * `false` = no disk cache.
   */
  cacheDir?: string | false;
  /** Environment for tool resolution (NEUROSCALE_HELM, NEUROSCALE_KUBECTL, PATH) and the cache dir (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Extra repository URLs that designate this repository (besides its git remotes). */
  repoURLs?: string[];
  /** Add Argo CD's tracking annotation (annotation method, default true). */
  tracking?: boolean;
  /** Argo CD's namespace (default `argocd`); `argocd.namespace` wins when both are given. */
  argocdNamespace?: string;
  /**
   * The Argo CD installation (the config file's `argocd:` section, `file` = the config file for origins).
   * Unset keys are discovered from the tree (argocd-cm, argocd-cmd-params-cm, cluster Secrets, AppProjects,
   * the operator's ArgoCD resource), else Argo CD's defaults.
   */
  argocd?: ArgocdEnvironmentConfig & { file?: string };
  /** Override ApplicationSet expansion (tests); default: the built-in expander. */
  expandApplicationSet?: ExpandApplicationSet;
  /**
   * Render only the Applications this accepts (`--changed-only`, `--shard`): it sees each app's identity and
   * its inputs (AppNode.inputs). A refused app is not built (status `skipped`, reason `not selected`), unless
   * its own sources may hold Applications — then it is rendered to discover its children. ApplicationSets are
   * always expanded. The CRDs and AppProjects of apps not rendered come from the last full render's state in
   * the cache dir, and such a render does not update that state.
   */
  selectApp?: SelectApp;
}

export { REMOTE_FETCH_DEFAULTS, type RemoteFetchOptions } from './remote/create-remote-sources.js';

export interface RenderStats {
  passes: number;
  subprocesses: number;
  cacheHits: number;
  /** Remote charts pulled from the network (0 on a warm run). */
  chartPulls: number;
}

/** What this render could check: Applications rendered fully, partly, not at all, and the objects rendered. */
export interface RenderCoverage {
  applications: { total: number; full: number; partial: number; none: number };
  objects: number;
}

export interface RenderResult {
  apps: AppNode[];
  manifests: Manifest[];
  findings: Finding[];
  stats: RenderStats;
  coverage: RenderCoverage;
  /** The Argo CD environment the render modelled, each setting with where it came from. */
  environment: ArgocdEnvironment;
}

interface TreeState {
  crdApiVersions: string[];
  projects: string[];
  /** Rendered objects declaring Argo CD settings (argocd-cm, cluster Secrets, ...); absent in older states. */
  declared?: DeclaredObject[];
  /** AppProject name → sourceRepos (remote fetches are gated on it). */
  sourceRepos?: Record<string, string[]>;
}

const sortedUnique = (xs: Iterable<string>) => [...new Set(xs)].sort(cmp);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function readState(file: string): TreeState | undefined {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as TreeState;
    const strings = (x: unknown) => Array.isArray(x) && x.every((v) => typeof v === 'string');
    const declared = (x: unknown) =>
      x === undefined ||
      (Array.isArray(x) &&
        x.every((d) => isPlainRecord(d) && isPlainRecord(d.object) && typeof d.file === 'string'));
    if (s && strings(s.crdApiVersions) && strings(s.projects) && declared(s.declared)) return s;
  } catch {
    // no state yet
  }
  return undefined;
}

export async function render(options: RenderOptions): Promise<RenderResult> {
  const setup = await prepareRender(options);
  const { findings, runner } = setup;
  const steady = await renderUntilSteady(setup);
  if (setup.stateFile && !setup.selectApp) saveTreeState(setup.stateFile, steady.state);
  findings.push(...steady.walkFindings);
  const { apps, manifests } = postRenderInTreeOrder(steady.walked, steady.crds, setup, findings);
  findings.push(...sharedResourceFindings(manifests));
  const stats: ToolRunStats = runner.stats;
  return {
    apps,
    manifests,
    findings: sortFindings(findings),
    coverage: countCoverage(steady.walked, manifests.length),
    environment: steady.environment,
    stats: {
      passes: steady.passes,
      subprocesses: stats.subprocesses,
      cacheHits: stats.diskHits + stats.memoryHits,
      chartPulls: setup.remoteCharts?.stats.pulls ?? 0,
    },
  };
}

/** Everything a pass needs, resolved once from the options: cache dir, this repository's URLs, tools, roots. */
interface RenderSetup {
  repoRoot: string;
  kubeVersion: string;
  offline: boolean;
  tracking: boolean;
  argocdNamespace: string;
  /** Findings of the whole render, in the order they are raised (sorted once at the end). */
  findings: Finding[];
  repo: RenderContext['repo'];
  helm: ReturnType<typeof resolveTool>;
  kubectl: ReturnType<typeof resolveTool>;
  runner: ReturnType<typeof createToolRunner>;
  expand: ExpandApplicationSet | undefined;
  roots: Awaited<ReturnType<typeof readRoots>>['roots'];
  baseApis: string[];
  stateFile: string | undefined;
  argocdConfig: ArgocdEnvironmentConfig & { file?: string };
  /** Argo CD settings declared in the tree's files (scanned once). */
  declared: DeclaredObject[];
  remoteCharts: RemoteCharts | undefined;
  otherRepos: NonNullable<RenderContext['otherRepos']>;
  selectApp: SelectApp | undefined;
}

/** The config's `argocd:` section (`argocdNamespace` as its namespace) and the tree's own Argo CD declarations. */
function argocdInputs(options: RenderOptions, repoRoot: string) {
  const argocdConfig = {
    ...(options.argocdNamespace !== undefined ? { namespace: options.argocdNamespace } : {}),
    ...(options.argocd ?? {}),
  };
  return { argocdConfig, scanned: scanTreeForArgocd(repoRoot) };
}

async function prepareRender(options: RenderOptions): Promise<RenderSetup> {
  const repoRoot = realpathSync(options.repoRoot);
  // the scanned tree is data: no program is ever taken from a PATH entry inside it (core trusted-path.ts)
  registerUntrustedTree(repoRoot);
  const kubeVersion = options.kubeVersion ?? DEFAULT_KUBERNETES_VERSION;
  const offline = options.offline ?? true;
  const tracking = options.tracking ?? true;
  const { argocdConfig, scanned } = argocdInputs(options, repoRoot);
  const argocdNamespace = argocdConfig.namespace ?? 'argocd';
  const findings: Finding[] = [...scanned.findings];
  const env = options.env ?? process.env;
  const cacheRoot = options.cacheDir === false ? undefined : (options.cacheDir ?? resolveCacheDir({ env }));
  let cacheDir: string | undefined;
  if (cacheRoot !== undefined) {
    const probe = probeCacheDir(join(cacheRoot, 'render'));
    if (probe.ok) cacheDir = probe.dir;
    else
      findings.push(
        finding({ ruleId: 'render/cache-unavailable', severity: 'info', message: probe.message }),
      );
  }

  const remotes = readGitRemoteURLs(repoRoot);
  const repo = createRepoMatcher([...remotes, ...(options.repoURLs ?? [])]);
  if (repo.urls.length === 0) {
    findings.push(
      finding({
        ruleId: 'render/no-repo-url',
        severity: 'warning',
        message:
          'the repository has no git remote (a tree that is not a git checkout, e.g. an exported archive, has none) and no repoURLs option: no Application source can be recognised as this repository, so no app is rendered; pass --repo-url <url> or set repoURLs in the config',
      }),
    );
  }
  // tools come from this install, the user's env or PATH, never from the repository (core resolveTool)
  const toolOptions = { env, ...(cacheRoot !== undefined ? { cacheDir: cacheRoot } : {}) };
  const helm = resolveTool('helm', toolOptions);
  const kubectl = resolveTool('kubectl', toolOptions);
  const runner = createToolRunner({
    ...(cacheDir ? { cacheDir } : {}),
    limit: createLimiter(options.concurrency ?? availableParallelism()),
    ...(options.toolTimeBudgetMs !== undefined ? { toolTimeBudgetMs: options.toolTimeBudgetMs } : {}),
  });
  const expand = options.expandApplicationSet ?? loadApplicationSetExpander();
  const { remoteCharts, otherRepos } = createRemoteSources({ options, offline, cacheRoot, env, helm });

  const { roots, findings: rootFindings } = await readRoots(
    repoRoot,
    options.roots ?? ['gitops/bootstrap/*.yaml'],
  );
  findings.push(...rootFindings);

  const baseApis = options.apiVersions ? sortedUnique(options.apiVersions) : defaultApiVersions(kubeVersion);
  // the steady-state hint is per repository and settings; it only saves passes, and is checked on read
  const stateKey = createHash('sha256')
    .update(JSON.stringify([repoRoot, options.roots ?? [], kubeVersion, baseApis]))
    .digest('hex');
  const stateFile = cacheDir ? join(cacheDir, 'tree-state', `${stateKey}.json`) : undefined;
  return {
    repoRoot,
    kubeVersion,
    offline,
    tracking,
    argocdNamespace,
    findings,
    repo,
    helm,
    kubectl,
    runner,
    expand,
    roots,
    baseApis,
    stateFile,
    argocdConfig,
    declared: scanned.objects,
    remoteCharts,
    otherRepos,
    selectApp: options.selectApp,
  };
}

interface SteadyTree {
  walked: WalkedApp[];
  walkFindings: Finding[];
  crds: CrdInfo[];
  passes: number;
  state: TreeState;
  environment: ArgocdEnvironment;
}

/** Renders the tree until the CRD / AppProject set it produces equals the one it was rendered with (see top). */
async function renderUntilSteady(setup: RenderSetup): Promise<SteadyTree> {
  const { expand, roots, stateFile, findings } = setup;
  let state: TreeState = (stateFile && readState(stateFile)) || { crdApiVersions: [], projects: [] };
  let walked: WalkedApp[] = [];
  let walkFindings: Finding[] = [];
  let crds: CrdInfo[] = [];
  let passes = 0;
  // settings declared by rendered objects (an app that manages Argo CD itself) join the tree's files
  let renderedDeclared: DeclaredObject[] = state.declared ?? [];
  let environment = resolveArgocdEnvironment(
    setup.argocdConfig,
    discoverArgocdSettings([...renderedDeclared, ...setup.declared]),
  );
  for (;;) {
    passes++;
    const ctx = passContext(setup, state, environment);
    const result = await walkAppTree({
      ctx,
      roots,
      ...(expand ? { expandApplicationSet: expand } : {}),
      ...(setup.selectApp ? { selectApp: setup.selectApp } : {}),
    });
    walked = result.apps;
    walkFindings = result.findings;
    crds = walked.flatMap((a) => a.manifests.flatMap((m) => crdInfo(m.object) ?? []));
    let nextDeclared = declaredByRender(walked);
    let next = nextTreeState(walked, crds, nextDeclared);
    if (setup.selectApp) {
      // apps not rendered still define their CRDs, projects and settings: keep what the state knows of them
      next = unionTreeState(state, next);
      nextDeclared = next.declared ?? [];
    }
    const sameEnvironment = JSON.stringify(nextDeclared) === JSON.stringify(renderedDeclared);
    const stable =
      sameEnvironment &&
      sameList(next.crdApiVersions, state.crdApiVersions) &&
      sameList(next.projects, state.projects) &&
      JSON.stringify(next.sourceRepos) === JSON.stringify(state.sourceRepos ?? {});
    state = next;
    renderedDeclared = nextDeclared;
    if (!sameEnvironment) {
      environment = resolveArgocdEnvironment(
        setup.argocdConfig,
        discoverArgocdSettings([...renderedDeclared, ...setup.declared]),
      );
    }
    if (stable) break;
    if (passes >= 4) {
      findings.push(
        finding({
          ruleId: 'render/api-versions-unstable',
          severity: 'warning',
          message:
            'the set of CRDs / AppProjects / Argo CD settings changes with the API versions it is rendered with; the result after 4 passes is returned',
        }),
      );
      break;
    }
  }
  return { walked, walkFindings, crds, passes, state, environment };
}

/** The context of one render pass: the settings the previous pass discovered (CRDs, projects, Argo CD). */
function passContext(setup: RenderSetup, state: TreeState, environment: ArgocdEnvironment): RenderContext {
  const { repoRoot, repo, offline, kubeVersion, runner, helm, kubectl, baseApis } = setup;
  return {
    repoRoot,
    repo,
    offline,
    kubeVersion,
    apiVersions: sortedUnique([...baseApis, ...state.crdApiVersions]),
    knownProjects: new Set(['default', ...state.projects, ...environment.projects.map((p) => p.name)]),
    argocdNamespace: environment.namespace.value,
    environment,
    revision: readGitHead(repoRoot) ?? '',
    runner,
    projectSourceRepos: new Map(Object.entries(state.sourceRepos ?? {})),
    ...(setup.remoteCharts ? { remoteCharts: setup.remoteCharts } : {}),
    otherRepos: setup.otherRepos,
    tools: {
      ...(helm.ok ? { helm: helm.path } : { helmError: helm.message }),
      ...(kubectl.ok ? { kubectl: kubectl.path } : { kubectlError: kubectl.message }),
    },
  };
}

/** What one pass produced that the next pass renders with. */
function nextTreeState(walked: WalkedApp[], crds: CrdInfo[], declared: DeclaredObject[]): TreeState {
  const projects = walked.flatMap((a) =>
    a.manifests.flatMap((m) =>
      m.object.kind === 'AppProject' && typeof m.object.metadata?.name === 'string'
        ? [m.object.metadata.name]
        : [],
    ),
  );
  return {
    crdApiVersions: sortedUnique(crdApiVersions(crds)),
    projects: sortedUnique(projects),
    declared,
    sourceRepos: projectSourceRepos(walked),
  };
}

/** A selective render's state: what the previous state knew plus what this pass rendered. */
function unionTreeState(prior: TreeState, next: TreeState): TreeState {
  const declared = [...(prior.declared ?? [])];
  const seen = new Set(declared.map((d) => JSON.stringify(d)));
  for (const d of next.declared ?? []) if (!seen.has(JSON.stringify(d))) declared.push(d);
  const sourceRepos: Record<string, string[]> = { ...(prior.sourceRepos ?? {}) };
  for (const [k, v] of Object.entries(next.sourceRepos ?? {})) sourceRepos[k] = v;
  return {
    crdApiVersions: sortedUnique([...prior.crdApiVersions, ...next.crdApiVersions]),
    projects: sortedUnique([...prior.projects, ...next.projects]),
    declared,
    sourceRepos: Object.fromEntries(Object.entries(sourceRepos).sort(([a], [b]) => cmp(a, b))),
  };
}

/** Rendered objects that declare Argo CD settings (argocd-cm, cluster Secrets, ...), in tree order. */
function declaredByRender(walked: WalkedApp[]): DeclaredObject[] {
  const out: DeclaredObject[] = [];
  for (const w of walked) {
    for (const m of w.manifests) {
      if (declaresArgocdSettings(m.object))
        out.push({ object: m.object, file: m.source.file, line: m.source.line });
    }
  }
  return out;
}

function countCoverage(walked: WalkedApp[], objects: number): RenderCoverage {
  const applications = { total: 0, full: 0, partial: 0, none: 0 };
  for (const w of walked) {
    if (w.spec.kind !== 'Application' || w.unselected) continue;
    applications.total++;
    applications[w.coverage ?? 'none']++;
  }
  return { applications, objects };
}

function saveTreeState(stateFile: string, state: TreeState): void {
  const tmp = `${stateFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(stateFile), { recursive: true });
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, stateFile);
  } catch {
    // read-only cache dir: next run takes one more pass
    rmSync(tmp, { force: true });
  }
}

function postRenderInTreeOrder(
  walked: WalkedApp[],
  crds: CrdInfo[],
  { kubeVersion, tracking }: { kubeVersion: string; tracking: boolean },
  findings: Finding[],
): { apps: AppNode[]; manifests: Manifest[] } {
  // post-render with the tree-wide scope table, then order apps: tree order, siblings by wave then name
  const scopes = new ScopeTable(kubeVersion, crds);
  const byApp = new Map<WalkedApp['spec'], { walked: WalkedApp; manifests: Manifest[] }>();
  for (const w of walked) {
    const post = postRenderApp(w.spec, w.manifests, { scopes, tracking });
    const cluster = w.spec.cluster;
    if (cluster) post.manifests = post.manifests.map((m) => ({ ...m, source: { ...m.source, cluster } }));
    w.node.objectCount = w.node.status === 'rendered' ? post.objectCount : 0;
    findings.push(...post.findings);
    byApp.set(w.spec, { walked: w, manifests: post.manifests });
  }
  const childrenOf = new Map<string, WalkedApp[]>();
  const topLevel: WalkedApp[] = [];
  // one map, not a search of `walked` per child: an app-of-apps with thousands of children stays linear
  const walkedBySpec = new Map(walked.map((w) => [w.spec, w] as const));
  for (const w of walked) {
    if (w.spec.chain.length === 1) topLevel.push(w);
  }
  for (const w of walked) {
    for (const c of w.children) {
      const child = walkedBySpec.get(c);
      if (!child) continue;
      const list = childrenOf.get(w.spec.key) ?? [];
      list.push(child);
      childrenOf.set(w.spec.key, list);
    }
  }
  const order = (xs: WalkedApp[]) =>
    [...xs].sort(
      (a, b) => a.spec.wave - b.spec.wave || cmp(a.spec.name, b.spec.name) || cmp(a.spec.key, b.spec.key),
    );
  const ordered: WalkedApp[] = [];
  const visit = (w: WalkedApp) => {
    ordered.push(w);
    for (const c of order(childrenOf.get(w.spec.key) ?? [])) visit(c);
  };
  for (const r of order(topLevel)) visit(r);

  const apps: AppNode[] = ordered.map((w) => w.node);
  const manifests: Manifest[] = ordered.flatMap((w) => byApp.get(w.spec)!.manifests);

  return { apps, manifests };
}

function sharedResourceFindings(manifests: Manifest[]): Finding[] {
  const findings: Finding[] = [];
  // the same resource managed by two apps (Argo CD: SharedResourceWarning). controller/state.go only sees
  // live objects on the app's own destination cluster: the key is (cluster, group, kind, namespace, name),
  // cluster-scoped objects included — the same Deployment on three clusters is three objects.
  const owner = new Map<string, string>();
  for (const m of manifests) {
    if (m.source.syncRole !== 'resource' || m.source.sourceType === 'generated') continue;
    const key = `${m.source.cluster ?? ''}\u0000${objectKey(m.object)}`;
    const app = m.source.apps[m.source.apps.length - 1] ?? '';
    const prior = owner.get(key);
    if (prior !== undefined && prior !== app) {
      findings.push(
        finding({
          ruleId: 'render/shared-resource',
          severity: 'warning',
          message: `${describeObject(objectRef(m.object))}${m.source.cluster ? ` on cluster ${m.source.cluster}` : ''} is managed by apps ${prior} and ${app}; they will fight over it (SharedResourceWarning; FailOnSharedResource=true fails the sync)`,
          object: objectRef(m.object),
          location: { file: m.source.file, line: m.source.line, column: m.source.column },
          app,
        }),
      );
    } else owner.set(key, app);
  }
  return findings;
}
