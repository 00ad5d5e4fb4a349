/**
 * `patchedResources` (and generated resource) rows compared as `kyverno test` compares them
 * (cmd/cli/kubectl-kyverno/commands/test/compare.go `getAndCompareResource`): the expected object with
 * the same apiVersion, kind, namespace and name is taken from the file, Kyverno's generate labels are
 * dropped from both (`resource.FixupGenerateLabels`), both are tidied (null fields, empty maps and
 * empty lists removed) and compared; a mismatch carries the differing fields.
 */
import { isDeepStrictEqual } from 'node:util';
import { isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import { CLUSTER_SCOPED_KINDS } from '../engine/match/cluster-scoped-kinds.js';
import { changedPaths } from '../engine/mutate/changed-paths.js';

export interface ExpectedResources {
  objects: K8sObject[];
  /** The file could not be read (refused, missing, not YAML). */
  error?: string;
}

export interface ResourceComparison {
  ok: boolean;
  /** `Not found in manifest`: the file holds no such object (kyverno test then skips the check silently). */
  reason: 'Ok' | 'Resource diff' | 'Resource error' | 'Not found in manifest';
  message?: string;
}

function identity(o: K8sObject): string {
  const md = isObj(o.metadata) ? o.metadata : {};
  const kind = typeof o.kind === 'string' ? o.kind : '';
  let ns = typeof md.namespace === 'string' ? md.namespace : '';
  if (!ns && !CLUSTER_SCOPED_KINDS.has(kind)) ns = 'default';
  return [String(o.apiVersion ?? ''), kind, ns, String(md.name ?? '')].join('|');
}

/** TidyObject: drops nulls, empty maps and empty lists, recursively. */
function tidy(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = v.map(tidy).filter((x) => x !== undefined);
    return out.length ? out : undefined;
  }
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const t = tidy(x);
      if (t !== undefined) out[k] = t;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

function withoutGenerateLabels(o: K8sObject): K8sObject {
  const md = isObj(o.metadata) ? o.metadata : undefined;
  const labels = md && isObj(md.labels) ? md.labels : undefined;
  if (!labels) return o;
  const kept = Object.fromEntries(
    Object.entries(labels).filter(
      ([k, v]) =>
        !k.startsWith('generate.kyverno.io/') && !(k === 'app.kubernetes.io/managed-by' && v === 'kyverno'),
    ),
  );
  return { ...o, metadata: { ...md, labels: kept } };
}

/** A namespaced object without a namespace gets `default`, as the CLI loads every resource. */
function normalised(o: K8sObject): K8sObject {
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const md = isObj(o.metadata) ? { ...o.metadata } : {};
  if (!CLUSTER_SCOPED_KINDS.has(kind) && (typeof md.namespace !== 'string' || md.namespace === ''))
    md.namespace = 'default';
  return { ...o, metadata: md };
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function at(o: unknown, pointer: string): unknown {
  let node = o;
  for (const seg of pointer.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObj(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

export function compareExpectedResource(actual: K8sObject, expected: ExpectedResources): ResourceComparison {
  if (expected.error !== undefined)
    return { ok: false, reason: 'Resource error', message: `failed to load resource (${expected.error})` };
  const id = identity(actual);
  const want = expected.objects.find((o) => identity(o) === id);
  if (!want)
    return {
      ok: false,
      reason: 'Not found in manifest',
      message: `failed to load resource (no ${id.split('|').filter(Boolean).join('/')} in the file)`,
    };
  const a = tidy(withoutGenerateLabels(normalised(actual)));
  const e = tidy(withoutGenerateLabels(normalised(want)));
  if (isDeepStrictEqual(a, e)) return { ok: true, reason: 'Ok' };
  const lines = changedPaths(e, a, 10).map(
    (p) => `${p || '/'}: want ${show(at(e, p))}, got ${show(at(a, p))}`,
  );
  return { ok: false, reason: 'Resource diff', message: `patched resource differs: ${lines.join('; ')}` };
}
