/**
 * Kyverno's `x509_decode` input: the first PEM block decides what is decoded (kyverno v1.19.1
 * pkg/engine/jmespath/functions.go `jpX509Decode`: `pem.Decode`, then a switch on the block type).
 */
import { decodeX509Certificate } from './x509-certificate.js';
import { decodeCertificateRequest } from './x509-certificate-request.js';

const BEGIN = '-----BEGIN ';
const DASHES = '-----';

/** The type and DER of the first PEM block, or undefined when there is none. */
function firstPemBlock(text: string): { type: string; der: Buffer } | undefined {
  const begin = text.indexOf(BEGIN);
  if (begin < 0) return undefined;
  const typeEnd = text.indexOf(DASHES, begin + BEGIN.length);
  if (typeEnd < 0) return undefined;
  const type = text.slice(begin + BEGIN.length, typeEnd);
  const end = text.indexOf(`-----END ${type}${DASHES}`, typeEnd);
  if (end < 0) return undefined;
  const body = text.slice(typeEnd + DASHES.length, end).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  return { type, der: Buffer.from(body, 'base64') };
}

/** Go's `x509.RSA` (`PublicKeyAlgorithm`). */
const RSA = 1;

/**
 * Decodes a PEM certificate or certificate request; throws Kyverno's errors: "failed to decode PEM block"
 * when there is none (Kyverno's unit test accepts "invalid certificate", but `jpX509Decode` itself says
 * this), "certificate should use rsa algorithm" for any other key. (CEL's `x509.decode` decodes other
 * keys as `{}`: it calls decodeX509Certificate directly.)
 */
export function decodeX509Pem(text: string): Record<string, unknown> {
  const block = firstPemBlock(text);
  if (!block) throw new Error('failed to decode PEM block');
  if (block.type === 'CERTIFICATE') {
    const cert = decodeX509Certificate(text);
    if (cert.PublicKeyAlgorithm !== RSA) throw new Error('certificate should use rsa algorithm');
    return cert;
  }
  if (block.type === 'CERTIFICATE REQUEST') return decodeCertificateRequest(block.der);
  throw new Error('PEM block neither contains a CERTIFICATE or CERTIFICATE REQUEST');
}
