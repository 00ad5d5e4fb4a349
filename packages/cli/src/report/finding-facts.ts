/**
 * Small facts every writer derives from a finding the same way: how its object and position read,
 * and where to point when the finding itself carries no location. Which stage produced it is not
 * derived: runStage stamps it (StagedFinding.stage).
 */
import type { Finding, ObjectRef, Severity, SourceLocation } from '@neuroscale/core';
import { compareFindings, SEVERITY_RANK } from '@neuroscale/core';
import type { CheckedObject, Report, StagedFinding, StageName, StageSummary } from './report-model.js';

/** Pipeline order; every writer lists stages in this order whatever order the report holds them in. */
export const STAGE_ORDER: readonly StageName[] = ['load', 'render', 'validate', 'policy', 'cost', 'diff'];

/** Stages in pipeline order (unknown names last, by name). */
export function orderedStages(stages: readonly StageSummary[]): StageSummary[] {
  const rank = (s: StageSummary): number => {
    const i = STAGE_ORDER.indexOf(s.name);
    return i < 0 ? STAGE_ORDER.length : i;
  };
  return [...stages].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `Kind ns/name`, `Kind name` for cluster-scoped objects; empty when the ref names nothing. */
export function formatObject(ref: ObjectRef | CheckedObject | undefined): string {
  if (!ref) return '';
  const id = ref.namespace && ref.name ? `${ref.namespace}/${ref.name}` : (ref.name ?? '');
  return [ref.kind ?? '', id].filter((s) => s !== '').join(' ');
}

/** `path/to/file.yaml:12:5` (line and column only when known), the form terminals make clickable. */
export function formatPosition(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  if (loc.line === undefined || loc.line < 1) return loc.file;
  if (loc.column === undefined || loc.column < 1) return `${loc.file}:${loc.line}`;
  return `${loc.file}:${loc.line}:${loc.column}`;
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/** Most severe first, then the total order of core's compareFindings. */
export function compareBySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareFindings(a, b);
}

const objectKey = (ref: ObjectRef | CheckedObject): string =>
  `${ref.kind ?? ''}\u0000${ref.namespace ?? ''}\u0000${ref.name ?? ''}`;

const sortKeyOfObject = (o: CheckedObject): string =>
  `${o.file}\u0000${String(o.line).padStart(9, '0')}\u0000${objectKey(o)}\u0000${o.app ?? ''}`;

/** Checked objects in a fixed order: file, line, kind, namespace, name, app. */
export function sortObjects(objects: readonly CheckedObject[]): CheckedObject[] {
  return objects
    .map((o) => ({ o, key: sortKeyOfObject(o) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.o);
}

/** Finds the checked object a finding is about: same kind/namespace/name, preferring the same file and app. */
export interface ObjectIndex {
  objectOf(f: Finding): CheckedObject | undefined;
}

export function indexObjects(objects: readonly CheckedObject[]): ObjectIndex {
  const byKey = new Map<string, CheckedObject[]>();
  for (const o of sortObjects(objects)) {
    const key = objectKey(o);
    const list = byKey.get(key);
    if (list) list.push(o);
    else byKey.set(key, [o]);
  }
  return {
    objectOf(f) {
      if (!f.object || (!f.object.kind && !f.object.name)) return undefined;
      const candidates = byKey.get(objectKey(f.object));
      if (!candidates) return undefined;
      const file = f.location?.file;
      return (
        candidates.find((o) => o.file === file && o.app === f.app) ??
        candidates.find((o) => o.file === file) ??
        candidates.find((o) => o.app === f.app) ??
        candidates[0]
      );
    },
  };
}

/**
 * Where a reader should look: the finding's own location, else the start of the object it is about
 * (when the report checked that object), else nothing. The JSON writer never uses this: it keeps findings as they are.
 */
export function displayLocation(f: Finding, index: ObjectIndex): SourceLocation | undefined {
  if (f.location) return f.location;
  const o = index.objectOf(f);
  return o ? { file: o.file, line: o.line } : undefined;
}

/** Plural helper: `1 error`, `2 errors`, `0 infos`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** `2 errors, 1 warning, 0 infos` from the report summary. */
export function countsSentence(summary: Report['summary']): string {
  return [
    count(summary.errors, 'error'),
    count(summary.warnings, 'warning'),
    count(summary.infos, 'info', 'infos'),
  ].join(', ');
}

/** Findings per stage and severity, computed from the findings themselves. */
export function countByStage(findings: readonly StagedFinding[]): Map<StageName, Record<Severity, number>> {
  const out = new Map<StageName, Record<Severity, number>>();
  for (const name of STAGE_ORDER) out.set(name, { error: 0, warning: 0, info: 0 });
  for (const f of findings) {
    const counts = out.get(f.stage);
    if (counts) counts[f.severity]++;
  }
  return out;
}

/** Encodes each path segment for a URI, keeping the `/` separators (`a b/c#d.yaml` → `a%20b/c%23d.yaml`). */
export function encodePathForUri(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being neutralised
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Control characters (ESC, BEL, NUL, C1 …) as visible `\u001B` text; tab, LF and CR stay.
 * Finding messages quote user YAML, and a terminal, log viewer or comment must not interpret them.
 */
export function showControlChars(s: string): string {
  return s.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
