/**
 * The `kyverno test` file (cli.kyverno.io/v1alpha1 Test) as this runner reads it, after the legacy
 * (pre-1.15, un-versioned) fields have been folded in the way `kyverno fix test` does.
 */
import type { ApiCallResponse, RuleStatus, ValuesSpec } from '../engine/index.js';

export interface ResourceSpec {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** One `results[]` row. */
export interface TestResultRow {
  /** 0-based position in `results[]`. */
  index: number;
  /** 1-based line of the row in the test file (0 when unknown). */
  line: number;
  /** As written: `<name>` or `<namespace>/<name>`; only the part after the last `/` is compared. */
  policy: string;
  /** Empty: every rule response of the policy. */
  rule: string;
  kind?: string;
  /** Names or `namespace/name`, legacy `resource:` appended. */
  resources: string[];
  resourceSpecs: ResourceSpec[];
  /** `result:` (or legacy `status:`). */
  result: RuleStatus;
  operation?: string;
  /** `isValidatingPolicy: true`: every response of the policy is compared, whatever `rule` says. */
  isCelPolicy?: boolean;
  /** `patchedResources:` file (legacy `patchedResource`): the expected mutated object. */
  patchedResources?: string;
  /** `generatedResource` / `generatedResources:` files: the expected generated objects. */
  generatedResources?: string[];
  /** `cloneSourceResource:` file: the object a generate `clone` copies (the CLI's RuleToCloneSourceResource). */
  cloneSourceResource?: string;
  /** Fields that need an engine we do not have (patched/generated resource comparison, CEL kinds...). */
  unsupportedFields: string[];
}

export interface TestSpec {
  /** metadata.name (or legacy top-level name). */
  name: string;
  /** True when the document used the un-versioned legacy schema and was converted. */
  legacy: boolean;
  policies: string[];
  resources: string[];
  /** `oldResources:` files: the `oldObject` of an UPDATE of the resource of the same kind, namespace and name. */
  oldResources?: string[];
  variables?: string;
  values?: ValuesSpec;
  userinfo?: string;
  /** `context:` file (cli.kyverno.io Context: resource.Get/List and image.GetMetadata mocks for CEL). */
  context?: string;
  exceptions: string[];
  /** `targetResources:` files: the existing objects mutate-existing rules may patch (`mutate.targets`). */
  targetResources?: string[];
  /** `paramResources:` files: the params a ValidatingAdmissionPolicyBinding's paramRef names. */
  paramResources?: string[];
  /** `jsonPayloads:` (and the older `jsonPayload:`) files: JSON documents ValidatingPolicies evaluate. */
  jsonPayloads?: string[];
  /** `httpPayloads:` files: HTTP authorization requests that `evaluation.mode: HTTP` ValidatingPolicies evaluate. */
  httpPayloads?: string[];
  /** `envoyPayloads:` files: Envoy CheckRequests that `evaluation.mode: Envoy` ValidatingPolicies evaluate. */
  envoyPayloads?: string[];
  /** `clusterResources:` files: the objects the CLI's fake cluster holds (ClusterResource documents or plain objects). */
  clusterResources?: string[];
  /** Number of `checks:` entries (kyverno-json assertions), which this runner does not evaluate. */
  uncheckedChecks?: number;
  /** `globalContextEntries`: `{name, data, fieldPath?, projections?: [{name, path}]}` as written. */
  globalContextEntries?: Array<Record<string, unknown>>;
  /** `apiCallResponses`, validated: offline answers for `context.apiCall` entries and CEL `http.Get/Post`. */
  apiCallResponses?: ApiCallResponse[];
  results: TestResultRow[];
  /** Top-level fields present that this runner cannot honour (jsonPayloads, targetResources...). */
  unsupportedFields: string[];
  /** 1-based line of each file path the Test names, per field (findings on refused paths point there). */
  pathLines?: PathLines;
}

export type PathField =
  | 'policies'
  | 'resources'
  | 'oldResources'
  | 'exceptions'
  | 'targetResources'
  | 'paramResources'
  | 'jsonPayloads'
  | 'httpPayloads'
  | 'envoyPayloads'
  | 'clusterResources'
  | 'variables'
  | 'userinfo'
  | 'context'
  | 'globalContextEntries';
export type PathLines = Partial<Record<PathField, number[]>>;

/** Test fields that name a list of files (a finding on one says `field[i]`; a single string is allowed too). */
export const LIST_PATH_FIELDS: readonly PathField[] = [
  'policies',
  'resources',
  'oldResources',
  'exceptions',
  'targetResources',
  'paramResources',
  'jsonPayloads',
  'httpPayloads',
  'envoyPayloads',
  'clusterResources',
];

export const RULE_STATUSES: readonly RuleStatus[] = ['pass', 'fail', 'skip', 'warn', 'error'];
