/**
 * k8s-manifest-sigstore pkg/k8smanifest/verify_resource.go VerifyResource for one public key, with the
 * manifest embedded in the resource's annotations (BlobManifestFetcher) and direct matching (dry-run
 * matching needs an API server; rules that enable it are not compiled):
 *
 * 1. fetch: the message annotation decoded (decode-signed-message.ts); no message, or no manifest of the
 *    resource's kind in it ⇒ "message not found" (a fail in Kyverno); a malformed message ⇒ an error;
 * 2. find the candidates (pkg/util/yaml.go FindManifestYAML): same kind, then the one with the same
 *    group, kind and name (the namespace breaks ties), else the manifests sharing the most field values
 *    with the resource (at most 3);
 * 3. match each candidate with the resource (manifest-diff.ts); the first candidate's diff is reported;
 * 4. verify the signatures (verify-signature-sets.ts): not found ⇒ fail, not verified ⇒ error;
 * 5. verified = matched and signed.
 *
 * ManifestSearchByValue stops counting early in an order that depends on Go's map iteration; here every
 * field is counted, which gives the same candidates whenever upstream's answer is deterministic.
 */
import { isObject } from '../jmespath/json.js';
import {
  decodeStdBase64,
  gzipDecompressOrSelf,
  MessageTooLargeError,
  manifestsInMessage,
} from './decode-signed-message.js';
import { type DiffItem, diffToJson, directMatchDiff, ravel, withoutIgnoredFields } from './manifest-diff.js';
import { annotationKey, verifySignatureSets } from './verify-signature-sets.js';

export type ResourceVerdict = { verified: true } | { fail: string } | { error: string };

const NOT_FOUND = 'YAML manifest not found for this resource';
const MAX_CANDIDATES = 3;

export function annotationsOf(resource: Record<string, unknown>): Record<string, string> {
  const md = isObject(resource.metadata) ? resource.metadata : {};
  const out: Record<string, string> = {};
  if (isObject(md.annotations))
    for (const [k, v] of Object.entries(md.annotations)) if (typeof v === 'string') out[k] = v;
  return out;
}

interface Identity {
  group: string;
  kind: string;
  name: string;
  namespace: string;
}

/** apimachinery schema.ParseGroupVersion: undefined when it has more than one `/`. */
function identityOf(o: Record<string, unknown>): Identity | undefined {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const parts = apiVersion.split('/');
  if (parts.length > 2) return undefined;
  const md = isObject(o.metadata) ? o.metadata : {};
  return {
    group: parts.length === 2 ? (parts[0] ?? '') : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
    name: typeof md.name === 'string' ? md.name : '',
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
  };
}

/** Go `fmt.Sprintf("%v", v)` of a raveled leaf. */
const goValue = (v: unknown) => String(v);

function searchByValue(
  candidates: Record<string, unknown>[],
  resource: Record<string, unknown>,
  ignoreFields: readonly string[],
): Record<string, unknown>[] {
  const masked = (o: unknown) => {
    const leaves = ravel(o);
    const keep = new Set(
      withoutIgnoredFields(
        [...leaves.keys()].map((key) => ({ key, before: 0, after: 0 })),
        ignoreFields,
      ).map((d) => d.key),
    );
    return new Map([...leaves].filter(([k]) => keep.has(k)).map(([k, v]) => [k, goValue(v)]));
  };
  const obj = masked(resource);
  const scored = candidates.map((c, index) => {
    const table = masked(c);
    let count = 0;
    for (const [k, v] of obj) if (table.get(k) === v) count++;
    return { c, count, index };
  });
  const max = Math.max(...scored.map((s) => s.count));
  return scored
    .filter((s) => s.count === max)
    .slice(0, MAX_CANDIDATES)
    .map((s) => s.c);
}

/** FindManifestYAML over the message's documents. */
function findManifests(
  docs: unknown[],
  resource: Record<string, unknown>,
  ignoreFields: readonly string[],
): Record<string, unknown>[] {
  const kind = typeof resource.kind === 'string' ? resource.kind : '';
  const sameKind = docs.filter(isObject).filter((d) => (typeof d.kind === 'string' ? d.kind : '') === kind);
  if (sameKind.length === 0) return [];
  const want = identityOf(resource);
  if (want !== undefined) {
    const ids = sameKind.map((d) => ({ d, id: identityOf(d) }));
    const same = ids.filter(
      ({ id }) =>
        id !== undefined && id.group === want.group && id.kind === want.kind && id.name === want.name,
    );
    if (same.length === 1) return [same[0]!.d];
    if (same.length > 1) {
      const sameNs = same.find(({ id }) => id?.namespace === want.namespace);
      return [(sameNs ?? same[0]!).d];
    }
  }
  return searchByValue(sameKind, resource, ignoreFields);
}

function fetchManifests(
  annotations: Record<string, string>,
  resource: Record<string, unknown>,
  options: { domain: string; ignoreFields: readonly string[] },
): Record<string, unknown>[] | ResourceVerdict {
  const message = annotations[annotationKey(options.domain, 'message')];
  if (message === undefined) return { fail: `${NOT_FOUND}: message not found` };
  const decoded = decodeStdBase64(message);
  if ('error' in decoded)
    return { error: `${NOT_FOUND}: failed to decode base64 message in the annotation: ${decoded.error}` };
  const docs = manifestsInMessage(gzipDecompressOrSelf(decoded));
  if ('error' in docs)
    return { error: `${NOT_FOUND}: failed to read YAMLs in the gzipped message: ${docs.error}` };
  const found = findManifests(docs, resource, options.ignoreFields);
  if (found.length === 0)
    return { fail: `${NOT_FOUND}: failed to find a YAML manifest in the gzipped message` };
  return found;
}

/** VerifyResource with one PEM public key; messages without Kyverno's attestor path prefix. */
export function verifyResource(
  resource: Record<string, unknown>,
  options: { domain: string; ignoreFields: readonly string[]; publicKey: string },
): ResourceVerdict {
  const annotations = annotationsOf(resource);
  try {
    const fetched = fetchManifests(annotations, resource, options);
    if (!Array.isArray(fetched)) return fetched;
    let firstDiff: DiffItem[] | undefined;
    let matched = false;
    for (const candidate of fetched) {
      const diff = directMatchDiff(candidate, resource, options.ignoreFields);
      if (diff.length === 0) {
        matched = true;
        break;
      }
      firstDiff ??= diff;
    }
    const signed = verifySignatureSets(annotations, { domain: options.domain, publicKey: options.publicKey });
    if ('notFound' in signed) return { fail: `failed to verify signature: ${signed.notFound}` };
    if ('error' in signed) return { error: `failed to verify signature: ${signed.error}` };
    if (matched) return { verified: true };
    if (firstDiff !== undefined && firstDiff.length > 0)
      return { fail: `failed to verify signature. diff found; ${diffToJson(firstDiff)}` };
    return { fail: 'failed to verify signature.' };
  } catch (e) {
    if (e instanceof MessageTooLargeError || e instanceof RangeError)
      return { error: `${NOT_FOUND}: the signed message is not read: ${e.message}` };
    throw e;
  }
}
