/**
 * The tree's own declarations of the Argo CD installation (argocd-cm, argocd-cmd-params-cm, cluster Secrets,
 * AppProjects, the operator's ArgoCD resource), read from every YAML file of the repository — including the
 * ones no Application renders (a bootstrap step applies them). Data only: symlinks are not followed, files
 * and the walk are capped, a file is parsed only when it names one of those kinds, and a limit hit is a finding.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings, type Finding, finding, loadYaml } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import type { DeclaredObject } from './discover-argocd-settings.js';

export interface TreeScanLimits {
  /** Files looked at (default 20,000). */
  maxFiles: number;
  /** Bytes per file (default 1 MiB); larger files are not read. */
  maxFileBytes: number;
  /** Folder depth (default 24). */
  maxDepth: number;
}

export const DEFAULT_TREE_SCAN_LIMITS: TreeScanLimits = {
  maxFiles: 20_000,
  maxFileBytes: 1024 * 1024,
  maxDepth: 24,
};

const YAML_FILE = /\.ya?ml$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules']);
/** Cheap pre-filter: a file that names none of these cannot declare Argo CD settings. */
const MARKERS = [
  'argocd-cm',
  'argocd-cmd-params-cm',
  'argocd.argoproj.io/secret-type',
  'AppProject',
  'kind: ArgoCD',
];
const KINDS = new Set(['ConfigMap', 'Secret', 'AppProject', 'ArgoCD']);

export function scanTreeForArgocd(
  repoRoot: string,
  limits: TreeScanLimits = DEFAULT_TREE_SCAN_LIMITS,
): { objects: DeclaredObject[]; findings: Finding[] } {
  const objects: DeclaredObject[] = [];
  const findings: Finding[] = [];
  let files = 0;
  let limitHit = false;
  const walk = (dirAbs: string, dirRel: string, depth: number) => {
    if (limitHit) return;
    if (depth > limits.maxDepth) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const e of entries) {
      if (limitHit) return;
      const rel = dirRel ? `${dirRel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(join(dirAbs, e.name), rel, depth + 1);
        continue;
      }
      // symlinks are never followed here (render confines them where it reads them)
      if (!e.isFile() || !YAML_FILE.test(e.name)) continue;
      if (++files > limits.maxFiles) {
        limitHit = true;
        findings.push(
          finding({
            ruleId: 'render/environment-scan-limit',
            severity: 'warning',
            message: `the repository has more than ${limits.maxFiles} YAML files; Argo CD settings declared after that are not discovered (declare them in the config's argocd: section)`,
          }),
        );
        return;
      }
      readDeclarations(join(dirAbs, e.name), rel, limits, objects);
    }
  };
  walk(repoRoot, '', 0);
  return { objects, findings };
}

function readDeclarations(abs: string, rel: string, limits: TreeScanLimits, out: DeclaredObject[]): void {
  let text: string;
  try {
    if (statSync(abs).size > limits.maxFileBytes) return;
    text = readFileSync(abs, 'utf8');
  } catch {
    return;
  }
  if (!MARKERS.some((m) => text.includes(m))) return;
  // a file that is not YAML (a Helm template) declares nothing; the load stage reports broken YAML
  const parsed = loadYaml(text, { file: rel });
  for (const doc of parsed.documents) {
    const v = doc.value;
    if (!isRecord(v) || typeof v.kind !== 'string' || !KINDS.has(v.kind)) continue;
    out.push({ object: v, file: rel, line: doc.line });
  }
}
