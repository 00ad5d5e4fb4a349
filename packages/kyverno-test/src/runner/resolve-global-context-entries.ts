/**
 * A Test's `globalContextEntries` (offline data for classic `globalReference` context entries and CEL
 * `globalContext.Get`), shaped the way `kyverno test` shapes them (kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/apis/v1alpha1/test.go: GlobalContextEntryValue, ValidateGlobalContextEntries;
 * store/gctx_resolve.go: applyFieldPathAndProjections): `name` required and unique; exactly one of
 * `data` (a JSON object), inline `resources` (a list of objects) or `resourceFiles` (YAML files relative
 * to the test, read by the caller and handed in as `resources`); `fieldPath` (JMESPath) narrows the root;
 * with `projections`, the entry becomes the object `{<projection name>: <path over the root>}`. An
 * invalid entry is an error finding on the Test, and is not used.
 */
import { type Finding, finding, isPlainRecord as isObj } from '@neuroscale/core';
import { searchJmesPath } from '../engine/jmespath/search.js';

export interface GlobalContextEntryData {
  name: string;
  data: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Why the entry as written is invalid (ValidateGlobalContextEntries, after name checks), or undefined. */
function shapeError(e: Record<string, unknown>, name: string): string | undefined {
  const projections = Array.isArray(e.projections) ? e.projections : [];
  for (const p of projections) {
    const pName = isObj(p) ? str(p.name) : '';
    if (!pName) return `entry "${name}": projection name is required`;
    if (!str((p as Record<string, unknown>).path))
      return `entry "${name}" projection "${pName}": path is required`;
  }
  const hasData = e.data !== undefined && e.data !== null;
  const hasResources = e.resources !== undefined && e.resources !== null;
  const hasFiles = e.resourceFiles !== undefined && e.resourceFiles !== null;
  const sources = Number(hasData) + Number(hasResources) + Number(hasFiles);
  if (sources > 1) return `entry "${name}": data, resources, and resourceFiles are mutually exclusive`;
  if (sources === 0) return `entry "${name}": one of data, resources, or resourceFiles is required`;
  if (hasData && !isObj(e.data)) return `entry "${name}": data must be a JSON object`;
  if (hasResources) {
    if (!Array.isArray(e.resources)) return `entry "${name}": resources must be a list`;
    const i = e.resources.findIndex((r) => !isObj(r));
    if (i >= 0)
      return `entry "${name}" resources[${i}]: must be a JSON object (Kubernetes resource manifest)`;
  }
  if (hasFiles) return resourceFilesError(e.resourceFiles, name);
  return undefined;
}

function resourceFilesError(files: unknown, name: string): string | undefined {
  if (!Array.isArray(files)) return `entry "${name}": resourceFiles must be a list`;
  for (const [j, f] of files.entries()) {
    const path = str(f);
    if (!path) return `entry "${name}" resourceFiles[${j}]: file path must not be empty`;
    if (path.startsWith('/')) return `entry "${name}" resourceFiles[${j}]: file path must not be absolute`;
    const clean = path.split('/').reduce<string[]>((acc, part) => {
      if (part === '' || part === '.') return acc;
      if (part === '..' && acc.length && acc[acc.length - 1] !== '..') acc.pop();
      else acc.push(part);
      return acc;
    }, []);
    if (clean[0] === '..')
      return `entry "${name}" resourceFiles[${j}]: file path must not escape the test directory`;
  }
  return undefined;
}

/** The entry's value, or a message saying why it could not be computed. */
function entryValue(
  e: Record<string, unknown>,
  name: string,
  fileResources: readonly unknown[] | undefined,
): { value: unknown } | { error: string } {
  let root: unknown = isObj(e.data) ? e.data : (fileResources ?? e.resources);
  try {
    if (str(e.fieldPath)) root = searchJmesPath(str(e.fieldPath), root);
    const projections = Array.isArray(e.projections) ? e.projections.filter(isObj) : [];
    if (projections.length === 0) return { value: root };
    const out: Record<string, unknown> = Object.create(null);
    for (const p of projections) out[str(p.name)] = searchJmesPath(str(p.path), root);
    return { value: { ...out } };
  } catch (err) {
    return { error: `entry "${name}": ${err instanceof Error ? err.message : String(err)}` };
  }
}

export interface ResolveGlobalContextOptions {
  file: string;
  line: number;
  /** The objects of each entry's `resourceFiles`, by entry index (read by the caller). */
  fileResources?: ReadonlyMap<number, readonly unknown[]>;
}

/** The entries' `resourceFiles` that pass validation, by entry index: what the caller must read. */
export function resourceFilesToRead(entries: ReadonlyArray<Record<string, unknown>>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [i, e] of entries.entries()) {
    const name = str(e.name);
    if (name && e.resourceFiles !== undefined && !shapeError(e, name))
      out.set(i, (e.resourceFiles as unknown[]).map(str));
  }
  return out;
}

export function resolveGlobalContextEntries(
  entries: ReadonlyArray<Record<string, unknown>>,
  options: ResolveGlobalContextOptions,
): { entries: GlobalContextEntryData[]; findings: Finding[] } {
  const out: GlobalContextEntryData[] = [];
  const findings: Finding[] = [];
  const bad = (message: string) =>
    findings.push(
      finding({
        ruleId: 'kyverno-test/invalid-global-context',
        message: `globalContextEntries: ${message}`,
        location: { file: options.file, line: options.line, column: 1 },
      }),
    );
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    const name = str(e.name);
    if (!name) {
      bad('name is required');
      continue;
    }
    if (seen.has(name)) {
      bad(`duplicate name "${name}"`);
      continue;
    }
    seen.add(name);
    const shape = shapeError(e, name);
    if (shape) {
      bad(shape);
      continue;
    }
    if (e.resourceFiles !== undefined && !options.fileResources?.has(i)) continue; // unreadable: reported
    const resolved = entryValue(e, name, options.fileResources?.get(i));
    if ('error' in resolved) bad(resolved.error);
    else out.push({ name, data: resolved.value });
  }
  return { entries: out, findings };
}
