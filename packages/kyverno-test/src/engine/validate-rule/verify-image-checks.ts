/**
 * The part of a `verifyImages` rule Kyverno decides without a registry: the image checks of the
 * validate phase (kyverno v1.19.1 pkg/engine/handlers/validation/validate_image.go), `verifyDigest`
 * (the image must carry a digest) and `required` (the image must be recorded as verified in the
 * resource's `kyverno.io/verify-images-scoped` annotation). A rule is compiled here only when nothing
 * of it needs the registry: no attestors or attestations (signature checks, pkg/engine/internal/
 * imageverifier.go) and `mutateDigest: false` (resolving a missing digest fetches the image
 * descriptor). Omitted booleans take the CRD defaults (`true`), as the CLI's loader fills them in.
 */
import { isPlainRecord as isObject } from '@neuroscale/core';
import { type Outcome, outcome } from '../evaluation/outcome.js';
import { extractImages } from '../values/images.js';
import { wildcardMatch } from '../values/wildcard.js';

export interface VerifyImageCheck {
  imageReferences: string[];
  verifyDigest: boolean;
  required: boolean;
}

/** Fields that make Kyverno contact a registry (attestors, attestations, the pre-1.7 single-key form). */
const REGISTRY_FIELDS = [
  'attestors',
  'attestations',
  'key',
  'roots',
  'subject',
  'issuer',
  'additionalExtensions',
  'annotations',
  'repository',
  'image',
];

function nonEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return v !== undefined && v !== null && v !== '';
}

/** The offline checks of a rule's `verifyImages`, or why the rule needs a registry. */
export function compileVerifyImageChecks(
  rule: Record<string, unknown>,
): { checks: VerifyImageCheck[]; failureAction?: string } | { unsupported: string } {
  const entries = Array.isArray(rule.verifyImages) ? rule.verifyImages : [];
  const checks: VerifyImageCheck[] = [];
  let failureAction: string | undefined;
  for (const e of entries) {
    if (!isObject(e)) return { unsupported: 'verifyImages entry is not a mapping' };
    const needs = REGISTRY_FIELDS.find((f) => nonEmpty(e[f]));
    if (needs) return { unsupported: `verifyImages ${needs} (signature verification needs registry access)` };
    if (e.mutateDigest !== false)
      return { unsupported: 'verifyImages mutateDigest (resolving image digests needs registry access)' };
    const refs = Array.isArray(e.imageReferences)
      ? e.imageReferences.filter((r): r is string => typeof r === 'string')
      : [];
    checks.push({
      imageReferences: refs,
      verifyDigest: e.verifyDigest !== false,
      required: e.required !== false,
    });
    if (failureAction === undefined && typeof e.failureAction === 'string') failureAction = e.failureAction;
  }
  // custom image extractors (CRD fields) are not read by this engine's image extraction
  if (rule.imageExtractors !== undefined) return { unsupported: 'verifyImages with imageExtractors' };
  return failureAction === undefined ? { checks } : { checks, failureAction };
}

const matchesAny = (image: string, patterns: readonly string[]) =>
  patterns.some((p) => p === image || wildcardMatch(p, image));

/** The resource's images (`ImageInfo.String()` form, with digest) that some check names. */
function matchingImages(
  resource: unknown,
  checks: readonly VerifyImageCheck[],
): Array<{ ref: string; digest: string }> {
  const out: Array<{ ref: string; digest: string }> = [];
  for (const group of Object.values(extractImages(resource)))
    for (const info of Object.values(group)) {
      const ref = String((info as { reference?: unknown }).reference ?? '');
      const digest = String((info as { digest?: unknown }).digest ?? '');
      if (checks.some((c) => matchesAny(ref, c.imageReferences))) out.push({ ref, digest });
    }
  return out;
}

/**
 * Whether Kyverno creates the image-check handler for this request at all (NewValidateImageHandler):
 * some check is on, the request is not a DELETE, and some image of the resource matches.
 */
export function hasImageChecksFor(
  resource: unknown,
  checks: readonly VerifyImageCheck[],
  { isDelete }: { isDelete: boolean },
): boolean {
  if (isDelete || !checks.some((c) => c.verifyDigest || c.required)) return false;
  return matchingImages(resource, checks).length > 0;
}

/** kyverno `IsImageVerifiedForPolicy`: the scoped annotation's status for (policy, rule, image). */
function scopedStatus(resource: unknown, policyKey: string, rule: string, image: string): string {
  const md = isObject(resource) && isObject(resource.metadata) ? resource.metadata : {};
  const raw = isObject(md.annotations) ? md.annotations['kyverno.io/verify-images-scoped'] : undefined;
  if (typeof raw !== 'string') return 'fail';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'fail';
  }
  if (!isObject(parsed) || parsed.version !== 1 || !isObject(parsed.policies)) return 'fail';
  const rules = parsed.policies[policyKey];
  const images = isObject(rules) ? rules[rule] : undefined;
  const status = isObject(images) ? images[image] : undefined;
  return typeof status === 'string' ? status : 'fail';
}

/** The validate-phase response of the image checks (validateImageHandler.Process). */
export function verifyImageChecks(
  resource: unknown,
  checks: readonly VerifyImageCheck[],
  { policyKey, rule }: { policyKey: string; rule: string },
): Outcome {
  const passed: string[] = [];
  const skipped: string[] = [];
  const all = matchingImages(resource, checks);
  for (const check of checks)
    for (const { ref, digest } of all) {
      if (!matchesAny(ref, check.imageReferences)) continue;
      if (check.verifyDigest && digest === '') return outcome('fail', `missing digest for ${ref}`);
      if (!check.required) continue;
      const status = scopedStatus(resource, policyKey, rule, ref);
      if (status === 'fail') return outcome('fail', `unverified image ${ref}`);
      if (status === 'skip') skipped.push(ref);
      else if (status === 'pass') passed.push(ref);
    }
  if (passed.length > 0 || skipped.length === 0)
    return outcome(
      'pass',
      skipped.length > 0 ? ['image verified, skipped images:', ...skipped].join(' ') : 'image verified',
    );
  return outcome('skip', ['image skipped, skipped images:', ...skipped].join(' '));
}
