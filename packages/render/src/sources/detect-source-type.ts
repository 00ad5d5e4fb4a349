/**
 * Source type detection (reposerver/repository/repository.go GetAppSourceType, types.go ExplicitType,
 * util/app/discovery/discovery.go Discover): an explicit block wins (more than one is an error);
 * otherwise the files in the app root decide: a name ending in `Chart.yaml` → helm, `kustomization.yaml`,
 * `kustomization.yml` or `Kustomization` → kustomize; Argo walks files in lexical order and the last match wins,
 * so kustomize beats Chart.yaml; anything else → directory.
 */

import { readdirSync } from 'node:fs';
import type { SourceType } from '@neuroscale/core';
import { compareStrings } from '@neuroscale/core';

export type DetectedType = { ok: true; type: SourceType; explicit: boolean } | { ok: false; message: string };

const EXPLICIT: [key: string, type: SourceType, label: string][] = [
  ['kustomize', 'kustomize', 'Kustomize'],
  ['helm', 'helm', 'Helm'],
  ['directory', 'directory', 'Directory'],
  ['plugin', 'plugin', 'Plugin'],
];

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function detectSourceType(source: Record<string, unknown>, appDirAbs: string): DetectedType {
  const present = EXPLICIT.filter(([k]) => source[k] !== undefined && source[k] !== null);
  if (present.length > 1) {
    return {
      ok: false,
      message: `multiple application sources defined: ${present.map((p) => p[2]).join(',')}`,
    };
  }
  if (present.length === 1) return { ok: true, type: present[0]![1], explicit: true };
  let type: SourceType = 'directory';
  let names: string[] = [];
  try {
    names = readdirSync(appDirAbs, { withFileTypes: true })
      .filter((d) => !d.isDirectory())
      .map((d) => d.name)
      .sort(compareStrings);
  } catch {
    names = [];
  }
  let found: SourceType | undefined;
  for (const n of names) {
    if (n.endsWith('Chart.yaml')) found = 'helm';
    if (KUSTOMIZATION_FILES.includes(n)) found = 'kustomize';
  }
  if (found) type = found;
  return { ok: true, type, explicit: false };
}
