/**
 * The rendered-manifest diff: what a change does to the cluster, per Argo CD Application. This is the JSON
 * contract of `neuroscale-validate diff --format json` (`{base, head, apps, summary}`, documented in the README).
 */
import type { AppNode, Manifest } from '@neuroscale/core';

/** One side of the diff: what `@neuroscale/render` returned for one revision (apps and their objects). */
export interface DiffRenderInput {
  apps: readonly AppNode[];
  manifests: readonly Manifest[];
}

/** An Application appeared, disappeared, or its objects changed (after Argo CD's normalisation). */
export type AppChange = 'added' | 'removed' | 'changed' | 'unchanged';
export type ObjectChange = 'added' | 'removed' | 'changed';

/** The identity objects are matched by inside one app (the app carries the cluster). */
export interface DiffObjectRef {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ObjectDiff {
  ref: DiffObjectRef;
  change: ObjectChange;
  /** Unified diff of the normalised objects as YAML (keys in a stable order); a note when it was not computed. */
  diff: string;
  /** Source file (repo-relative) and line of the head object (of the base object when removed). */
  location?: { file: string; line: number };
}

export interface AppDiff {
  name: string;
  /** Destination cluster: `destination.server`, or the `destination.name` when no server is given. */
  cluster: string;
  /** Destination namespace, when the Application sets one. */
  namespace?: string;
  status: AppChange;
  /** Changed objects only, sorted by group, kind, namespace, name. */
  objects: ObjectDiff[];
}

export interface RenderDiffSummary {
  apps: Record<AppChange, number>;
  objects: Record<ObjectChange, number>;
}

export interface RenderDiff {
  /** Labels of the two sides (e.g. the base git ref and `working tree`). */
  base: string;
  head: string;
  /** Every app of either side, sorted by name, cluster, namespace; unchanged apps have no objects. */
  apps: AppDiff[];
  summary: RenderDiffSummary;
}

/**
 * One `ignoreDifferences` entry: an Application's `spec.ignoreDifferences[]`, or one of the
 * `resource.customizations.ignoreDifferences.<group_kind>` entries of `argocd-cm` (group and kind from the key).
 * `group` and `kind` are globs (`*`), as Argo CD matches them.
 */
export interface IgnoreDifferencesRule {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  /** Fields owned by these managers: needs the live object's managedFields, so not applicable offline. */
  managedFieldsManagers?: string[];
}

/** `resource.customizations.ignoreDifferences.<key>` values of `argocd-cm`, keyed by `<group>_<kind>`, `<group>/<kind>`, `<kind>` or `all`. */
export type IgnoreDifferencesOverrides = Readonly<
  Record<string, Omit<IgnoreDifferencesRule, 'group' | 'kind' | 'name' | 'namespace'>>
>;
