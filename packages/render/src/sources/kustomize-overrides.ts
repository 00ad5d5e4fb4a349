/**
 * spec.source.kustomize overrides, applied the way Argo CD applies them (util/kustomize/kustomize.go Build:
 * `kustomize edit set nameprefix|namesuffix|image|replicas|namespace`, `edit add label|annotation|component`,
 * and a YAML rewrite that appends `patches`) — re-implemented as edits of the kustomization mapping, because
 * `kubectl kustomize` has no `edit` subcommand. The result is written over the private copy, never the repo.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cloneData, setOwn } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { envsubst } from './argocd-env.js';

export interface OverrideEdit {
  kustomization: Record<string, unknown>;
  /** Errors `kustomize edit` would have raised (the app fails). */
  errors: { field: string; message: string }[];
  changed: boolean;
}

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** kustomize `edit set image` argument: `name[=newName][:tag][@digest]`. */
export function parseImageArg(arg: string): ImageEntry | undefined {
  let name = arg;
  let target = arg;
  const eq = arg.indexOf('=');
  if (eq >= 0) {
    name = arg.slice(0, eq);
    target = arg.slice(eq + 1);
  }
  let digest: string | undefined;
  const at = target.indexOf('@');
  if (at >= 0) {
    digest = target.slice(at + 1);
    target = target.slice(0, at);
  }
  let tag: string | undefined;
  const colon = target.lastIndexOf(':');
  if (colon > target.lastIndexOf('/')) {
    tag = target.slice(colon + 1);
    target = target.slice(0, colon);
  }
  if (eq < 0) {
    name = target;
  }
  if (!name) return undefined;
  const out: ImageEntry = { name };
  if (eq >= 0 && target) out.newName = target;
  if (tag) out.newTag = tag;
  if (digest) out.digest = digest;
  return out;
}

const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isRecord(v))
    for (const [k, x] of Object.entries(v)) setOwn(out, k, x === null || x === undefined ? '' : String(x));
  return out;
};

export function applyKustomizeOverrides(input: {
  kustomization: Record<string, unknown>;
  overrides: Record<string, unknown>;
  env: Record<string, string>;
  appDirAbs: string;
}): OverrideEdit {
  const o = input.overrides;
  const k: Record<string, unknown> = cloneData(input.kustomization);
  const errors: OverrideEdit['errors'] = [];
  let changed = false;
  if (typeof o.namePrefix === 'string' && o.namePrefix) {
    k.namePrefix = o.namePrefix;
    changed = true;
  }
  if (typeof o.nameSuffix === 'string' && o.nameSuffix) {
    k.nameSuffix = o.nameSuffix;
    changed = true;
  }
  if (Array.isArray(o.images) && o.images.length) {
    overrideImages(k, o, input.env, errors);
    changed = true;
  }
  if (Array.isArray(o.replicas) && o.replicas.length) {
    overrideReplicas(k, o, errors);
    changed = true;
  }
  const labels = strMap(o.commonLabels);
  if (Object.keys(labels).length) {
    overrideCommonLabels(k, o, { labels, env: input.env }, errors);
    changed = true;
  }
  const annotations = strMap(o.commonAnnotations);
  if (Object.keys(annotations).length) {
    overrideCommonAnnotations(k, o, { annotations, env: input.env }, errors);
    changed = true;
  }
  if (typeof o.namespace === 'string' && o.namespace) {
    k.namespace = o.namespace;
    changed = true;
  }
  if (Array.isArray(o.patches) && o.patches.length) {
    k.patches = [...(Array.isArray(k.patches) ? k.patches : []), ...o.patches];
    changed = true;
  }
  if (Array.isArray(o.components) && o.components.length) {
    overrideComponents(k, o, input.appDirAbs, errors);
    changed = true;
  }
  return { kustomization: k, errors, changed };
}

