/**
 * The schema stage: every manifest against the schema of its group/version/kind.
 * `kind: List` documents are expanded and each item validated on its own (as kubeconform does).
 */
import { type Finding, finding, locationOf, type Manifest, objectRef, setOwn } from '@neuroscale/core';
import { isRemovedApi } from './checks/deprecated-apis.js';
import { errorsToFindings } from './schemas/errors-to-findings.js';
import type { KindSchema, SchemaLookup, SchemaRegistry } from './schemas/schema-registry.js';

export interface SchemaSummary {
  objects: number;
  valid: number;
  invalid: number;
  skipped: number;
}

export interface SchemaStageOptions {
  /** A CR without any schema is an error instead of a warning. */
  strict?: boolean;
}

export function validateAgainstSchemas(
  manifests: readonly Manifest[],
  registry: SchemaRegistry,
  options: SchemaStageOptions = {},
): { findings: Finding[]; summary: SchemaSummary } {
  const findings: Finding[] = [];
  const summary: SchemaSummary = { objects: 0, valid: 0, invalid: 0, skipped: 0 };
  const celNoted = new Set<string>();
  const run: SchemaRun = { registry, options, findings, summary, celNoted };
  for (const m of manifests) validateDocument(run, m, m.object, '');
  return { findings, summary };
}

/** What the schema stage accumulates over the manifests. */
interface SchemaRun {
  registry: SchemaRegistry;
  options: SchemaStageOptions;
  findings: Finding[];
  summary: SchemaSummary;
  /** Kinds whose CEL rules were already reported as not evaluated (once per kind). */
  celNoted: Set<string>;
}

/** Where one object sits and how its findings name it. */
interface DocumentAt {
  m: Manifest;
  prefix: string;
  apiVersion: string;
  kind: string;
  /** The object whose reference a finding names (objectRef, computed only for a finding). */
  obj: Record<string, unknown>;
  app: string | undefined;
  base: { app?: string };
}

/** One document: a List's items each on their own, else the object against the schema of its kind. */
function validateDocument(run: SchemaRun, m: Manifest, value: unknown, prefix: string): void {
  const { registry, findings, summary } = run;
  const app = m.source.apps.at(-1);
  const base = app ? { app } : {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    summary.objects++;
    summary.invalid++;
    findings.push(
      finding({
        ruleId: 'schema/missing-kind',
        message: `document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object (a mapping with apiVersion and kind)`,
        location: locationOf(m, prefix),
        ...(prefix ? { path: prefix } : {}),
        ...base,
      }),
    );
    return;
  }
  const obj = value as Record<string, unknown>;
  const { apiVersion, kind } = obj;
  if (kind === 'List' && Array.isArray(obj.items) && (apiVersion === 'v1' || apiVersion === undefined)) {
    for (const [i, item] of obj.items.entries()) validateDocument(run, m, item, `${prefix}/items/${i}`);
    return;
  }
  summary.objects++;
  if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
    summary.invalid++;
    const missing = [
      typeof apiVersion !== 'string' || !apiVersion ? 'apiVersion' : '',
      typeof kind !== 'string' || !kind ? 'kind' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    findings.push(
      finding({
        ruleId: 'schema/missing-kind',
        message: `document has no ${missing}; it is not a Kubernetes object (kustomization.yaml, Helm values or other YAML does not belong among manifests)`,
        object: objectRef(obj as never),
        location: locationOf(m, prefix),
        ...(prefix ? { path: prefix } : {}),
        ...base,
      }),
    );
    return;
  }
  if (isRemovedApi(apiVersion, kind, registry.kubeVersion, registry.servedApis())) {
    summary.invalid++; // reported by the deprecated-apis check
    return;
  }
  const at: DocumentAt = { m, prefix, apiVersion, kind, obj, app, base };
  const r = registry.lookup(apiVersion, kind);
  if (r.status === 'found') validateWithSchema(run, at, obj, r.schema);
  else reportUnvalidated(run, at, r);
}

/** No usable schema: an unknown kind or version (invalid), a broken schema or none at all (skipped). */
function reportUnvalidated(
  { options, findings, summary }: SchemaRun,
  { m, prefix, apiVersion, kind, obj, base }: DocumentAt,
  r: Exclude<SchemaLookup, { status: 'found' }>,
): void {
  const ref = () => objectRef(obj as never);
  if (r.status === 'unknown-kind' || r.status === 'unserved-version') {
    summary.invalid++;
    findings.push(
      finding({
        ruleId: r.status === 'unknown-kind' ? 'schema/unknown-kind' : 'schema/unknown-version',
        message: r.message,
        object: ref(),
        location: locationOf(m, `${prefix}/apiVersion`),
        path: `${prefix}/apiVersion`,
        ...base,
      }),
    );
    return;
  }
  if (r.status === 'invalid') {
    summary.skipped++;
    return;
  }
  if (r.status === 'missing') {
    summary.skipped++;
    findings.push(
      finding({
        ruleId: 'schema/missing',
        severity: options.strict ? 'error' : 'warning',
        message: `no schema for ${kind} ${apiVersion}: no CustomResourceDefinition among the manifests, none in the bundled catalog and none in the schema locations; the object was not validated${r.hint ? ` (${r.hint}: a typo?)` : ''}`,
        object: ref(),
        location: locationOf(m, `${prefix}/kind`),
        path: `${prefix}/kind`,
        ...base,
      }),
    );
    return;
  }
}

function validateWithSchema(
  { findings, summary, celNoted }: SchemaRun,
  { m, prefix, apiVersion, kind, app, base }: DocumentAt,
  obj: Record<string, unknown>,
  schema: KindSchema,
): void {
  const input = withoutNullFields(obj);
  if (schema.validate(input)) {
    summary.valid++;
  } else {
    summary.invalid++;
    findings.push(
      ...errorsToFindings(schema.validate.errors ?? [], {
        manifest: m,
        schema,
        prefix,
        value: input,
        ...(app ? { app } : {}),
      }),
    );
  }
  if (schema.celRules) {
    const key = `${apiVersion}\0${kind}`;
    if (!celNoted.has(key)) {
      celNoted.add(key);
      findings.push(
        finding({
          ruleId: 'schema/cel-not-evaluated',
          severity: 'info',
          message: `the schema of ${kind} ${apiVersion} has ${schema.celRules} x-kubernetes-validations (CEL) rule(s); they are not evaluated here, only by the API server`,
          object: objectRef(obj as never),
          location: locationOf(m, `${prefix}/kind`),
          path: `${prefix}/kind`,
          ...base,
        }),
      );
    }
  }
}

/**
 * The object with null-valued fields removed. The API server decodes `field: null` as "not set"
 * (and prunes nulls of non-nullable CRD fields), so a null is never a type error for an optional field.
 * Returns the same object when it has no null field (the common case: no copy).
 */
export function withoutNullFields<T>(value: T): T {
  return hasNullField(value) ? (strip(value) as T) : value;
}

function hasNullField(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (const x of v) if (hasNullField(x)) return true;
    return false;
  }
  // own enumerable keys, as Object.keys gives them, without building that array for every object
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    const x = (v as Record<string, unknown>)[key];
    if (x === null || hasNullField(x)) return true;
  }
  return false;
}

function strip(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(strip);
  const out: Record<string, unknown> = {};
  // own keys only (for…in would also walk an inherited, polluted member)
  for (const key of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[key];
    if (x !== null) setOwn(out, key, strip(x));
  }
  return out;
}
