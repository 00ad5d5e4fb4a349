/**
 * Name and label syntax the API server enforces (k8s.io/apimachinery validation):
 * metadata.name per kind (DNS-1123 subdomain, DNS-1123 label for Namespace, DNS-1035 label for Service,
 * path segment for RBAC kinds, 52 characters for CronJob), label keys and values (metadata, pod
 * templates, selectors) and annotation keys.
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { escapePointerSegment } from '@neuroscale/core';
import { type CheckContext, isRecord, manifestFinding } from './check-context.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export function nameProblem(kind: string, group: string, name: string): string | undefined {
  if (RBAC_KINDS.has(kind) && group === 'rbac.authorization.k8s.io') {
    if (name === '.' || name === '..') return `may not be "${name}"`;
    if (/[/%]/.test(name)) return 'may not contain "/" or "%"';
    return undefined;
  }
  if (kind === 'Namespace' && group === '') {
    if (name.length > 63) return `must be at most 63 characters (has ${name.length})`;
    return DNS1123_LABEL.test(name)
      ? undefined
      : 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  if (kind === 'Service' && group === '') {
    if (name.length > 63) return `must be at most 63 characters (has ${name.length})`;
    return DNS1035_LABEL.test(name)
      ? undefined
      : 'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
  }
  if (kind === 'CronJob' && group === 'batch' && name.length > 52)
    return `must be at most 52 characters (has ${name.length}): the controller appends an 11-character suffix to Job names`;
  if (name.length > 253) return `must be at most 253 characters (has ${name.length})`;
  return DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
}

/** Label or annotation key: [prefix/]name, prefix a DNS subdomain ≤ 253, name ≤ 63. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/"';
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (!prefix) return 'has an empty prefix before "/"';
    if (prefix.length > 253) return 'prefix must be at most 253 characters';
    if (!DNS1123_SUBDOMAIN.test(prefix))
      return `prefix "${prefix}" must be a DNS-1123 subdomain (lower-case)`;
  }
  if (!name) return 'name part must not be empty';
  if (name.length > 63) return `name part must be at most 63 characters (has ${name.length})`;
  if (!QUALIFIED_NAME.test(name))
    return 'name part must consist of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `must be at most 63 characters (has ${value.length})`;
  if (!QUALIFIED_NAME.test(value))
    return 'must be empty or consist of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  return undefined;
}

const recordOrUndefined = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);

/** The maps of labels and of annotations an object holds, each with its JSON pointer, in a fixed order. */
interface NamedMaps {
  labels: [pointer: string, value: unknown][];
  annotations: [pointer: string, value: unknown][];
}

/**
 * Label maps: the object's own, its pod templates' (spec.template, spec.jobTemplate.spec.template), the job
 * template's, selectors' (spec.selector.matchLabels, spec.jobTemplate.spec.selector.matchLabels, and
 * spec.selector itself for Service and ReplicationController). Annotation maps: the object's and its pod
 * template's. Read with plain property access along the shared paths (every object passes through here).
 */
function namedMaps(o: Record<string, unknown>): NamedMaps {
  const md = recordOrUndefined(o.metadata);
  const spec = recordOrUndefined(o.spec);
  const templateMd = recordOrUndefined(recordOrUndefined(spec?.template)?.metadata);
  const jobTemplate = recordOrUndefined(spec?.jobTemplate);
  const jobSpec = recordOrUndefined(jobTemplate?.spec);
  const labels: [string, unknown][] = [
    ['/metadata/labels', md?.labels],
    ['/spec/template/metadata/labels', templateMd?.labels],
    [
      '/spec/jobTemplate/spec/template/metadata/labels',
      recordOrUndefined(recordOrUndefined(jobSpec?.template)?.metadata)?.labels,
    ],
    ['/spec/jobTemplate/metadata/labels', recordOrUndefined(jobTemplate?.metadata)?.labels],
    ['/spec/selector/matchLabels', recordOrUndefined(spec?.selector)?.matchLabels],
    ['/spec/jobTemplate/spec/selector/matchLabels', recordOrUndefined(jobSpec?.selector)?.matchLabels],
  ];
  if (o.kind === 'Service' || o.kind === 'ReplicationController')
    labels.push(['/spec/selector', spec?.selector]);
  return {
    labels,
    annotations: [
      ['/metadata/annotations', md?.annotations],
      ['/spec/template/metadata/annotations', templateMd?.annotations],
    ],
  };
}

export function checkObjectNames(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const m of ctx.manifests) checkOne(m, out);
  return out;
}

function checkOne(m: Manifest, out: Finding[]) {
  const o = m.object as Record<string, unknown> | undefined;
  if (!isRecord(o) || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string') return;
  const kind = o.kind;
  const group = o.apiVersion.includes('/') ? (o.apiVersion.split('/')[0] ?? '') : '';
  const md = isRecord(o.metadata) ? o.metadata : {};
  if (typeof md.name === 'string' && md.name) {
    const problem = nameProblem(kind, group, md.name);
    if (problem)
      out.push(
        manifestFinding(m, '/metadata/name', {
          ruleId: 'metadata/invalid-name',
          message: `metadata.name "${md.name}" of ${kind} ${problem}`,
        }),
      );
  }
  if (typeof md.namespace === 'string' && md.namespace && !DNS1123_LABEL.test(md.namespace)) {
    out.push(
      manifestFinding(m, '/metadata/namespace', {
        ruleId: 'metadata/invalid-name',
        message: `metadata.namespace "${md.namespace}" must be a DNS-1123 label`,
      }),
    );
  }
  const maps = namedMaps(o);
  for (const [pointer, labels] of maps.labels) {
    if (!isRecord(labels)) continue;
    for (const [k, v] of Object.entries(labels)) {
      const keyProblem = qualifiedNameProblem(k);
      const p = () => `${pointer}/${escapePointerSegment(k)}`;
      if (keyProblem)
        out.push(
          manifestFinding(m, p(), {
            ruleId: 'metadata/invalid-label',
            message: `label key "${k}" ${keyProblem}`,
          }),
        );
      if (typeof v === 'string') {
        const valueProblem = labelValueProblem(v);
        if (valueProblem)
          out.push(
            manifestFinding(m, p(), {
              ruleId: 'metadata/invalid-label',
              message: `value "${v}" of label ${k} ${valueProblem}`,
            }),
          );
      }
    }
  }
  for (const [pointer, annotations] of maps.annotations) {
    if (!isRecord(annotations)) continue;
    let total = 0;
    for (const [k, v] of Object.entries(annotations)) {
      total += k.length + (typeof v === 'string' ? v.length : 0);
      const problem = qualifiedNameProblem(k);
      if (problem) {
        out.push(
          manifestFinding(m, `${pointer}/${escapePointerSegment(k)}`, {
            ruleId: 'metadata/invalid-annotation',
            message: `annotation key "${k}" ${problem}`,
          }),
        );
      }
    }
    if (total > 262144) {
      out.push(
        manifestFinding(m, pointer, {
          ruleId: 'metadata/invalid-annotation',
          message: `annotations total ${total} bytes, more than the 262144 the API server accepts`,
        }),
      );
    }
  }
}
