/**
 * The comparable part of a `--format json` report: exit code, rendered object count, which stages
 * ran, and every finding reduced to rule, severity, object and file:line (messages are prose and
 * may be reworded; the place and the rule may not). Sorted with plain `<`, so the same run gives
 * the same bytes.
 */

export interface ExpectedObject {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

export interface ExpectedFinding {
  ruleId: string;
  severity: string;
  object?: ExpectedObject;
  location?: { file: string; line?: number };
}

export interface ExpectedResult {
  exitCode: number;
  /** Objects the render stage produced (a render that silently yields nothing must not pass). */
  objects: number;
  /** Stage name → "ran" or "skipped" (a "no findings" from a skipped stage proves nothing). */
  stages: Record<string, 'ran' | 'skipped'>;
  findings: ExpectedFinding[];
  /** Cost cases: requested CPU and memory at max replicas, base and head. */
  cost?: { base: { cpu: string; memory: string }; head: { cpu: string; memory: string } };
}

interface RawFinding {
  ruleId: string;
  severity: string;
  object?: Record<string, unknown>;
  location?: { file?: string; line?: number };
}

interface RawReport {
  summary?: { objects?: number };
  stages?: { name: string; skipped?: string }[];
  findings?: RawFinding[];
  cost?: {
    base?: { requests?: { max?: { cpu?: string; memory?: string } } };
    head?: { requests?: { max?: { cpu?: string; memory?: string } } };
  };
}

const OBJECT_KEYS = ['apiVersion', 'kind', 'namespace', 'name'] as const;

function normaliseFinding(f: RawFinding): ExpectedFinding {
  const out: ExpectedFinding = { ruleId: f.ruleId, severity: f.severity };
  const object: ExpectedObject = {};
  for (const k of OBJECT_KEYS) {
    const v = f.object?.[k];
    if (typeof v === 'string' && v !== '') object[k] = v;
  }
  if (Object.keys(object).length > 0) out.object = object;
  if (f.location?.file) {
    out.location = { file: f.location.file };
    if (typeof f.location.line === 'number') out.location.line = f.location.line;
  }
  return out;
}

function sortKey(f: ExpectedFinding): string[] {
  const line = String(f.location?.line ?? 0).padStart(8, '0');
  return [
    f.location?.file ?? '',
    line,
    f.ruleId,
    f.object?.kind ?? '',
    f.object?.namespace ?? '',
    f.object?.name ?? '',
    f.severity,
  ];
}

function compareFindings(a: ExpectedFinding, b: ExpectedFinding): number {
  const x = sortKey(a);
  const y = sortKey(b);
  for (let i = 0; i < x.length; i++) {
    if (x[i]! < y[i]!) return -1;
    if (x[i]! > y[i]!) return 1;
  }
  return 0;
}

function requests(side: { requests?: { max?: { cpu?: string; memory?: string } } } | undefined) {
  return { cpu: side?.requests?.max?.cpu ?? '?', memory: side?.requests?.max?.memory ?? '?' };
}

export function normaliseReport(report: RawReport, exitCode: number): ExpectedResult {
  const stages: Record<string, 'ran' | 'skipped'> = {};
  for (const s of report.stages ?? []) stages[s.name] = s.skipped ? 'skipped' : 'ran';
  const out: ExpectedResult = {
    exitCode,
    objects: report.summary?.objects ?? 0,
    stages,
    findings: (report.findings ?? []).map(normaliseFinding).sort(compareFindings),
  };
  if (report.cost) out.cost = { base: requests(report.cost.base), head: requests(report.cost.head) };
  return out;
}
