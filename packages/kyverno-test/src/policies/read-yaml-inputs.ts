/**
 * Reading the YAML files a suite or an apply run names: files, or folders walked recursively the
 * way the Kyverno CLI does (entries whose name starts with `.` skipped, only *.yaml / *.yml).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  compareStrings,
  type Finding,
  finding,
  type Locator,
  readYamlFile,
  type SourceLocation,
} from '@neuroscale/core';

export interface LoadedDocument {
  value: unknown;
  /** Display path (relative to the root, `/` separators). */
  file: string;
  absPath: string;
  index: number;
  line: number;
  column: number;
  locate: Locator;
}

export interface ReadYamlInputsResult {
  documents: LoadedDocument[];
  findings: Finding[];
}

export interface ReadYamlInputsOptions {
  /** Paths in findings are made relative to this folder (default: the current directory). */
  root?: string;
  /**
   * Refuse every path whose real path (symlinks followed, for the named path and for every file
   * and folder found under a named folder) is outside this folder: a `path-escape` finding, and
   * the file is never read. Unset: no confinement.
   */
  confineTo?: string;
  /**
   * How the i-th path is named in a `path-escape` finding and where the finding points (e.g. the
   * line of a kyverno-test.yaml naming it). Default: `path <i>` at the display path of the root.
   */
  describePath?: (index: number) => { label: string; location: SourceLocation };
}

/** Whether `p` is `root` or inside it (both absolute, normalised). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `absPath` relative to `root` with `/` separators (the form every finding uses). */
export function displayPath(absPath: string, root: string = process.cwd()): string {
  const rel = path.relative(root, absPath);
  return (rel === '' ? path.basename(absPath) : rel).split(path.sep).join('/');
}

/**
 * YAML files under `dir`. With `confine`, an entry whose real path leaves the root (a symlink to
 * `/etc` or `../..`) is reported in `escaped` and skipped, and each real folder is walked once (a
 * symlink loop ends instead of recursing until the path is too long).
 */
async function listYamlFiles(
  dir: string,
  confine?: { root: string; escaped: string[]; seen: Set<string> },
): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.map((e) => e.name).sort(compareStrings);
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const abs = path.join(dir, name);
    const st = await stat(abs).catch(() => undefined);
    if (!st) continue;
    if (confine) {
      const real = await realpath(abs).catch(() => undefined);
      if (!real || !isInside(confine.root, real)) {
        if (st.isDirectory() || /\.ya?ml$/i.test(name)) confine.escaped.push(abs);
        continue;
      }
      if (st.isDirectory()) {
        if (confine.seen.has(real)) continue;
        confine.seen.add(real);
      }
    }
    if (st.isDirectory()) out.push(...(await listYamlFiles(abs, confine)));
    else if (/\.ya?ml$/i.test(name)) out.push(abs);
  }
  return out;
}

/** Read every YAML document of the given files / folders (absolute, or relative to `baseDir`). */
export async function readYamlInputs(
  paths: readonly string[],
  baseDir: string,
  options: ReadYamlInputsOptions = {},
): Promise<ReadYamlInputsResult> {
  const documents: LoadedDocument[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const confineRoot = options.confineTo
    ? await realpath(options.confineTo).catch(() => path.resolve(options.confineTo as string))
    : undefined;
  const refuse = (index: number, what: string, abs: string) => {
    findings.push(pathEscapeFinding(options, { index, what, abs }));
  };
  for (const [index, p] of paths.entries()) {
    const abs = path.resolve(baseDir, p);
    if (confineRoot) {
      // lexically first (a missing file outside is still an escape), then with symlinks resolved
      const real = await realpath(abs).catch(() => undefined);
      const lexicalRoot = options.confineTo ? path.resolve(options.confineTo) : confineRoot;
      if (!isInside(lexicalRoot, abs) && !isInside(confineRoot, abs)) {
        refuse(index, 'resolves', abs);
        continue;
      }
      if (real !== undefined && !isInside(confineRoot, real)) {
        refuse(index, 'resolves (through a symbolic link)', abs);
        continue;
      }
    }
    const st = await stat(abs).catch(() => undefined);
    if (!st) {
      findings.push(
        finding({
          ruleId: 'kyverno-test/missing-file',
          message: `${p}: no such file or directory`,
          location: { file: displayPath(abs, options.root) },
        }),
      );
      continue;
    }
    const confine = confineRoot
      ? { root: confineRoot, escaped: [] as string[], seen: new Set([await realpath(abs).catch(() => abs)]) }
      : undefined;
    const files = st.isDirectory() ? await listYamlFiles(abs, confine) : [abs];
    if (confine?.escaped.length)
      refuse(index, `holds ${confine.escaped.length} file(s) or folder(s) that resolve`, abs);
    for (const f of files) {
      if (seen.has(f)) continue;
      seen.add(f);
      const file = displayPath(f, options.root);
      const loaded = await readYamlFile(f, { file });
      findings.push(...loaded.findings);
      for (const d of loaded.documents) {
        documents.push({
          value: d.value,
          file,
          absPath: f,
          index: d.index,
          line: d.line,
          column: d.column,
          locate: d.locate,
        });
      }
    }
  }
  return { documents, findings };
}

/** A named path (or what a named folder holds) that resolves outside the confinement root. */
function pathEscapeFinding(
  options: ReadYamlInputsOptions,
  { index, what, abs }: { index: number; what: string; abs: string },
): Finding {
  // default: the named path's display path when it is itself inside (a folder holding a symlink
  // out, a symlink), else `.`: an outside path is never shown
  const inside = options.confineTo !== undefined && isInside(path.resolve(options.confineTo), abs);
  const d = options.describePath?.(index) ?? {
    label: `path ${index + 1}`,
    location: { file: inside ? displayPath(abs, options.root) : '.' },
  };
  // never the path itself: it may be absolute, and nothing outside the tree is named or read
  return finding({
    ruleId: 'kyverno-test/path-escape',
    message: `${d.label} ${what} outside the repository; it was not read`,
    location: d.location,
  });
}
