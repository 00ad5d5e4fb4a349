/**
 * Stage 0: parse every YAML/JSON file under the GitOps and policy folders, so a broken file is
 * reported with file:line even when no Application reaches it. Helm `templates/` and Backstage
 * `skeleton/` folders hold template sources, not YAML; they are listed as skipped, never ignored.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type Finding, readYamlFile } from '@neuroscale/core';

export interface LoadFilesResult {
  files: number;
  documents: number;
  findings: Finding[];
  /** Folders not parsed because they hold templates, repo-relative, with the reason. */
  skipped: { path: string; reason: string }[];
}

const YAML_FILE = /\.(ya?ml|json)$/i;

export async function loadTreeFiles(repoRoot: string, folders: string[]): Promise<LoadFilesResult> {
  const result: LoadFilesResult = { files: 0, documents: 0, findings: [], skipped: [] };
  const files: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const isChart = entries.some((e) => e.isFile() && e.name === 'Chart.yaml');
    for (const e of entries) {
      const abs = join(dir, e.name);
      const rel = relative(repoRoot, abs).split(sep).join('/');
      if (e.isSymbolicLink()) continue; // symlinks are resolved (and confined) by render
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || e.name === '.git') continue;
        if (isChart && (e.name === 'templates' || e.name === 'charts')) {
          result.skipped.push({
            path: rel,
            reason: e.name === 'templates' ? 'Helm templates (rendered by helm)' : 'vendored Helm subcharts',
          });
          continue;
        }
        if (e.name === 'skeleton') {
          result.skipped.push({
            path: rel,
            reason: 'Backstage scaffolder skeleton (Nunjucks template sources)',
          });
          continue;
        }
        walk(abs);
      } else if (e.isFile() && YAML_FILE.test(e.name)) files.push(abs);
    }
  };
  for (const folder of folders) {
    const abs = join(repoRoot, folder);
    if (existsSync(abs) && lstatSync(abs).isDirectory()) walk(abs);
  }
  for (const abs of files) {
    const file = relative(repoRoot, abs).split(sep).join('/');
    const { documents, findings } = await readYamlFile(abs, { file });
    result.files++;
    result.documents += documents.length;
    result.findings.push(...findings);
  }
  return result;
}
