/**
 * Decoding one `kyverno-test.yaml` document into a TestSpec.
 *
 * Field names are matched case-insensitively (Go's JSON decoding does, and upstream suites rely on
 * it: `isMUtatingPolicy`). Unknown fields are load errors, as with the CLI's strict decoding. The
 * legacy un-versioned schema (top-level `name`, rows with `status` / `resource` / `namespace` /
 * `patchedResource`) is converted the way `kyverno fix test` does instead of being rejected.
 */
import { type Finding, finding, isPlainRecord as isObj, type SourceLocation } from '@neuroscale/core';
import type { RuleStatus, ValuesSpec } from '../engine/index.js';
import { decodeApiCallResponses } from './decode-api-call-responses.js';
import {
  LIST_PATH_FIELDS,
  type PathLines,
  type ResourceSpec,
  RULE_STATUSES,
  type TestResultRow,
  type TestSpec,
} from './test-file-types.js';

const TOP_LEVEL = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'policies',
  'resources',
  'oldResources',
  'variables',
  'values',
  'userinfo',
  'exceptions',
  'targetResources',
  'paramResources',
  'clusterResources',
  'jsonPayload',
  'jsonPayloads',
  'httpPayloads',
  'envoyPayloads',
  'context',
  'apiCallResponses',
  'globalContextEntries',
  'results',
  'checks',
] as const;

const ROW_FIELDS = [
  'policy',
  'rule',
  'kind',
  'resources',
  'resource',
  'resourceSpecs',
  'result',
  'status',
  'namespace',
  'operation',
  'resourceOperation',
  'patchedResources',
  'patchedResource',
  'generatedResource',
  'generatedResources',
  'cloneSourceResource',
  'failOnMissingResources',
  'isValidatingAdmissionPolicy',
  'isMutatingAdmissionPolicy',
  'isValidatingPolicy',
  'isMutatingPolicy',
  'isGeneratingPolicy',
  'isImageValidatingPolicy',
  'isDeletingPolicy',
] as const;

/** Row fields whose presence means the verdict depends on an engine we do not have. */
const ROW_UNSUPPORTED_VALUE: string[] = [];
const ROW_UNSUPPORTED_FLAG: string[] = [];

type Obj = Record<string, unknown>;

export interface DecodeTestInput {
  value: unknown;
  /** File name used in findings. */
  file: string;
  /** 1-based line of the document. */
  line: number;
  locate?: (pointer: string) => { line: number; column: number } | undefined;
}

export interface DecodeTestResult {
  test?: TestSpec;
  findings: Finding[];
}

/** Re-key an object with canonical field names; unknown keys are returned separately. */
function canonicalise(
  obj: Obj,
  known: readonly string[],
): { out: Obj; unknown: string[]; written: Map<string, string> } {
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const out: Obj = {};
  const unknown: string[] = [];
  const written = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const canon = byLower.get(k.toLowerCase());
    if (canon === undefined) unknown.push(k);
    else {
      out[canon] = v;
      written.set(canon, k);
    }
  }
  return { out, unknown, written };
}

function stringList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string');
}

function nonEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.keys(v).length > 0;
  return true;
}

/** The Test's optional inputs, present only when given: extra file lists and the count of `checks`. */
function optionalInputs(doc: Obj): Partial<TestSpec> {
  const out: Partial<TestSpec> = {};
  if (nonEmpty(doc.oldResources)) out.oldResources = stringList(doc.oldResources);
  if (nonEmpty(doc.targetResources)) out.targetResources = stringList(doc.targetResources);
  if (nonEmpty(doc.paramResources)) out.paramResources = stringList(doc.paramResources);
  if (nonEmpty(doc.clusterResources)) out.clusterResources = stringList(doc.clusterResources);
  // `jsonPayload` (deprecated single file) and `jsonPayloads` (kyverno test.go: JSONPayloads)
  const payloads = [
    ...(typeof doc.jsonPayload === 'string' && doc.jsonPayload ? [doc.jsonPayload] : []),
    ...stringList(doc.jsonPayloads),
  ];
  if (payloads.length) out.jsonPayloads = payloads;
  if (nonEmpty(doc.httpPayloads)) out.httpPayloads = stringList(doc.httpPayloads);
  if (nonEmpty(doc.envoyPayloads)) out.envoyPayloads = stringList(doc.envoyPayloads);
  // `checks` (kyverno-json assertions on the responses) are not evaluated; the result rows still are
  if (Array.isArray(doc.checks) && doc.checks.length > 0) out.uncheckedChecks = doc.checks.length;
  return out;
}

