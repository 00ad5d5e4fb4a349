export * from './model/app.js';
export * from './model/finding.js';
export * from './model/json-pointer.js';
export * from './model/manifest.js';
export * from './model/safe-object.js';
export { PINNED_TOOLS, PINNED_TOOLS_PACKAGE, TOOLS_DIR, type ToolName } from './tools/pinned-tools.js';
export {
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
export { createLocator, type Position } from './yaml/locate.js';
export { decodeText, type ReadYamlFileOptions, readYamlFile } from './yaml/read-file.js';
export { goTimestampJSON, KUBERNETES_YAML_SCHEMA, parseGoInt } from './yaml/yaml11-schema.js';