/** `images`: kustomize edit set image, merged into the kustomization's own list by name. */
function overrideImages(
  k: Record<string, unknown>,
  o: Record<string, unknown>,
  env: Record<string, string>,
  errors: OverrideEdit['errors'],
): void {
  const images: ImageEntry[] = Array.isArray(k.images)
    ? (k.images as ImageEntry[]).map((x) => ({ ...x }))
    : [];
  for (const raw of o.images as unknown[]) {
    const img = typeof raw === 'string' ? parseImageArg(envsubst(raw, env)) : undefined;
    if (!img) {
      errors.push({ field: 'images', message: `invalid image override ${JSON.stringify(raw)}` });
      continue;
    }
    const existing = images.find((e) => e.name === img.name);
    if (existing) {
      if (img.newName) existing.newName = img.newName;
      if (img.newTag) {
        existing.newTag = img.newTag;
        delete existing.digest;
      }
      if (img.digest) {
        existing.digest = img.digest;
        delete existing.newTag;
      }
    } else images.push(img);
  }
  k.images = images;
}

/** `replicas`: kustomize edit set replicas, by name. */
function overrideReplicas(
  k: Record<string, unknown>,
  o: Record<string, unknown>,
  errors: OverrideEdit['errors'],
): void {
  const replicas: { name: string; count: number }[] = Array.isArray(k.replicas)
    ? (k.replicas as { name: string; count: number }[]).map((x) => ({ ...x }))
    : [];
  for (const r of o.replicas as unknown[]) {
    if (!isRecord(r) || typeof r.name !== 'string') continue;
    const count = typeof r.count === 'number' ? r.count : Number.parseInt(String(r.count), 10);
    if (!Number.isInteger(count)) {
      errors.push({ field: 'replicas', message: `replicas count for ${r.name} is not an integer` });
      continue;
    }
    const existing = replicas.find((e) => e.name === r.name);
    if (existing) existing.count = count;
    else replicas.push({ name: r.name, count });
  }
  k.replicas = replicas;
}

/** `commonLabels`: a `labels` entry without selectors, or kustomize edit add label (refusing existing keys unless forced). */
function overrideCommonLabels(
  k: Record<string, unknown>,
  o: Record<string, unknown>,
  { labels, env }: { labels: Record<string, string>; env: Record<string, string> },
  errors: OverrideEdit['errors'],
): void {
  for (const key of Object.keys(labels)) setOwn(labels, key, envsubst(labels[key]!, env));
  if (o.labelWithoutSelector === true) {
    const entry: Record<string, unknown> = { pairs: labels, includeSelectors: false };
    if (o.labelIncludeTemplates === true) entry.includeTemplates = true;
    k.labels = [...(Array.isArray(k.labels) ? k.labels : []), entry];
  } else {
    const current = strMap(k.commonLabels);
    for (const [key, v] of Object.entries(labels)) {
      if (Object.hasOwn(current, key) && o.forceCommonLabels !== true) {
        errors.push({
          field: 'commonLabels',
          message: `label ${key} already in kustomization file (set forceCommonLabels to override)`,
        });
        continue;
      }
      setOwn(current, key, v);
    }
    k.commonLabels = current;
  }
}

/** `commonAnnotations`: kustomize edit add annotation (refusing existing keys unless forced). */
function overrideCommonAnnotations(
  k: Record<string, unknown>,
  o: Record<string, unknown>,
  { annotations, env }: { annotations: Record<string, string>; env: Record<string, string> },
  errors: OverrideEdit['errors'],
): void {
  const current = strMap(k.commonAnnotations);
  for (const [key, raw] of Object.entries(annotations)) {
    const v = o.commonAnnotationsEnvsubst === true ? envsubst(raw, env) : raw;
    if (Object.hasOwn(current, key) && o.forceCommonAnnotations !== true) {
      errors.push({
        field: 'commonAnnotations',
        message: `annotation ${key} already in kustomization file (set forceCommonAnnotations to override)`,
      });
      continue;
    }
    setOwn(current, key, v);
  }
  k.commonAnnotations = current;
}

/** `components`: kustomize edit add component, for components that exist (or are ignored when missing). */
function overrideComponents(
  k: Record<string, unknown>,
  o: Record<string, unknown>,
  appDirAbs: string,
  errors: OverrideEdit['errors'],
): void {
  const comps = Array.isArray(k.components) ? [...(k.components as string[])] : [];
  for (const c of o.components as unknown[]) {
    if (typeof c !== 'string') continue;
    if (!existsSync(join(appDirAbs, c))) {
      if (o.ignoreMissingComponents === true) continue;
      errors.push({ field: 'components', message: `component ${c} does not exist` });
      continue;
    }
    if (!comps.includes(c)) comps.push(c);
  }
  k.components = comps;
}
