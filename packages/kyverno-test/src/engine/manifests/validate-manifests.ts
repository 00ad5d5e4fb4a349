/**
 * `validate.manifests`: YAML manifest signature verification (kyverno v1.19.1
 * pkg/engine/handlers/validation/validate_manifest.go), offline for public keys given in the policy.
 *
 * - DELETE requests get no rule response (NewValidateManifestHandler returns no handler);
 * - every attestor set must verify, in order; the first that does not decides (fail, or error);
 * - in a set, entries are tried in order (`keys.publicKeys` holding several PEM keys is first split into
 *   one entry per key, pkg/engine/internal/utils.go ExpandStaticKeys) until `count` of them verified
 *   (no count, or 0 ⇒ all entries); an entry whose verification errs is an error of the set unless the
 *   count is reached anyway; otherwise the set fails listing why each entry failed;
 * - entry `annotations` must all equal the resource's (checkManifestAnnotations: else an error);
 * - a nested `attestor` is a set of its own, verified the same way.
 *
 * What needs more than the policy and the resource is not compiled (compileManifests returns the reason):
 * keyless and certificate attestors (Fulcio/Rekor), keys held in a cluster secret or a KMS, PGP keys,
 * manifests pulled from an OCI `repository`, and `dryRun.enable` (a dry-run create on an API server).
 * `signatureAlgorithm` is not read by this handler (k8s-manifest-sigstore picks the hash from the key).
 */
import { isObject } from '../jmespath/json.js';
import { type FieldBinding, ignoreFieldsFor, parseFieldBindings } from './ignore-fields.js';
import { annotationsOf, type ResourceVerdict, verifyResource } from './verify-resource.js';

export const DEFAULT_ANNOTATION_DOMAIN = 'cosign.sigstore.dev';
const PEM_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----';
const MAX_NESTING = 8;

type Entry =
  | { kind: 'key'; publicKey: string; annotations?: Record<string, string> }
  | { kind: 'nested'; set: AttestorSet };

export interface AttestorSet {
  count: number;
  entries: Entry[];
}

export interface ManifestsSpec {
  attestors: AttestorSet[];
  ignoreFields: FieldBinding[];
  annotationDomain: string;
}

