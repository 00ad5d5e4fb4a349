/**
 * Key-based signature verification of a manifest's annotations, as k8s-manifest-sigstore's
 * pkg/k8smanifest/verify.go BlobSignatureVerifier.Verify runs it for one public key:
 *
 * - option.go GetAllSignatureSets: the `<domain>/message` annotation with `<domain>/signature`,
 *   `<domain>/signature_1`, … up to the first index that is missing; none ⇒ "signature not found";
 * - pkg/cosign/verify.go VerifyBlob: the signed bytes are the base64-decoded message after one
 *   GzipDecompress; the signature annotation is base64. A key-only set (no certificate, no bundle
 *   annotation) is verified without the transparency log, i.e. offline: cosign loads the PEM key
 *   (ECDSA and RSA PKCS#1 v1.5 over SHA-256, Ed25519) and checks the signature;
 * - the first set that verifies wins; otherwise every trial is listed in the error.
 *
 * A set that carries a certificate or a bundle is verified by cosign against Rekor/Fulcio: that needs
 * the network and is answered with an error that says so. Cosign's own error strings are not all
 * reproduced: the failure of a signature check reads as sigstore's verifiers word it.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { decodeStdBase64, gzipDecompressOrSelf } from './decode-signed-message.js';

export type SignatureVerdict = { verified: true } | { notFound: string } | { error: string };

interface SignatureSet {
  message: string;
  signature: string;
  certificate?: string;
  bundle?: string;
}

/** option.go annotationKey: `<domain>/<base>`, `_<i>` suffixed for i > 0. */
export const annotationKey = (domain: string, base: string, i = 0) =>
  i > 0 ? `${domain}/${base}_${i}` : `${domain}/${base}`;

function signatureSets(annotations: Record<string, string>, domain: string): SignatureSet[] {
  const message = annotations[annotationKey(domain, 'message')];
  if (message === undefined) return [];
  const sets: SignatureSet[] = [];
  const count = Object.keys(annotations).length;
  for (let i = 0; ; i++) {
    const signature = annotations[annotationKey(domain, 'signature', i)];
    if (signature === undefined) break;
    sets.push({
      message,
      signature,
      certificate: annotations[annotationKey(domain, 'certificate', i)],
      bundle: annotations[annotationKey(domain, 'bundle', i)],
    });
    if (i > count) break;
  }
  return sets;
}

/**
 * Kyverno hands k8s-manifest-sigstore a key that starts with the PEM header as the key itself; anything
 * else (a later key of a multi-key block, which keeps the newline before it) is taken for a key reference
 * that no signature type can load: "failed to judge signature type".
 */
function loadKey(pem: string): KeyObject | undefined {
  if (!pem.startsWith('-----BEGIN PUBLIC KEY-----')) return undefined;
  try {
    return createPublicKey(pem);
  } catch {
    return undefined;
  }
}

/** One set against one key: undefined = verified, else cosign's error for the trial. */
function verifySet(set: SignatureSet, key: KeyObject): string | undefined {
  if (set.certificate !== undefined || set.bundle !== undefined)
    return 'a signature with a certificate or bundle is verified against the Rekor transparency log (network access); not checked offline';
  const decoded = decodeStdBase64(set.message);
  const signed = gzipDecompressOrSelf('error' in decoded ? Buffer.alloc(0) : decoded);
  const sig = decodeStdBase64(set.signature);
  const prefix = 'cosign.VerifyBlobCmd.Exec() returned an error: ';
  if ('error' in sig) return `${prefix}decoding base64 signature: ${sig.error}`;
  const type = key.asymmetricKeyType;
  const algorithm = type === 'ed25519' ? null : 'sha256';
  if (type !== 'ec' && type !== 'rsa' && type !== 'ed25519')
    return `${prefix}unsupported public key type ${type}`;
  let ok = false;
  try {
    ok = verify(algorithm, signed, key, sig);
  } catch {
    ok = false;
  }
  if (ok) return undefined;
  const why =
    type === 'ec'
      ? 'invalid signature when validating ASN.1 encoded signature'
      : type === 'rsa'
        ? 'crypto/rsa: verification error'
        : 'failed to verify signature';
  return `${prefix}${why}`;
}

/** Go json.Marshal of a string list (HTML characters escaped). */
const goJson = (v: unknown) =>
  JSON.stringify(v).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

/** BlobSignatureVerifier.Verify for one `publicKeys` PEM. */
export function verifySignatureSets(
  annotations: Record<string, string>,
  options: { domain: string; publicKey: string },
): SignatureVerdict {
  const sets = signatureSets(annotations, options.domain);
  if (sets.length === 0) return { notFound: 'signature not found' };
  const key = loadKey(options.publicKey);
  if (key === undefined) return { error: 'failed to judge signature type from public key configuration' };
  const trials: string[] = [];
  for (const [j, set] of sets.entries()) {
    const err = verifySet(set, key);
    if (err === undefined) return { verified: true };
    trials.push(`[publickey 1/1] [signature ${j + 1}/${sets.length}] error: ${err}`);
  }
  return { error: `verification failed for ${sets.length} signature. all trials: ${goJson(trials)}` };
}
