/**
 * Loading everything a Test names — values, user info, policies, exceptions, resources — the way
 * `kyverno test` does (paths relative to the test file, namespaced kinds defaulted to `default`,
 * duplicate resources: first wins).
 */
import path from 'node:path';
import { apiGroup, type Finding, finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import type { AuthzMode } from '../cel/authz/authz-policy.js';
import type { CelContextData } from '../cel/libraries/kyverno-context.js';
import type { CompiledException, UserInfo, ValuesSpec } from '../engine/index.js';
import { CLUSTER_SCOPED_KINDS } from '../engine/match/cluster-scoped-kinds.js';
import { checkExceptionReferences } from '../policies/check-exception-references.js';
import {
  compileExceptionDocuments,
  compilePolicyDocuments,
  type LoadPoliciesResult,
} from '../policies/load-policies.js';
import { displayPath, type ReadYamlInputsOptions, readYamlInputs } from '../policies/read-yaml-inputs.js';
import { readClusterResources } from './read-cluster-resources.js';
import {
  type GlobalContextEntryData,
  resolveGlobalContextEntries,
  resourceFilesToRead,
} from './resolve-global-context-entries.js';
import { LIST_PATH_FIELDS, type PathField, type TestSpec } from './test-file-types.js';

export interface SuiteResource {
  object: K8sObject;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  file: string;
  line: number;
  /** A `jsonPayloads` document: only ValidatingPolicies evaluate it, named by its path as the Test writes it. */
  jsonPayload?: boolean;
  /** An `httpPayloads` / `envoyPayloads` request: only ValidatingPolicies of that evaluation mode evaluate it. */
  authzPayload?: AuthzMode;
}

export interface LoadedSuite {
  test: TestSpec;
  values?: ValuesSpec;
  userInfo?: UserInfo;
  policies: LoadPoliciesResult;
  exceptions: CompiledException[];
  resources: SuiteResource[];
  /** The Test's `oldResources` (the `oldObject` of UPDATE evaluations of the same-named resource). */
  oldResources?: SuiteResource[];
  /** The Test's `clusterResources` objects (the CLI's fake cluster: resource.Get/List, namespaces). */
  clusterResources?: K8sObject[];
  /** The objects `apiCall` urlPaths read: resources, targets, params, cluster objects and CRDs. */
  clusterApiObjects?: K8sObject[];
  /** The Test's `paramResources` (ValidatingAdmissionPolicy params). */
  paramResources?: K8sObject[];
  /** `targetResources`: existing objects that mutate-existing rules and policies patch. */
  targets?: K8sObject[];
  /** The Test's context file, for CEL resource.* / image.GetMetadata. */
  celContext?: CelContextData;
  /** The Test's `globalContextEntries`, resolved (globalReference context entries). */
  globalContextEntries?: GlobalContextEntryData[];
  findings: Finding[];
}

export interface LoadSuiteOptions {
  root: string;
  /** Files outside this folder (real paths) are refused with `kyverno-test/path-escape`. */
  confineTo?: string;
  /** The test file as shown in findings (refused paths are reported on its lines). */
  testFile?: string;
}

const LIST_FIELDS = new Set<PathField>(LIST_PATH_FIELDS);

export async function loadSuite(
  test: TestSpec,
  testFile: string,
  options: LoadSuiteOptions,
): Promise<LoadedSuite> {
  const dir = path.dirname(testFile);
  const { root } = options;
  const findings: Finding[] = [];
  const shownTest = options.testFile ?? displayPath(testFile, root);
  /** readYamlInputs options for the paths of one field: confined, refusals on the Test's lines. */
  const inputs = (field: PathField): ReadYamlInputsOptions => ({
    root,
    ...(options.confineTo !== undefined ? { confineTo: options.confineTo } : {}),
    describePath: (i) => {
      const lines = test.pathLines?.[field];
      const many = LIST_FIELDS.has(field);
      return {
        label: many ? `${field}[${i}]` : field,
        location: { file: shownTest, line: lines?.[i] ?? 1, column: 1 },
      };
    },
  });

  // values: inline `values:` wins over the `variables:` file
  const values = test.values ?? (await readValuesFile(test, dir, inputs, findings));

  const userInfo = test.userinfo ? await readUserInfo(test.userinfo, dir, inputs, findings) : undefined;

  const { clusterResources, crds, celContext } = await readFakeCluster(test, dir, inputs, findings);

  const { policies, exceptions } = await readPoliciesAndExceptions(test, dir, inputs, findings);

  const resources = await readResourcesAndPayloads(test, dir, inputs, findings);
  const oldResources = test.oldResources
    ? await readResources(test.oldResources, dir, inputs('oldResources'), findings)
    : undefined;
  if (test.uncheckedChecks) findings.push(checksNotEvaluated(test.uncheckedChecks, shownTest));
  const paramResources = test.paramResources
    ? (await readResources(test.paramResources, dir, inputs('paramResources'), findings)).map((r) => r.object)
    : undefined;
  const targets = await readTargets(test, dir, inputs('targetResources'), findings);
  const globalContext = test.globalContextEntries
    ? await readGlobalContext(test.globalContextEntries, dir, inputs('globalContextEntries'), shownTest)
    : undefined;
  if (globalContext) findings.push(...globalContext.findings);
  const mockedContext = withOfflineMocks(celContext, test, globalContext?.entries);
  // kyverno test answers apiCall urlPaths from its fake cluster only when the Test has clusterResources
  // (commands/test/test.go: `AllowApiCall(len(ClusterResources) > 0)`, `cl.DClient(allObjects)`)
  const clusterApiObjects = test.clusterResources?.length
    ? [
        ...resources.filter((r) => !r.jsonPayload).map((r) => r.object),
        ...(targets ?? []),
        ...(paramResources ?? []),
        ...(clusterResources ?? []),
        ...(crds ?? []),
      ]
    : undefined;
  return {
    test,
    values,
    userInfo,
    policies,
    exceptions,
    resources,
    ...(oldResources ? { oldResources } : {}),
    ...(paramResources ? { paramResources } : {}),
    ...(clusterResources?.length ? { clusterResources } : {}),
    ...(targets ? { targets } : {}),
    ...(clusterApiObjects ? { clusterApiObjects } : {}),
    celContext: mockedContext,
    ...(globalContext ? { globalContextEntries: globalContext.entries } : {}),
    findings,
  };
}

/** The options readYamlInputs gets for the paths of one field of the Test. */
type InputsFor = (field: PathField) => ReadYamlInputsOptions;

/** The Test's policies, and the exceptions in them and in its `exceptions` files, checked against them. */
async function readPoliciesAndExceptions(
  test: TestSpec,
  dir: string,
  inputs: InputsFor,
  findings: Finding[],
): Promise<{ policies: LoadPoliciesResult; exceptions: CompiledException[] }> {
  const policyDocs = await readYamlInputs(test.policies, dir, inputs('policies'));
  findings.push(...policyDocs.findings);
  const policies = compilePolicyDocuments(policyDocs.documents);
  // `kyverno test` runs on without an invalid policy (its rows become "Invalid Policy" skips)
  findings.push(
    ...policies.findings.map((f) => (f.severity === 'error' ? { ...f, severity: 'warning' as const } : f)),
  );
  const exceptions: CompiledException[] = [
    ...policies.exceptions,
    ...(test.exceptions.length ? await readExceptions(test.exceptions, dir, inputs, findings) : []),
  ];
  findings.push(...checkExceptionReferences(exceptions, policies));
  return { policies, exceptions };
}

/**
 * The Test's resources, then its JSON, HTTP and Envoy payloads (kyverno v1.19.1 commands/test/test.go:
 * each payload file one request).
 */
async function readResourcesAndPayloads(
  test: TestSpec,
  dir: string,
  inputs: InputsFor,
  findings: Finding[],
): Promise<Awaited<ReturnType<typeof readResources>>> {
  const resources = await readResources(test.resources, dir, inputs('resources'), findings);
  for (const field of ['jsonPayloads', 'httpPayloads', 'envoyPayloads'] as const) {
    const paths = test[field];
    if (paths) resources.push(...(await readPayloads(paths, field, dir, inputs, findings)));
  }
  return resources;
}

/**
 * The Test's `globalContextEntries`, resolved: each entry's `resourceFiles` are read relative to the test
 * (every non-empty YAML document is one object, kyverno v1.19.1 store/gctx_load.go: loadResourceFile);
 * an entry whose file cannot be read is reported and not used.
 */
async function readGlobalContext(
  entries: ReadonlyArray<Record<string, unknown>>,
  dir: string,
  options: ReadYamlInputsOptions,
  shownTest: string,
): Promise<{ entries: GlobalContextEntryData[]; findings: Finding[] }> {
  const findings: Finding[] = [];
  const fileResources = new Map<number, unknown[]>();
  for (const [i, files] of resourceFilesToRead(entries)) {
    const read = await readYamlInputs(files, dir, options);
    findings.push(...read.findings);
    if (read.findings.some((f) => f.severity === 'error')) continue;
    fileResources.set(
      i,
      read.documents.flatMap((d) => (isObj(d.value) && Object.keys(d.value).length ? [d.value] : [])),
    );
  }
  const resolved = resolveGlobalContextEntries(entries, { file: shownTest, line: 1, fileResources });
  return { entries: resolved.entries, findings: [...findings, ...resolved.findings] };
}

/**
 * The CEL context with the Test's offline mocks added: `apiCallResponses` answer `http.Get/Post` and
 * the resolved `globalContextEntries` answer `globalContext.Get` (kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/processor/utils.go: NewContextProvider adds both to the fake provider).
 * The fake provider is there for every Test, entries or none, and answers an entry it does not hold
 * with null (pkg/cel/libs/fake_context.go: GetGlobalReference returns `nil, nil`), so a Test without
 * `globalContextEntries` still gets an (empty) set of entries.
 */
function withOfflineMocks(
  celContext: CelContextData | undefined,
  test: TestSpec,
  globalContext: readonly GlobalContextEntryData[] | undefined,
): CelContextData {
  const out: CelContextData = { ...celContext };
  if (test.apiCallResponses) out.httpMocks = test.apiCallResponses;
  out.globalContext = new Map((globalContext ?? []).map((e) => [e.name, e.data]));
  return out;
}

/** The `userinfo:` file (the admission request's user and roles). */
async function readUserInfo(
  file: string,
  dir: string,
  inputs: InputsFor,
  findings: Finding[],
): Promise<UserInfo | undefined> {
  const read = await readYamlInputs([file], dir, inputs('userinfo'));
  findings.push(...read.findings);
  const doc = read.documents[0];
  return doc && isObj(doc.value) ? decodeUserInfo(doc.value) : undefined;
}

/** The `exceptions:` files, compiled (PolicyExceptions of every kind). */
async function readExceptions(
  files: string[],
  dir: string,
  inputs: InputsFor,
  findings: Finding[],
): Promise<CompiledException[]> {
  const read = await readYamlInputs(files, dir, inputs('exceptions'));
  findings.push(...read.findings);
  const compiled = compileExceptionDocuments(read.documents);
  findings.push(...compiled.findings);
  return compiled.exceptions;
}

/** The `variables:` file, without its apiVersion/kind/metadata (a finding when it holds no mapping). */
async function readValuesFile(
  test: TestSpec,
  dir: string,
  inputs: InputsFor,
  findings: Finding[],
): Promise<ValuesSpec | undefined> {
  if (!test.variables) return undefined;
  let values: ValuesSpec | undefined;
  const options = inputs('variables');
  const read = await readYamlInputs([test.variables], dir, options);
  findings.push(...read.findings);
  const doc = read.documents[0];
  if (doc && isObj(doc.value)) {
    const body = { ...doc.value };
    delete body.apiVersion;
    delete body.kind;
    delete body.metadata;
    values = body as ValuesSpec;
  } else if (!read.findings.length) {
    findings.push(
      finding({
        ruleId: 'kyverno-test/invalid-values',
        message: `values file ${test.variables} holds no mapping`,
        location: { file: displayPath(path.resolve(dir, test.variables), options.root) },
      }),
    );
  }
  return values;
}

/** The `context:` file's resources and images for CEL policies (a finding when it has no spec). */
async function readCelContext(
  contextFile: string,
  dir: string,
  inputs: InputsFor,
  findings: Finding[],
): Promise<CelContextData | undefined> {
  let celContext: CelContextData | undefined;
  const options = inputs('context');
  const read = await readYamlInputs([contextFile], dir, options);
  findings.push(...read.findings);
  const doc = read.documents[0];
  const spec = doc && isObj(doc.value) && isObj(doc.value.spec) ? doc.value.spec : undefined;
  if (spec) {
    celContext = {
      resources: Array.isArray(spec.resources) ? spec.resources.filter(isObj) : [],
      images: Array.isArray(spec.images) ? spec.images.filter(isObj) : [],
    };
  } else if (!read.findings.length) {
    findings.push(
      finding({
        ruleId: 'kyverno-test/invalid-context',
        message: `context file ${contextFile} has no spec`,
        location: { file: displayPath(path.resolve(dir, contextFile), options.root) },
      }),
    );
  }
  return celContext;
}

/** `targetResources`: the existing objects mutate-existing rules patch (none when the Test names none). */
async function readTargets(
  test: TestSpec,
  dir: string,
  options: ReadYamlInputsOptions,
  findings: Finding[],
): Promise<K8sObject[] | undefined> {
  if (!test.targetResources?.length) return undefined;
  return (await readResources(test.targetResources, dir, options, findings)).map((r) => r.object);
}

/** The resources under test, duplicates dropped (first wins) as `kyverno test` does. */
async function readResources(
  paths: string[],
  dir: string,
  options: ReadYamlInputsOptions,
  findings: Finding[],
): Promise<SuiteResource[]> {
  const resourceDocs = await readYamlInputs(paths, dir, options);
  findings.push(...resourceDocs.findings);
  const resources: SuiteResource[] = [];
  const seen = new Set<string>();
  for (const doc of resourceDocs.documents) {
    if (!isObj(doc.value)) continue;
    const object = normaliseResource(doc.value as K8sObject);
    const r = describe(object, doc.file, doc.line);
    const key = `${apiGroup(r.apiVersion)}/${r.kind}/${r.namespace}/${r.name}`;
    if (seen.has(key)) continue; // kyverno test: duplicates dropped, first wins
    seen.add(key);
    resources.push(r);
  }
  return resources;
}

/**
 * The fake cluster the CLI builds: the Test's `clusterResources` objects, and the CEL context (the context
 * file's, with those objects added to what `resource.Get/List` serve).
 */
async function readFakeCluster(
  test: TestSpec,
  dir: string,
  inputs: InputsFor,
  findings: Finding[],
): Promise<{ clusterResources?: K8sObject[]; crds?: K8sObject[]; celContext?: CelContextData }> {
  const cluster = test.clusterResources
    ? await readClusterResources(test.clusterResources, dir, inputs('clusterResources'), findings)
    : undefined;
  const clusterResources = cluster?.objects;
  const contextFile = test.context ? await readCelContext(test.context, dir, inputs, findings) : undefined;
  const crds = cluster?.crds.length ? { crds: cluster.crds } : {};
  if (!clusterResources?.length) return contextFile ? { ...crds, celContext: contextFile } : crds;
  const celContext: CelContextData = contextFile
    ? { ...contextFile, resources: [...(contextFile.resources ?? []), ...clusterResources] }
    : { resources: clusterResources, images: [] };
  return { clusterResources, ...crds, celContext };
}

/** `checks:` entries are kyverno-json assertions this runner does not evaluate: said once per Test. */
function checksNotEvaluated(count: number, testFile: string): Finding {
  return finding({
    ruleId: 'kyverno-test/checks-not-evaluated',
    severity: 'warning',
    message: `${count} \`checks\` entr${count === 1 ? 'y is' : 'ies are'} not evaluated (kyverno-json assertions on responses); the result rows are`,
    location: { file: testFile, line: 1, column: 1 },
  });
}

/**
 * The Test's JSON, HTTP or Envoy payloads, each file one document taken as it is (no Kubernetes
 * normalisation), named by its path as written so rows can list it (kyverno
 * test-validating-policy/json-multiple-payloads).
 */
async function readPayloads(
  paths: string[],
  field: 'jsonPayloads' | 'httpPayloads' | 'envoyPayloads',
  dir: string,
  inputs: (field: PathField) => ReadYamlInputsOptions,
  findings: Finding[],
): Promise<SuiteResource[]> {
  const out: SuiteResource[] = [];
  const marker: Pick<SuiteResource, 'jsonPayload' | 'authzPayload'> =
    field === 'jsonPayloads'
      ? { jsonPayload: true }
      : { authzPayload: field === 'httpPayloads' ? 'HTTP' : 'Envoy' };
  for (const [i, p] of paths.entries()) {
    const base = inputs(field);
    const describePath = base.describePath;
    const read = await readYamlInputs(
      [p],
      dir,
      describePath ? { ...base, describePath: () => describePath(i) } : base,
    );
    findings.push(...read.findings);
    for (const doc of read.documents) {
      if (!isObj(doc.value)) {
        // kyverno test refuses a payload that is not an object (commands/test/test.go, protojson)
        findings.push(
          finding({
            ruleId: 'kyverno-test/invalid-payload',
            message: `${field}[${i}] ${p}: the payload must be a JSON object`,
            location: { file: doc.file, line: doc.line, column: doc.column },
          }),
        );
        continue;
      }
      const object = doc.value as K8sObject;
      out.push({ ...describe(object, doc.file, doc.line), name: p, namespace: '', ...marker });
    }
  }
  return out;
}

function decodeUserInfo(v: Record<string, unknown>): UserInfo {
  const out: UserInfo = {};
  const strings = (x: unknown) =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : undefined;
  const roles = strings(v.roles);
  const clusterRoles = strings(v.clusterRoles);
  if (roles) out.roles = roles;
  if (clusterRoles) out.clusterRoles = clusterRoles;
  const ui = isObj(v.userInfo) ? v.userInfo : {};
  if (typeof ui.username === 'string') out.username = ui.username;
  if (typeof ui.uid === 'string') out.uid = ui.uid;
  const groups = strings(ui.groups);
  if (groups) out.groups = groups;
  return out;
}

/** Namespaced kinds without a namespace get `default`; nil metadata maps become `{}`. */
function normaliseResource(obj: K8sObject): K8sObject {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const metadata = isObj(obj.metadata) ? { ...obj.metadata } : {};
  if (
    !CLUSTER_SCOPED_KINDS.has(kind) &&
    (typeof metadata.namespace !== 'string' || metadata.namespace === '')
  ) {
    metadata.namespace = 'default';
  }
  return { ...obj, metadata };
}

function describe(object: K8sObject, file: string, line: number): SuiteResource {
  const md = object.metadata ?? {};
  return {
    object,
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
    kind: typeof object.kind === 'string' ? object.kind : '',
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
    name:
      typeof md.name === 'string' && md.name
        ? md.name
        : typeof md.generateName === 'string'
          ? md.generateName
          : '',
    file,
    line,
  };
}
