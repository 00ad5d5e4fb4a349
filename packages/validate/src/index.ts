export { defaultCacheDir, validate, type ValidateOptions, type ValidateResult } from './validate.js';
export { validateAgainstSchemas, withoutNullFields, type SchemaStageOptions, type SchemaSummary } from './validate-against-schemas.js';
export { manifestsFromDocuments } from './manifests-from-documents.js';
export {
  createSchemaRegistry,
  clearCompiledSchemas,
  UnsupportedKubernetesVersionError,
  type KindSchema,
  type SchemaLookup,
  type SchemaRegistry,
  type SchemaRegistryOptions,
  type SchemaRegistryStats,
  type SchemaSource,
} from './schemas/schema-registry.js';
export { convertStructuralSchema, type ConvertedSchema } from './schemas/convert-structural-schema.js';
export { expandTemplate, templateData, type TemplateData } from './schemas/schema-locations.js';
export {
  DEFAULT_KUBERNETES_VERSION,
  SUPPORTED_KUBERNETES_VERSIONS,
  normalizeKubernetesVersion,
  loadCatalogIndex,
  MissingGeneratedDataError,
  type KubernetesMinor,
  type CatalogIndex,
} from './data/generated-data.js';
export { checkHelmValues, parseSetPath, type CheckHelmValuesOptions } from './helm/check-helm-values.js';
export { loadChartReadModel, classifyValuesPath, type ChartReadModel } from './helm/chart-read-model.js';
export { checkDuplicateObjects } from './checks/duplicate-objects.js';
export { checkClusterScopedNamespace } from './checks/cluster-scoped-namespace.js';
export { checkObjectNames, nameProblem, qualifiedNameProblem, labelValueProblem } from './checks/object-names.js';
export { checkPodTemplateDuplicates } from './checks/pod-template-duplicates.js';
export { checkDeprecatedApis, apiStatus, isRemovedApi, type ApiStatus } from './checks/deprecated-apis.js';
export { checkApplySize, ANNOTATIONS_SIZE_LIMIT } from './checks/apply-size.js';
export type { Check, CheckContext } from './checks/check-context.js';