/** pkg/engine/internal/utils.go splitPEM: SplitAfter `-----END PUBLIC KEY-----`, the tail dropped. */
function splitPem(pem: string): string[] {
  const marker = '-----END PUBLIC KEY-----';
  const parts: string[] = [];
  let from = 0;
  for (let at = pem.indexOf(marker); at >= 0; at = pem.indexOf(marker, from)) {
    parts.push(pem.slice(from, at + marker.length));
    from = at + marker.length;
  }
  return parts;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

/** One attestor entry, or why it cannot be verified offline. */
function compileEntry(e: Record<string, unknown>, depth: number): Entry[] | { unsupported: string } {
  const annotations = stringMap(e.annotations);
  if (typeof e.repository === 'string' && e.repository !== '')
    return { unsupported: 'validate.manifests attestor repository (manifests pulled from an OCI registry)' };
  if (e.attestor !== undefined) {
    if (!isObject(e.attestor) || depth >= MAX_NESTING)
      return { unsupported: 'validate.manifests nested attestor that is not a mapping' };
    const set = compileSet(e.attestor, depth + 1);
    return 'unsupported' in set ? set : [{ kind: 'nested', set }];
  }
  if (e.certificates !== undefined || e.keyless !== undefined)
    return {
      unsupported:
        'validate.manifests certificate/keyless attestors (verified against Fulcio and Rekor, network access)',
    };
  const keys = isObject(e.keys) ? e.keys : undefined;
  const pem = typeof keys?.publicKeys === 'string' ? keys.publicKeys : '';
  if (!pem.startsWith(PEM_PUBLIC_KEY))
    return {
      unsupported:
        'validate.manifests keys that are not a PEM public key (a cluster secret, a KMS, a PGP key or a file: not read offline)',
    };
  const split = splitPem(pem);
  // a later key of a multi-key block keeps the newline before it, so Kyverno takes it for a key
  // reference (no PEM prefix) and k8s-manifest-sigstore cannot load it: kept as written here too
  const keysOut = split.length > 1 ? split : [pem];
  return keysOut.map((publicKey) => ({ kind: 'key', publicKey, annotations }));
}

function compileSet(raw: Record<string, unknown>, depth: number): AttestorSet | { unsupported: string } {
  const entries: Entry[] = [];
  for (const e of Array.isArray(raw.entries) ? raw.entries : []) {
    if (!isObject(e)) return { unsupported: 'validate.manifests attestor entry that is not a mapping' };
    const compiled = compileEntry(e, depth);
    if ('unsupported' in compiled) return compiled;
    entries.push(...compiled);
  }
  const count = typeof raw.count === 'number' && Number.isInteger(raw.count) ? raw.count : 0;
  return { count: count === 0 ? entries.length : count, entries };
}

/** The rule's `validate.manifests`, or why it is not verified offline. */
export function compileManifests(raw: unknown): ManifestsSpec | { unsupported: string } {
  if (!isObject(raw)) return { unsupported: 'validate.manifests is not a mapping' };
  if (typeof raw.repository === 'string' && raw.repository !== '')
    return { unsupported: 'validate.manifests repository (manifests pulled from an OCI registry)' };
  if (isObject(raw.dryRun) && raw.dryRun.enable === true)
    return { unsupported: 'validate.manifests dryRun (a dry-run create on an API server)' };
  const attestors: AttestorSet[] = [];
  for (const a of Array.isArray(raw.attestors) ? raw.attestors : []) {
    if (!isObject(a)) return { unsupported: 'validate.manifests attestor that is not a mapping' };
    const set = compileSet(a, 0);
    if ('unsupported' in set) return set;
    attestors.push(set);
  }
  const domain =
    typeof raw.annotationDomain === 'string' && raw.annotationDomain !== ''
      ? raw.annotationDomain
      : DEFAULT_ANNOTATION_DOMAIN;
  return { attestors, ignoreFields: parseFieldBindings(raw.ignoreFields), annotationDomain: domain };
}

type SetVerdict = { verified: true; reason: string } | { fail: string } | { error: string };

interface Verifying {
  resource: Record<string, unknown>;
  annotations: Record<string, string>;
  domain: string;
  ignoreFields: string[];
}

/** checkManifestAnnotations: the first expected annotation the resource does not carry is an error. */
function annotationMismatch(
  want: Record<string, string> | undefined,
  have: Record<string, string>,
): string | undefined {
  for (const [k, v] of Object.entries(want ?? {}))
    if (have[k] !== v)
      return `annotations mismatch: ${have[k] ?? ''} does not match expected value ${v} for key ${k}`;
  return undefined;
}

function verifyEntry(entry: Entry, path: string, v: Verifying): ResourceVerdict | SetVerdict {
  if (entry.kind === 'nested') {
    const nestedPath = `${path}.attestor`;
    const r = verifySet(entry.set, nestedPath, v);
    return 'error' in r ? { error: `failed to verify signature; ${nestedPath}: ${r.error}` } : r;
  }
  // k8sVerifyResource checks the entry's annotations (nested attestors' are not read)
  const mismatch = annotationMismatch(entry.annotations, v.annotations);
  if (mismatch !== undefined) return { error: mismatch };
  const r = verifyResource(v.resource, {
    domain: v.domain,
    ignoreFields: v.ignoreFields,
    publicKey: entry.publicKey,
  });
  if ('error' in r) return { error: `${path}.keys: ${r.error}` };
  if ('fail' in r) return { fail: `${path}.keys: ${r.fail}` };
  // the signer of a key-based signature has no name
  return { verified: true, reason: 'singed by a valid signer: ' };
}

/** verifyManifestAttestorSet. */
function verifySet(set: AttestorSet, path: string, v: Verifying): SetVerdict {
  let verified = 0;
  const errors: string[] = [];
  const passed: string[] = [];
  const failed: string[] = [];
  for (const [i, entry] of set.entries.entries()) {
    const r = verifyEntry(entry, `${path}.entries[${i}]`, v);
    if ('error' in r) errors.push(r.error);
    else if ('verified' in r) {
      verified++;
      passed.push('reason' in r ? r.reason : '');
    } else failed.push(r.fail);
    if (verified >= set.count)
      return {
        verified: true,
        reason: `manifest verification succeeded; verifiedCount ${verified}; requiredCount ${set.count}; message ${passed.join(',')}`,
      };
  }
  // multierr.Combine: the entries' errors joined with "; "
  if (errors.length > 0) return { error: errors.join('; ') };
  return {
    fail: `manifest verification failed; verifiedCount ${verified}; requiredCount ${set.count}; message ${failed.join(',')}`,
  };
}

export type ManifestsVerdict = { status: 'pass' | 'fail' | 'error'; message: string };

/** verifyManifest + the handler's response for one resource. */
export function validateManifests(spec: ManifestsSpec, resource: Record<string, unknown>): ManifestsVerdict {
  const v: Verifying = {
    resource,
    annotations: annotationsOf(resource),
    domain: spec.annotationDomain,
    ignoreFields: ignoreFieldsFor(resource, {
      ruleBindings: spec.ignoreFields,
      annotationDomain: spec.annotationDomain,
    }),
  };
  const reasons: string[] = [];
  for (const [i, set] of spec.attestors.entries()) {
    const r = verifySet(set, `.attestors[${i}]`, v);
    if ('error' in r)
      return { status: 'error', message: `error occurred during manifest verification: ${r.error}` };
    if ('fail' in r) return { status: 'fail', message: r.fail };
    reasons.push(r.reason);
  }
  return { status: 'pass', message: `verified manifest signatures; ${reasons.join(',')}` };
}
