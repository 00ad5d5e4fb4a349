/**
 * Internal types shared by the tree walker and the source renderers.
 */
import type { Finding, FindingInit, K8sObject, Locator, Manifest, RenderedSource } from '@neuroscale/core';
import { finding } from '@neuroscale/core';
import type { ToolRunner } from './cache/tool-output-cache.js';
import type { ArgocdEnvironment } from './environment/argocd-environment.js';
import type { RepoCheckout } from './remote/clone-repo.js';
import type { RemoteCharts } from './remote/resolve-remote-chart.js';
import type { RepoMatcher } from './repo/repo-url.js';

/** Where an Application was written, with a locator into its YAML document when known. */
export interface AppOrigin {
  file: string;
  line: number;
  column: number;
  locate?: Locator;
}

export interface SourceSpec {
  /** Index in spec.sources (0 for spec.source). */
  index: number;
  /** JSON pointer of the source block inside the Application document. */
  pointer: string;
  spec: Record<string, unknown>;
}

export interface AppSpec {
  kind: 'Application' | 'ApplicationSet';
  name: string;
  namespace?: string;
  /** Identity for duplicate and cycle detection: `<kind>/<namespace>/<name>`. */
  key: string;
  /** Argo's instance name: `name`, or `<ns>_<name>` outside the Argo CD namespace. */
  instance: string;
  object: K8sObject;
  project?: string;
  destination?: { server?: string; name?: string; namespace?: string };
  /** Server URL of the destination cluster (destination.server, or destination.name resolved); unset when unknown. */
  cluster?: string;
  wave: number;
  syncOptions: string[];
  automated: boolean;
  sources: SourceSpec[];
  managedNamespaceMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  origin: AppOrigin;
  /** Application chain root first, including this app. */
  chain: string[];
  parent?: string;
  generatedBy?: string;
}

export interface RenderContext {
  /** realpath of the repository root. */
  repoRoot: string;
  repo: RepoMatcher;
  offline: boolean;
  /** `--kube-version` value (e.g. `1.33`). */
  kubeVersion: string;
  /** Cluster API versions for this pass (defaults + CRDs found in the tree), sorted. */
  apiVersions: string[];
  /** AppProjects known for this pass. */
  knownProjects: Set<string>;
  argocdNamespace: string;
  /** The Argo CD installation modelled (clusters, namespaces, projects, build options). */
  environment: ArgocdEnvironment;
  /** HEAD commit of the repository (for $ARGOCD_APP_REVISION), '' when unknown. */
  revision: string;
  runner: ToolRunner;
  /** AppProject name → spec.sourceRepos, for the AppProjects the tree defines (remote fetches are gated on it). */
  projectSourceRepos: ReadonlyMap<string, readonly string[]>;
  /** Remote charts from the cache or the network (absent when helm is missing). */
  remoteCharts?: RemoteCharts;
  /** Other repositories: `repos:` folders (by normalised URL) and checkouts in the cache (clone-repo.ts). */
  otherRepos?: {
    mapped: ReadonlyMap<string, string>;
    checkout?: (url: string, revision: string) => Promise<RepoCheckout>;
  };
  tools: { helm?: string; kubectl?: string; helmError?: string; kubectlError?: string };
}

export interface SourceRenderResult {
  manifests: Manifest[];
  findings: Finding[];
  rendered: RenderedSource;
  /** Set when the source could not be rendered: the app is failed (error) or skipped (remote/unsupported). */
  outcome?: { status: 'failed' | 'skipped'; reason: string };
}

/** A finding located in the Application that caused it (pointer inside the Application document). */
export function appFinding(
  app: AppSpec,
  init: Omit<FindingInit, 'location' | 'app'> & { pointer?: string },
): Finding {
  const pos = init.pointer && app.origin.locate ? app.origin.locate(init.pointer) : undefined;
  const { pointer: _p, ...rest } = init;
  return finding({
    object: {
      apiVersion: typeof app.object.apiVersion === 'string' ? app.object.apiVersion : 'argoproj.io/v1alpha1',
      kind: app.kind,
      ...(app.namespace ? { namespace: app.namespace } : {}),
      ...(app.name ? { name: app.name } : {}),
    },
    ...rest,
    app: app.name,
    location: {
      file: pos?.file ?? app.origin.file,
      line: pos?.line ?? app.origin.line,
      column: pos?.column ?? app.origin.column,
    },
  });
}

export { compareStrings as cmp, isPlainRecord as isRecord } from '@neuroscale/core';
