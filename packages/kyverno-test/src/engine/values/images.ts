/**
 * Kyverno's `images` context variable (pkg/utils/image/infos.go): container images of Pods and pod
 * controllers parsed into {registry, path, name, tag, digest, reference, referenceWithTag}, with the
 * default registry `docker.io` added before parsing and tag `latest` when neither tag nor digest is set.
 */
export interface ImageInfo {
  registry: string;
  path: string;
  name: string;
  tag: string;
  digest: string;
  reference: string;
  referenceWithTag: string;
}

const DEFAULT_REGISTRY = 'docker.io';
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOMAIN_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

function addDefaultRegistry(name: string): string {
  const i = name.indexOf('/');
  if (i === -1) return `${DEFAULT_REGISTRY}/${name}`;
  const first = name.slice(0, i);
  if (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)
    return `${DEFAULT_REGISTRY}/${name}`;
  return name;
}

function parseReference(
  full: string,
): { registry: string; path: string; tag: string; digest: string } | undefined {
  let rest = full;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return undefined;
  }
  let tag = '';
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return undefined;
  }
  const slash = rest.indexOf('/');
  if (slash < 0) return undefined;
  const registry = rest.slice(0, slash);
  const path = rest.slice(slash + 1);
  if (!DOMAIN_RE.test(registry)) return undefined;
  if (path === '' || !path.split('/').every((c) => PATH_COMPONENT.test(c))) return undefined;
  if (full.length > 255 + 200) return undefined;
  return { registry, path, tag, digest };
}

export function parseImageInfo(image: string): ImageInfo | undefined {
  if (typeof image !== 'string' || image === '') return undefined;
  const ref = parseReference(addDefaultRegistry(image));
  if (!ref) return undefined;
  const { registry, path, digest } = ref;
  let { tag } = ref;
  if (digest === '' && tag === '') tag = 'latest';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const base = `${registry}/${path}`;
  return {
    registry,
    path,
    name,
    tag,
    digest,
    reference: digest ? `${base}@${digest}` : `${base}:${tag}`,
    referenceWithTag: `${base}:${tag}`,
  };
}

/** `image_normalize()`: docker.io/library defaults, `:latest` when untagged (digest kept). */
export function normalizeImage(image: string): { reference: string; referenceWithTag?: string } | undefined {
  const info = parseImageInfo(image);
  if (!info) return undefined;
  const path =
    info.registry === DEFAULT_REGISTRY && !info.path.includes('/') ? `library/${info.path}` : info.path;
  const base = `${info.registry}/${path}`;
  if (info.digest)
    return { reference: info.tag ? `${base}:${info.tag}@${info.digest}` : `${base}@${info.digest}` };
  return { reference: `${base}:${info.tag}` };
}

const POD_CONTROLLERS = new Set([
  'DaemonSet',
  'Deployment',
  'Job',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
]);

function podSpecPath(kind: string | undefined): string[] | undefined {
  if (kind === 'Pod') return ['spec'];
  if (kind && POD_CONTROLLERS.has(kind)) return ['spec', 'template', 'spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return undefined;
}

/** The `images` context map for a resource (empty object when it has no pod spec). */
export function extractImages(resource: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!resource || typeof resource !== 'object') return out;
  const kind = (resource as { kind?: string }).kind;
  const path = podSpecPath(kind);
  if (!path) return out;
  let spec: unknown = resource;
  for (const p of path)
    spec = spec && typeof spec === 'object' ? (spec as Record<string, unknown>)[p] : undefined;
  if (!spec || typeof spec !== 'object') return out;
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = (spec as Record<string, unknown>)[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!c || typeof c !== 'object') return;
      const { name, image } = c as { name?: unknown; image?: unknown };
      if (typeof name !== 'string' || typeof image !== 'string') return;
      const info = parseImageInfo(image);
      if (!info) return;
      out[field] ??= {};
      (out[field] as Record<string, unknown>)[name] = {
        ...info,
        jsonPointer: `/${[...path, field, String(i), 'image'].join('/')}`,
      };
    });
  }
  return out;
}
