/**
 * The one Finding shape every stage returns (render, schema, policy, cost).
 * Modelled on a SARIF result: a rule id, a level, a message, the object it is about
 * and the place in the source where a reviewer should look.
 */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The Kubernetes object a finding is about (any field may be absent for file-level findings). */
export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

/** A place in a source file; line and column are 1-based. */
export interface SourceLocation {
  /** Path relative to the repository root, with `/` separators. */
  file: string;
  line?: number;
  column?: number;
  /** Optional end of the region (SARIF `endLine`/`endColumn`). */
  endLine?: number;
  endColumn?: number;
}

export interface Finding {
  /** `<stage>/<rule>` e.g. `yaml/syntax`, `schema/unknown-field`, `policy/<policy>/<rule>`, `cost/threshold`. */
  ruleId: string;
  severity: Severity;
  message: string;
  object?: ObjectRef;
  location?: SourceLocation;
  /** The Application chain that produced the object, root first. */
  app?: string;
  /** JSON pointer inside the object the finding points at, when it is about one field. */
  path?: string;
  /** Extra machine-readable details (stable keys only; values must be JSON). */
  details?: Record<string, unknown>;
}

export interface FindingInit extends Omit<Finding, 'severity'> {
  severity?: Severity;
}

export function finding(init: FindingInit): Finding {
  const f: Finding = { ruleId: init.ruleId, severity: init.severity ?? 'error', message: init.message };
  if (init.object) f.object = compactRef(init.object);
  if (init.location) f.location = init.location;
  if (init.app) f.app = init.app;
  if (init.path) f.path = init.path;
  if (init.details) f.details = init.details;
  return f;
}

function compactRef(ref: ObjectRef): ObjectRef {
  const out: ObjectRef = {};
  if (ref.apiVersion) out.apiVersion = ref.apiVersion;
  if (ref.kind) out.kind = ref.kind;
  if (ref.namespace) out.namespace = ref.namespace;
  if (ref.name) out.name = ref.name;
  return out;
}

const cmpStr = (a: string | undefined, b: string | undefined): number => {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};
const cmpNum = (a: number | undefined, b: number | undefined): number => (a ?? 0) - (b ?? 0);

/**
 * Total, locale-independent order: file, line, column, rule, object, message.
 * Sorting with it makes every report byte-identical whatever order files were read in.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmpStr(a.location?.file, b.location?.file) ||
    cmpNum(a.location?.line, b.location?.line) ||
    cmpNum(a.location?.column, b.location?.column) ||
    cmpStr(a.ruleId, b.ruleId) ||
    cmpStr(a.object?.kind, b.object?.kind) ||
    cmpStr(a.object?.namespace, b.object?.namespace) ||
    cmpStr(a.object?.name, b.object?.name) ||
    cmpStr(a.path, b.path) ||
    cmpStr(a.message, b.message) ||
    cmpStr(a.app, b.app)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** True when any finding is at or above the threshold. */
export function hasFindingsAtOrAbove(findings: readonly Finding[], threshold: Severity): boolean {
  const min = SEVERITY_RANK[threshold];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= min);
}
