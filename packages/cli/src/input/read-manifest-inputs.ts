/**
 * Plain manifest inputs for `validate` and `policy apply`: files, folders (recursively, .yaml/.yml/.json)
 * and `-` for stdin — the same inputs kubeconform takes.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  type Finding,
  finding,
  loadYaml,
  type Manifest,
  manifestsFromDocuments,
  readYamlFile,
} from '@neuroscale/core';
import { UsageError } from '../cli-io.js';

export interface ManifestInputs {
  manifests: Manifest[];
  findings: Finding[];
  files: number;
}

const YAML_FILE = /\.(ya?ml|json)$/i;

export async function readManifestInputs(
  inputs: string[],
  cwd: string,
  readStdin: () => Promise<string>,
): Promise<ManifestInputs> {
  const out: ManifestInputs = { manifests: [], findings: [], files: 0 };
  if (inputs.includes('-')) {
    const { documents, findings } = loadYaml(await readStdin(), { file: '<stdin>' });
    out.manifests.push(...manifestsFromDocuments('<stdin>', documents));
    out.findings.push(...findings);
    out.files++;
  }
  const listed = listManifestFiles(inputs, cwd);
  out.findings.push(...listed.findings);
  for (const { path, file } of listed.files) {
    const { documents, findings } = await readYamlFile(path, { file });
    out.manifests.push(...manifestsFromDocuments(file, documents));
    out.findings.push(...findings);
    out.files++;
  }
  return out;
}

export interface ManifestFileList {
  /** Sorted by absolute path; `file` is the name findings use (cwd-relative inside it, else absolute). */
  files: { path: string; file: string }[];
  /** Symbolic links that were not followed. */
  findings: Finding[];
}

/** The files the inputs name (`-` is left to the caller), without reading them. */
export function listManifestFiles(inputs: readonly string[], cwd: string): ManifestFileList {
  const findings: Finding[] = [];
  const files: string[] = [];
  for (const input of inputs) {
    if (input === '-') continue;
    const abs = resolve(cwd, input);
    if (!existsSync(abs)) throw new UsageError(`no such file or directory: ${input}`);
    if (statSync(abs).isDirectory()) collect(abs, { files, findings, cwd });
    else files.push(abs);
  }
  return {
    files: files.sort().map((abs) => {
      const rel = relative(cwd, abs).split(sep).join('/');
      return { path: abs, file: rel.startsWith('..') ? abs : rel };
    }),
    findings,
  };
}

interface Walk {
  files: string[];
  findings: Finding[];
  cwd: string;
}

/**
 * Files under a folder. Symbolic links are not followed (a link to /dev/zero, /proc/self/environ or
 * ../../secrets would be read and quoted in findings); each one is a finding, never a silent skip: a link
 * whose target stays inside the folder is an info (the target is validated where it lives), one leading
 * outside (or dangling) is a warning, because what it names was not checked.
 */
function collect(dir: string, walk: Walk, root = realOrSelf(dir)) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    const abs = join(dir, e.name);
    if (e.isSymbolicLink()) walk.findings.push(symlinkFinding(abs, root, walk.cwd));
    else if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') collect(abs, walk, root);
    } else if (e.isFile() && YAML_FILE.test(e.name)) walk.files.push(abs);
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function symlinkFinding(abs: string, root: string, cwd: string): Finding {
  const file = relative(cwd, abs).split(sep).join('/');
  let target: string | undefined;
  try {
    target = realpathSync(abs);
  } catch {
    target = undefined;
  }
  const inside = target !== undefined && (target === root || target.startsWith(`${root}${sep}`));
  return finding({
    ruleId: 'input/symlink-not-followed',
    severity: inside ? 'info' : 'warning',
    message: inside
      ? 'symbolic link not followed; its target inside the folder is validated where it lives'
      : 'symbolic link not followed: it leads outside the folder (or nowhere), so what it names was not validated',
    location: { file: file.startsWith('..') ? abs : file, line: 1, column: 1 },
  });
}
