/**
 * Argo CD's source preparation before type detection:
 * - NormalizeSource (util/argo/argo.go): zero-valued helm/kustomize/directory blocks become nil, but a
 *   directory block holding only include/exclude stays (Directory.IsZero ignores them);
 * - mergeSourceParameters (reposerver/repository/repository.go): `.argocd-source.yaml`, then
 *   `.argocd-source-<app>.yaml` in the app folder, applied as JSON merge patches; chart/path/repoURL/
 *   targetRevision are restored afterwards.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@neuroscale/core';
import { copyOwn, getOwn, readYamlFile, setOwn } from '@neuroscale/core';
import { isRecord } from '../render-context.js';

function isZeroValue(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isRecord(v)) return Object.values(v).every(isZeroValue);
  return false;
}

export function normalizeSource(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...source };
  for (const k of ['helm', 'kustomize'] as const) {
    if (Object.hasOwn(out, k) && isZeroValue(out[k])) delete out[k];
  }
  if (Object.hasOwn(out, 'directory')) {
    const d = isRecord(out.directory) ? out.directory : {};
    const zero = !d.recurse && isZeroValue(d.jsonnet);
    if (zero) {
      const kept: Record<string, unknown> = {};
      if (typeof d.exclude === 'string' && d.exclude) kept.exclude = d.exclude;
      if (typeof d.include === 'string' && d.include) kept.include = d.include;
      if (Object.keys(kept).length > 0) out.directory = kept;
      else delete out.directory;
    }
  }
  if (Object.hasOwn(out, 'plugin') && (out.plugin === null || out.plugin === undefined)) delete out.plugin;
  return out;
}

/** RFC 7386 JSON merge patch. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  // own keys only: `.argocd-source.yaml` is PR data, and a `__proto__` key there is a field name
  const out: Record<string, unknown> = isRecord(target) ? copyOwn(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      if (Object.hasOwn(out, k)) delete out[k];
    } else setOwn(out, k, jsonMergePatch(getOwn(out, k), v));
  }
  return out;
}

export interface SourceOverrideResult {
  source: Record<string, unknown>;
  /** Repo-relative override files that were applied, in order. */
  applied: string[];
  findings: Finding[];
}

export async function applyArgocdSourceOverrides(input: {
  source: Record<string, unknown>;
  appDirAbs: string;
  appDirRel: string;
  appName: string;
}): Promise<SourceOverrideResult> {
  const names = ['.argocd-source.yaml'];
  if (input.appName) names.push(`.argocd-source-${input.appName}.yaml`);
  let merged: unknown = input.source;
  const applied: string[] = [];
  const findings: Finding[] = [];
  for (const name of names) {
    const abs = join(input.appDirAbs, name);
    if (!existsSync(abs) || statSync(abs).isDirectory()) continue;
    const rel = input.appDirRel ? `${input.appDirRel}/${name}` : name;
    const loaded = await readYamlFile(abs, { file: rel });
    findings.push(...loaded.findings);
    const patch = loaded.documents[0]?.value;
    if (loaded.findings.length > 0) continue;
    if (patch !== undefined && patch !== null && !isRecord(patch)) {
      findings.push({
        ruleId: 'render/argocd-source-invalid',
        severity: 'error',
        message: `${rel} must hold a mapping (a JSON merge patch over the Application source)`,
        location: { file: rel, line: loaded.documents[0]?.line ?? 1, column: 1 },
      });
      continue;
    }
    merged = jsonMergePatch(merged, patch ?? {});
    applied.push(rel);
  }
  const out = isRecord(merged) ? { ...merged } : {};
  for (const k of ['chart', 'path', 'repoURL', 'targetRevision']) {
    if (k in input.source) out[k] = input.source[k];
    else delete out[k];
  }
  return { source: out, applied, findings };
}
