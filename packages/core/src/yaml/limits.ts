/**
 * Input limits. A pull request is untrusted input: every file is bounded in size, documents,
 * nesting and alias expansion before it reaches any stage. Each limit breach is a finding.
 */
export interface YamlLimits {
  /** Largest file read, in bytes (default 32 MiB). */
  maxFileBytes: number;
  /** Most documents in one file (default 20,000). */
  maxDocuments: number;
  /** Deepest nesting of collections (default 200; Kubernetes objects rarely exceed 30). */
  maxDepth: number;
  /** Most alias references in one document (default 500; billion-laughs inputs need far more). */
  maxAliases: number;
  /** Longest line, in characters (default 1 MiB). */
  maxLineLength: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxDocuments: 20_000,
  maxDepth: 200,
  maxAliases: 500,
  maxLineLength: 1024 * 1024,
};
