export { ANNOTATIONS_SIZE_LIMIT, checkApplySize } from './checks/apply-size.js';
export type { Check, CheckContext } from './checks/check-context.js';
export { checkClusterScopedNamespace } from './checks/cluster-scoped-namespace.js';
export { type ApiStatus, apiStatus, checkDeprecatedApis, isRemovedApi } from './checks/deprecated-apis.js';
export { checkDuplicateObjects } from './checks/duplicate-objects.js';
export {
  checkObjectNames,
  labelValueProblem,
  nameProblem,
  qualifiedNameProblem,
} from './checks/object-names.js';
export { checkPodTemplateDuplicates } from './checks/pod-template-duplicates.js';
export {
  type CatalogIndex,
  DEFAULT_KUBERNETES_VERSION,
  type KubernetesMinor,
  loadCatalogIndex,
  MissingGeneratedDataError,
  normalizeKubernetesVersion,
  SUPPORTED_KUBERNETES_VERSIONS,
} from './data/generated-data.js';
export { type ChartReadModel, classifyValuesPath, loadChartReadModel } from './helm/chart-read-model.js';
export { type CheckHelmValuesOptions, checkHelmValues, parseSetPath } from './helm/check-helm-values.js';
export { manifestsFromDocuments } from './manifests-from-documents.js';
export { type ConvertedSchema, convertStructuralSchema } from './schemas/convert-structural-schema.js';
export { expandTemplate, type TemplateData, templateData } from './schemas/schema-locations.js';
export {
  clearCompiledSchemas,
  createSchemaRegistry,
  type KindSchema,
  type SchemaLookup,
  type SchemaRegistry,
  type SchemaRegistryOptions,
  type SchemaRegistryStats,
  type SchemaSource,
  UnsupportedKubernetesVersionError,
} from './schemas/schema-registry.js';
export { defaultCacheDir, type ValidateOptions, type ValidateResult, validate } from './validate.js';
export {
  type SchemaStageOptions,
  type SchemaSummary,
  validateAgainstSchemas,
  withoutNullFields,
} from './validate-against-schemas.js';
