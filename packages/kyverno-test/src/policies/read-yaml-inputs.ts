/**
 * Reading the YAML files a suite or an apply run names: files, or folders walked recursively the
 * way the Kyverno CLI does (entries whose name starts with `.` skipped, only *.yaml / *.yml).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Finding, finding, type Locator, readYamlFile } from '@neuroscale/core';

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
}

/** `absPath` relative to `root` with `/` separators (the form every finding uses). */
export function displayPath(absPath: string, root: string = process.cwd()): string {
  const rel = path.relative(root, absPath);
  return (rel === '' ? path.basename(absPath) : rel).split(path.sep).join('/');
}

async function listYamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.map((e) => e.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const abs = path.join(dir, name);
    const st = await stat(abs).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory()) out.push(...(await listYamlFiles(abs)));
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
  for (const p of paths) {
    const abs = path.resolve(baseDir, p);
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
    const files = st.isDirectory() ? await listYamlFiles(abs) : [abs];
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
