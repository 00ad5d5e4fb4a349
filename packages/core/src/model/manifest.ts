import type { ObjectRef } from './finding.js';

/** A decoded Kubernetes object: JSON values only. */
export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generateName?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** Where a rendered object came from. */
export interface Provenance {
  /** Application chain, root first (empty for objects read straight from files). */
  apps: string[];
  /** File the object was read from (for Helm output: the chart template), repo-relative. */
  file: string;
  /** Index of the YAML document inside the file (0-based). */
  documentIndex: number;
  /** 1-based line and column of the document's first node. */
  line: number;
  column: number;
  /** For Helm output: the value files that fed the template, repo-relative, in precedence order. */
  valueFiles?: string[];
  /**
   * Server URL of the cluster the object is applied to (the app's destination.server, or destination.name
   * resolved through the Argo CD clusters); unset when unknown. Identity checks key on it.
   */
  cluster?: string;
  /** Source type that produced the object. */
  sourceType?: 'directory' | 'helm' | 'kustomize' | 'file' | 'generated';
  /**
   * How Argo CD's sync treats the object (set by render): `resource` is managed (diffed, pruned);
   * `hook` runs in `hookTypes` phases and is not part of the managed set; `never-applied` is rendered
   * but never applied (e.g. helm test hooks, `argocd.argoproj.io/hook: Skip`). Absent = resource.
   */
  syncRole?: 'resource' | 'hook' | 'never-applied';
  /** For hooks: Argo hook types (PreSync, Sync, PostSync, SyncFail, PreDelete, PostDelete). */
  hookTypes?: string[];
  /**
   * Set on an object admission changed or created (Kyverno mutate/generate rules applied before
   * validation): the rules that mutated it, or the rule that generated it and its trigger object (whose
   * source the rest of this provenance then is: file and line point at the trigger).
   */
  admission?: AdmissionProvenance;
}

/** Which admission rules made an object what the cluster would store (`Provenance.admission`). */
export interface AdmissionProvenance {
  /** `policy/rule` of each mutate rule that changed the object, in the order they applied. */
  mutatedBy?: string[];
  /** The generate rule that created the object, and the object whose admission triggered it. */
  generatedBy?: { policy: string; rule: string; trigger: ObjectRef };
}

/**
 * Maps a JSON pointer inside the object to a place in its source (lazy: parses only when asked).
 * `file` (repo-relative) is set when the field comes from another file than `source.file` — e.g. a
 * Kustomize overlay patch that added it to a base resource; absent = `source.file`.
 */
export type Locator = (pointer: string) => { line: number; column: number; file?: string } | undefined;

export interface Manifest {
  object: K8sObject;
  source: Provenance;
  /** Present when the object came from a parsed file whose positions are known. */
  locate?: Locator;
}

export function objectRef(obj: K8sObject | undefined): ObjectRef {
  const ref: ObjectRef = {};
  if (!obj || typeof obj !== 'object') return ref;
  if (typeof obj.apiVersion === 'string') ref.apiVersion = obj.apiVersion;
  if (typeof obj.kind === 'string') ref.kind = obj.kind;
  const md = obj.metadata;
  if (md && typeof md === 'object') {
    if (typeof md.namespace === 'string' && md.namespace) ref.namespace = md.namespace;
    if (typeof md.name === 'string' && md.name) ref.name = md.name;
    else if (typeof md.generateName === 'string' && md.generateName) ref.name = md.generateName;
  }
  return ref;
}

/** `group` of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function apiGroup(apiVersion: string | undefined): string {
  // untrusted YAML: `apiVersion: {}` or `apiVersion: 1` reaches here despite the type
  if (typeof apiVersion !== 'string' || !apiVersion) return '';
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function apiVersionOnly(apiVersion: string | undefined): string {
  if (typeof apiVersion !== 'string' || !apiVersion) return '';
  const i = apiVersion.indexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

/** Stable identity used for duplicate detection: group/kind/namespace/name. */
export function objectKey(obj: K8sObject): string {
  const ref = objectRef(obj);
  return `${apiGroup(ref.apiVersion)}/${ref.kind ?? ''}/${ref.namespace ?? ''}/${ref.name ?? ''}`;
}

/** Human form: `Deployment ns/name`. */
export function describeObject(ref: ObjectRef | undefined): string {
  if (!ref) return '';
  const id = ref.namespace ? `${ref.namespace}/${ref.name ?? ''}` : (ref.name ?? '');
  return [ref.kind, id].filter(Boolean).join(' ');
}

/** Finding location for a JSON pointer inside a manifest, falling back to the document start. */
export function locationOf(m: Manifest, pointer = ''): { file: string; line: number; column: number } {
  const pos = pointer && m.locate ? m.locate(pointer) : undefined;
  if (!pos) return { file: m.source.file, line: m.source.line, column: m.source.column };
  return { file: pos.file ?? m.source.file, line: pos.line, column: pos.column };
}

/** Documents of a plain file (no Application) → Manifests with provenance. */
export function manifestsFromDocuments(
  file: string,
  documents: readonly { index: number; value: unknown; line: number; column: number; locate: Locator }[],
): Manifest[] {
  return documents.map((d) => ({
    object: d.value as K8sObject,
    source: { apps: [], file, documentIndex: d.index, line: d.line, column: d.column, sourceType: 'file' },
    locate: d.locate,
  }));
}
