/**
 * Contract between the Application renderer and ApplicationSet expansion.
 * expandApplicationSet() is pure: every repository read goes through the context.
 */
import type { Finding, K8sObject, SourceLocation } from '@neuroscale/core';
import type { ApplicationSetLimits } from './limits.js';

export interface ApplicationSetContext {
  /** Repo-relative paths of every file tracked in this repository (`git ls-files`), sorted. */
  listRepoFiles(): string[];
  /** Read a repo-relative file as text (undefined when missing or outside the repo). */
  readRepoFile(path: string): string | undefined;
  /** Size in bytes of a repo-relative file, from stat (undefined when missing): checked before reading. */
  repoFileSize?(path: string): number | undefined;
  /** True when repoURL designates this repository (normalised comparison done by the caller). */
  isLocalRepo(repoURL: string): boolean;
  /** Clusters known offline (default: only in-cluster). */
  clusters?: {
    name: string;
    server: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    /** `project` of a project-scoped cluster Secret (the generator's `project` parameter). */
    project?: string;
  }[];
  /** AppProject names rendered anywhere in the tree (git generators require the project to exist). */
  knownProjects?: Set<string>;
  /** Expansion size limits (defaults: DEFAULT_APPLICATIONSET_LIMITS). */
  limits?: Partial<ApplicationSetLimits>;
  /** Where the ApplicationSet was read, for findings. */
  location: SourceLocation;
  /** JSON pointer → position inside the ApplicationSet document (lazy), for findings. */
  locate?: (pointer: string) => { line: number; column: number; file?: string } | undefined;
}

export interface GeneratedApplication {
  /** The Application object produced (apiVersion argoproj.io/v1alpha1, kind Application). */
  object: K8sObject;
  /** Parameters that produced it (for reports and debugging). */
  params: Record<string, unknown>;
}

export interface ApplicationSetExpansion {
  /** Sorted by metadata.name. */
  applications: GeneratedApplication[];
  /** Problems: unsupported generator, template error (missingkey=error), duplicate names, invalid app... */
  findings: Finding[];
}