/** `apiCallResponses`, validated as the CLI does before running (an invalid entry fails the Test). */
function apiCallMocks(
  value: unknown,
  fail: (message: string, pointer?: string) => void,
): Pick<TestSpec, 'apiCallResponses'> {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return {};
  const decoded = decodeApiCallResponses(value);
  if ('responses' in decoded) return { apiCallResponses: decoded.responses };
  fail(
    decoded.error,
    decoded.index === undefined ? '/apiCallResponses' : `/apiCallResponses/${decoded.index}`,
  );
  return {};
}

export function decodeTestDocument(input: DecodeTestInput): DecodeTestResult {
  const { file } = input;
  const findings: Finding[] = [];
  const loc = (pointer: string): SourceLocation => {
    const p = input.locate?.(pointer);
    return { file, line: p?.line ?? input.line, column: p?.column ?? 1 };
  };
  const fail = (message: string, pointer = '') => {
    findings.push(finding({ ruleId: 'kyverno-test/invalid-test', message, location: loc(pointer) }));
  };
  if (!isObj(input.value)) {
    fail('test document is not a mapping');
    return { findings };
  }
  const { out: doc, unknown, written } = canonicalise(input.value, TOP_LEVEL);
  for (const k of unknown.sort())
    fail(`unknown field "${k}" in test (kyverno test decodes strictly)`, `/${k}`);

  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  const kind = typeof doc.kind === 'string' ? doc.kind : '';
  const legacyName = typeof doc.name === 'string' ? doc.name : '';
  const legacy = !apiVersion || !kind || legacyName !== '';
  const metaName = isObj(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : '';

  const results: TestResultRow[] = [];
  const rawResults = doc.results ?? [];
  if (!Array.isArray(rawResults)) fail('"results" must be a list', '/results');
  else {
    rawResults.forEach((raw, index) => {
      const row = decodeRow(raw, index, loc, fail);
      if (row) results.push(row);
    });
  }

  const test: TestSpec = {
    name: metaName || legacyName,
    legacy,
    policies: stringList(doc.policies),
    resources: stringList(doc.resources),
    exceptions: stringList(doc.exceptions),
    ...optionalInputs(doc),
    ...(Array.isArray(doc.globalContextEntries)
      ? { globalContextEntries: doc.globalContextEntries.filter(isObj) }
      : {}),
    ...apiCallMocks(doc.apiCallResponses, fail),
    results,
    unsupportedFields: [],
  };
  // the line of every file path, for findings on paths that leave the repository
  const pointer = (field: string) =>
    `/${(written.get(field) ?? field).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const lineAt = (ptr: string) => loc(ptr).line ?? input.line;
  const pathLines: PathLines = {};
  for (const field of LIST_PATH_FIELDS) {
    const v = doc[field];
    if (typeof v === 'string') pathLines[field] = [lineAt(pointer(field))];
    else if (Array.isArray(v))
      pathLines[field] = v.flatMap((x, i) =>
        typeof x === 'string' ? [lineAt(`${pointer(field)}/${i}`)] : [],
      );
  }
  for (const field of ['variables', 'userinfo', 'context'] as const)
    if (typeof doc[field] === 'string') pathLines[field] = [lineAt(pointer(field))];
  test.pathLines = pathLines;
  if (typeof doc.variables === 'string' && doc.variables) test.variables = doc.variables;
  if (isObj(doc.values)) test.values = doc.values as ValuesSpec;
  if (typeof doc.userinfo === 'string' && doc.userinfo) test.userinfo = doc.userinfo;
  if (typeof doc.context === 'string' && doc.context) test.context = doc.context;
  else if (nonEmpty(doc.context)) test.unsupportedFields.push('context');
  if (findings.length) return { findings };
  return { test, findings };
}

/** The row's expected verdict (`result`, or the legacy `status`), or undefined after a finding. */
function rowStatus(
  r: Obj,
  index: number,
  fail: (message: string, pointer?: string) => void,
): RuleStatus | undefined {
  const ptr = `/results/${index}`;
  if (r.result !== undefined && r.status !== undefined && r.result !== r.status) {
    fail(`results[${index}] sets both "result" and the legacy "status"`, ptr);
    return undefined;
  }
  const status = String(r.result ?? r.status ?? '').toLowerCase() as RuleStatus;
  if (!RULE_STATUSES.includes(status)) {
    fail(
      `results[${index}].result must be one of ${RULE_STATUSES.join(', ')} (got "${String(r.result ?? r.status ?? '')}")`,
      ptr,
    );
    return undefined;
  }
  return status;
}

/** The files the row's patched, generated and clone-source objects are compared with. */
function setExpectedResourceFiles(r: Obj, row: TestResultRow): void {
  // legacy `patchedResource` is folded into `patchedResources` (kyverno fix test)
  const patched = r.patchedResources ?? r.patchedResource;
  if (typeof patched === 'string' && patched) row.patchedResources = patched;
  // `generatedResources` wins over `generatedResource` when both are given (commands/test/command.go checkResult)
  const listed = stringList(r.generatedResources);
  const generated =
    listed.length > 0
      ? listed
      : typeof r.generatedResource === 'string' && r.generatedResource
        ? [r.generatedResource]
        : [];
  if (generated.length) row.generatedResources = generated;
  if (typeof r.cloneSourceResource === 'string' && r.cloneSourceResource)
    row.cloneSourceResource = r.cloneSourceResource;
}

function decodeRow(
  raw: unknown,
  index: number,
  loc: (pointer: string) => SourceLocation,
  fail: (message: string, pointer?: string) => void,
): TestResultRow | undefined {
  const ptr = `/results/${index}`;
  if (!isObj(raw)) {
    fail(`results[${index}] is not a mapping`, ptr);
    return undefined;
  }
  const { out: r, unknown } = canonicalise(raw, ROW_FIELDS);
  for (const k of unknown.sort()) fail(`unknown field "${k}" in results[${index}]`, `${ptr}/${k}`);
  const status = rowStatus(r, index, fail);
  if (status === undefined) return undefined;
  let policy = typeof r.policy === 'string' ? r.policy : '';
  // legacy `namespace:` is the namespace of a namespaced Policy (display only)
  if (typeof r.namespace === 'string' && r.namespace && !policy.includes('/'))
    policy = `${r.namespace}/${policy}`;
  const resources = stringList(r.resources);
  if (typeof r.resource === 'string' && r.resource) resources.push(r.resource);
  const resourceSpecs: ResourceSpec[] = Array.isArray(r.resourceSpecs)
    ? r.resourceSpecs.filter(isObj).map((s) => {
        const spec: ResourceSpec = {};
        for (const k of ['group', 'version', 'kind', 'namespace', 'name', 'subresource'] as const) {
          if (typeof s[k] === 'string') spec[k] = s[k] as string;
        }
        return spec;
      })
    : [];
  const unsupportedFields = [
    ...ROW_UNSUPPORTED_VALUE.filter((k) => nonEmpty(r[k])),
    ...ROW_UNSUPPORTED_FLAG.filter((k) => r[k] === true),
  ];
  const row: TestResultRow = {
    index,
    line: loc(ptr).line ?? 0,
    policy,
    rule: typeof r.rule === 'string' ? r.rule : '',
    resources,
    resourceSpecs,
    result: status,
    unsupportedFields,
  };
  if (typeof r.kind === 'string') row.kind = r.kind;
  setExpectedResourceFiles(r, row);
  if (
    r.isValidatingPolicy === true ||
    r.isMutatingPolicy === true ||
    r.isGeneratingPolicy === true ||
    r.isValidatingAdmissionPolicy === true ||
    r.isMutatingAdmissionPolicy === true ||
    r.isDeletingPolicy === true ||
    r.isImageValidatingPolicy === true
  )
    row.isCelPolicy = true;
  // `resourceOperation` is the newer spelling of the row's admission operation
  const operation = r.resourceOperation ?? r.operation;
  if (typeof operation === 'string' && operation) row.operation = operation.toUpperCase();
  // kyverno v1.19.1 commands/test/test.go: a deleting policy is evaluated in the default run only
  if (row.operation !== undefined && r.isDeletingPolicy === true) {
    fail(
      `invalid test result for policy ${policy}: operation is not supported for deleting policies`,
      `${ptr}/${r.resourceOperation !== undefined ? 'resourceOperation' : 'operation'}`,
    );
    return undefined;
  }
  return row;
}
