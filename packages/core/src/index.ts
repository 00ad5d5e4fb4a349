export * from './model/finding.js';
export * from './model/manifest.js';
export * from './model/app.js';
export * from './model/json-pointer.js';
export { DEFAULT_YAML_LIMITS, type YamlLimits } from './yaml/limits.js';
export { createLocator, type Position } from './yaml/locate.js';
export {
  loadYaml,
  splitYamlDocuments,
  type LoadYamlOptions,
  type LoadYamlResult,
  type YamlDocument,
} from './yaml/load-documents.js';
export { decodeText, readYamlFile, type ReadYamlFileOptions } from './yaml/read-file.js';
export { KUBERNETES_YAML_SCHEMA, goTimestampJSON, parseGoInt } from './yaml/yaml11-schema.js';
export { PINNED_TOOLS, PINNED_TOOLS_PACKAGE, TOOLS_DIR, type ToolName } from './tools/pinned-tools.js';
export { resolveTool, type MissingTool, type ResolvedTool, type ResolveToolOptions } from './tools/resolve-tool.js';
