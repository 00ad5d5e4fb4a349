/**
 * Plain manifest inputs for `validate` and `policy apply`: files, folders (recursively, .yaml/.yml/.json)
 * and `-` for stdin — the same inputs kubeconform takes.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  type Finding,
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
  const files: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      const { documents, findings } = loadYaml(await readStdin(), { file: '<stdin>' });
      out.manifests.push(...manifestsFromDocuments('<stdin>', documents));
      out.findings.push(...findings);
      out.files++;
      continue;
    }
    const abs = resolve(cwd, input);
    if (!existsSync(abs)) throw new UsageError(`no such file or directory: ${input}`);
    if (statSync(abs).isDirectory()) collect(abs, files);
    else files.push(abs);
  }
  for (const abs of files.sort()) {
    const rel = relative(cwd, abs).split(sep).join('/');
    const file = rel.startsWith('..') ? abs : rel;
    const { documents, findings } = await readYamlFile(abs, { file });
    out.manifests.push(...manifestsFromDocuments(file, documents));
    out.findings.push(...findings);
    out.files++;
  }
  return out;
}

function collect(dir: string, files: string[]) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') collect(abs, files);
    } else if (e.isFile() && YAML_FILE.test(e.name)) files.push(abs);
  }
}
