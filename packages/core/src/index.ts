/**
 * @neuroscale/core — the shared model every stage depends on, so its entry is wider than a stage's. Groups:
 * the model (Finding, Manifest, AppNode and the helpers every stage uses to build and place them), own-key
 * object helpers for untrusted data, child processes with limits and cleanup, the pinned tools and the one
 * cache directory, and YAML loading with Kubernetes semantics. Option and result types of public functions
 * are public too. Everything else (the YAML 1.1 schema, locators, git argv details) is internal.
 */
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
  type KubeResourceTable,
  kubernetesResourcesFor,
  PLATFORM_CRD_SCOPES,
  type PlatformCrdScope,
  type ResourceScope,
} from './kubernetes/resource-scopes.js';
export {
  PATCH_MERGE_KEYS,
  type StrategicMergeOptions,
  strategicMerge,
} from './kubernetes/strategic-merge.js';
export type { AppNode, AppStatus, HelmValueInputs, RenderedSource, SourceType } from './model/app.js';
export { compareStrings } from './model/compare-strings.js';
export {
  compareFindings,
  countBySeverity,
  type Finding,
  type FindingInit,
  finding,
  hasFindingsAtOrAbove,
  type ObjectRef,
  SEVERITY_RANK,
  type Severity,
  type SourceLocation,
  sortFindings,
} from './model/finding.js';
export { escapePointerSegment, getAtPointer, parsePointer, toPointer } from './model/json-pointer.js';
export {
  apiGroup,
  apiVersionOnly,
  describeObject,
  type K8sObject,
  type Locator,
  locationOf,
  type Manifest,
  manifestsFromDocuments,
  objectKey,
  objectRef,
  type Provenance,
} from './model/manifest.js';
export { cloneData, copyOwn, fromEntriesOwn, getOwn, isPlainRecord, setOwn } from './model/safe-object.js';
export { cleanupRegisteredSync, registerTempPath } from './process/cleanup-registry.js';
export { type GitSyncOptions, type GitSyncResult, runGitSync } from './process/git-argv.js';
export {
  DEFAULT_CHILD_LIMITS,
  describeLimitFailure,
  type RunLimitedOptions,
  type RunLimitedResult,
  runLimited,
} from './process/run-limited.js';
export { registerUntrustedTree, trustedPath } from './process/trusted-path.js';
export { type CompiledRe2, compileRe2 } from './regex/re2-regexp.js';
export {
  type CacheDirOptions,
  type CacheDirProbe,
  probeCacheDir,
  resolveCacheDir,
} from './tools/cache-dir.js';
export {
  type InstallPinnedToolsOptions,
  type InstallPinnedToolsResult,
  installPinnedTools,
} from './tools/fetch-tools.js';
export { PINNED_TOOLS, PINNED_TOOLS_PACKAGE, type ToolName } from './tools/pinned-tools.js';
export {
  fileSha256,
  type MissingTool,
  type ResolvedTool,
  type ResolveToolOptions,
  resolveTool,
} from './tools/resolve-tool.js';
export { DEFAULT_YAML_LIMITS, type YamlLimits } from './yaml/limits.js';
export {
  type LoadYamlOptions,
  type LoadYamlResult,
  loadYaml,
  splitYamlDocuments,
  type YamlDocument,
} from './yaml/load-documents.js';
export type { Position } from './yaml/locate.js';
export { locateYamlDocuments } from './yaml/locate-documents.js';
export {
  decodeText,
  type ReadYamlFileOptions,
  type ReadYamlFileResult,
  readYamlFile,
} from './yaml/read-file.js';
