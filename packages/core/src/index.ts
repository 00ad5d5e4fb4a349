export {
  DEFAULT_KUBERNETES_VERSION,
  type KubernetesMinor,
  normalizeKubernetesVersion,
  SUPPORTED_KUBERNETES_VERSIONS,
} from './kubernetes/kubernetes-versions.js';
export {
  type CompiledLabelSelector,
  compileLabelSelector,
  isEmptyLabelSelector,
  type LabelRequirement,
  type LabelSelectorOperator,
  type LabelSelectorOptions,
  labelRequirementsMatch,
  matchesLabelSelector,
} from './kubernetes/label-selector.js';
export {
  type KubernetesQuantity,
  NANOS_PER_UNIT,
  type ParsedKubernetesQuantity,
  type ParseQuantityOptions,
  parseKubernetesQuantity,
  type QuantityFormat,
  type QuantityToNanosOptions,
  quantityToNanos,
  quantityToRational,
} from './kubernetes/quantity.js';
export {
  type ClusterScopedKindsOptions,
  clusterScopedKinds,
  KUBE_RESOURCES,
  type KubeResourceTable,
  kubernetesResourcesFor,
  PLATFORM_CRD_SCOPES,
  type PlatformCrdScope,
  type ResourceScope,
} from './kubernetes/resource-scopes.js';
export * from './model/app.js';
export { compareStrings } from './model/compare-strings.js';
export * from './model/finding.js';
export * from './model/json-pointer.js';
export * from './model/manifest.js';
export * from './model/safe-object.js';
export {
  cleanupRegisteredSync,
  registerChildProcess,
  registeredResources,
  registerTempPath,
} from './process/cleanup-registry.js';
export {
  GIT_MAX_OUTPUT_BYTES,
  GIT_TIMEOUT_MS,
  type GitSyncOptions,
  type GitSyncResult,
  gitArgv,
  gitEnv,
  runGitSync,
  SAFE_GIT_CONFIG,
} from './process/git-argv.js';
export {
  DEFAULT_CHILD_LIMITS,
  describeLimitFailure,
  findPrlimit,
  type RunLimitedOptions,
  type RunLimitedResult,
  runLimited,
} from './process/run-limited.js';
export { type CompiledRe2, compileRe2 } from './regex/re2-regexp.js';
export {
  type CacheDirOptions,
  type CacheDirProbe,
  cacheToolsDir,
  probeCacheDir,
  resolveCacheDir,
} from './tools/cache-dir.js';
export {
  type InstallPinnedToolsOptions,
  type InstallPinnedToolsResult,
  installPinnedTools,
  PINNED_TOOLS_PLATFORM,
} from './tools/fetch-tools.js';
export { PINNED_TOOLS, PINNED_TOOLS_PACKAGE, TOOLS_DIR, type ToolName } from './tools/pinned-tools.js';
export {
  fileSha256,
  type MissingTool,
  pinnedToolDirs,
  type ResolvedTool,
  type ResolveToolOptions,
  resolveTool,
  workspaceToolsDir,
} from './tools/resolve-tool.js';
export { DEFAULT_YAML_LIMITS, type YamlLimits } from './yaml/limits.js';
export {
  type LoadYamlOptions,
  type LoadYamlResult,
  loadYaml,
  splitYamlDocuments,
  type YamlDocument,
} from './yaml/load-documents.js';
export { createLocator, type Position } from './yaml/locate.js';
export { decodeText, type ReadYamlFileOptions, readYamlFile } from './yaml/read-file.js';
export { goTimestampJSON, KUBERNETES_YAML_SCHEMA, parseGoInt } from './yaml/yaml11-schema.js';
