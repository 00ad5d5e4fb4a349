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

// long: Argo CD's kustomize overrides applied field by field in its order (kustomize.go Build); not split yet
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
    const images: ImageEntry[] = Array.isArray(k.images)
      ? (k.images as ImageEntry[]).map((x) => ({ ...x }))
      : [];
    for (const raw of o.images) {
      const img = typeof raw === 'string' ? parseImageArg(envsubst(raw, input.env)) : undefined;
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
    changed = true;
  }
  if (Array.isArray(o.replicas) && o.replicas.length) {
    const replicas: { name: string; count: number }[] = Array.isArray(k.replicas)
      ? (k.replicas as { name: string; count: number }[]).map((x) => ({ ...x }))
      : [];
    for (const r of o.replicas) {
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
    changed = true;
  }
  const labels = strMap(o.commonLabels);
  if (Object.keys(labels).length) {
    for (const key of Object.keys(labels)) setOwn(labels, key, envsubst(labels[key]!, input.env));
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
    changed = true;
  }
  const annotations = strMap(o.commonAnnotations);
  if (Object.keys(annotations).length) {
    const current = strMap(k.commonAnnotations);
    for (const [key, raw] of Object.entries(annotations)) {
      const v = o.commonAnnotationsEnvsubst === true ? envsubst(raw, input.env) : raw;
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
    const comps = Array.isArray(k.components) ? [...(k.components as string[])] : [];
    for (const c of o.components) {
      if (typeof c !== 'string') continue;
      if (!existsSync(join(input.appDirAbs, c))) {
        if (o.ignoreMissingComponents === true) continue;
        errors.push({ field: 'components', message: `component ${c} does not exist` });
        continue;
      }
      if (!comps.includes(c)) comps.push(c);
    }
    k.components = comps;
    changed = true;
  }
  return { kustomization: k, errors, changed };
}
