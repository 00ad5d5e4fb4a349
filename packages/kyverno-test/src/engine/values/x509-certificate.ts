/**
 * A PEM certificate decoded the way Kyverno's `x509_decode` (kyverno `pkg/engine/jmespath/functions.go`
 * `jpX509Decode`) and the SDK's `x509.decode` return it: Go's `x509.Certificate` marshalled to JSON and
 * read back, with an RSA public key replaced by `{N: <decimal string>, E: <int>}`.
 *
 * Covered: the fields policies read (Subject, Issuer with their `Names`, SerialNumber, NotBefore, NotAfter,
 * Version, PublicKeyAlgorithm, PublicKey, IsCA, BasicConstraintsValid, DNSNames, EmailAddresses,
 * IPAddresses, Raw). Go marshals empty slices as `null`, `[]byte` as base64 and times as RFC 3339.
 */
import { type KeyObject, X509Certificate } from 'node:crypto';

/** pkix attribute short names (Node's `subject` text) → Go's `pkix.Name` field and the attribute OID. */
const ATTRIBUTES: Record<string, { field: string; oid: number[] }> = {
  C: { field: 'Country', oid: [2, 5, 4, 6] },
  O: { field: 'Organization', oid: [2, 5, 4, 10] },
  OU: { field: 'OrganizationalUnit', oid: [2, 5, 4, 11] },
  L: { field: 'Locality', oid: [2, 5, 4, 7] },
  ST: { field: 'Province', oid: [2, 5, 4, 8] },
  street: { field: 'StreetAddress', oid: [2, 5, 4, 9] },
  postalCode: { field: 'PostalCode', oid: [2, 5, 4, 17] },
  serialNumber: { field: 'SerialNumber', oid: [2, 5, 4, 5] },
  CN: { field: 'CommonName', oid: [2, 5, 4, 3] },
};
const LIST_FIELDS = [
  'Country',
  'Organization',
  'OrganizationalUnit',
  'Locality',
  'Province',
  'StreetAddress',
  'PostalCode',
];

/** Go's `pkix.Name` as JSON, from Node's one-attribute-per-line distinguished name. */
function pkixName(dn: string): Record<string, unknown> {
  const attributes: Array<{ oid: number[]; value: string }> = [];
  for (const line of dn.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const attr = ATTRIBUTES[line.slice(0, at)];
    if (attr) attributes.push({ oid: attr.oid, value: line.slice(at + 1) });
  }
  return pkixNameOf(attributes);
}

const FIELD_BY_OID = new Map(Object.values(ATTRIBUTES).map((a) => [a.oid.join('.'), a.field]));

/**
 * Go's `pkix.Name` as JSON from the attributes of a distinguished name, in order
 * (`pkix.Name.FillFromRDNSequence`); attributes other than the named fields are left out.
 */
export function pkixNameOf(attributes: Array<{ oid: number[]; value: string }>): Record<string, unknown> {
  const lists = new Map<string, string[]>(LIST_FIELDS.map((f) => [f, []]));
  const name: Record<string, unknown> = { SerialNumber: '', CommonName: '' };
  const names: Array<{ Type: number[]; Value: string }> = [];
  for (const { oid, value } of attributes) {
    const field = FIELD_BY_OID.get(oid.join('.'));
    if (!field) continue;
    const attr = { field, oid };
    names.push({ Type: attr.oid, Value: value });
    const list = lists.get(attr.field);
    if (list) list.push(value);
    else name[attr.field] = value;
  }
  const out: Record<string, unknown> = {};
  for (const f of LIST_FIELDS) {
    const list = lists.get(f) as string[];
    out[f] = list.length === 0 ? null : list;
  }
  return { ...out, ...name, Names: names.length === 0 ? null : names, ExtraNames: null };
}

const base64UrlToBigInt = (s: string): bigint =>
  BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`);

/** Go's `x509.PublicKeyAlgorithm` values. */
const KEY_ALGORITHMS: Record<string, number> = { rsa: 1, dsa: 2, ec: 3, ed25519: 4 };

function publicKeyOf(cert: X509Certificate): { algorithm: number; key: unknown } {
  const key = cert.publicKey;
  const algorithm = KEY_ALGORITHMS[key.asymmetricKeyType ?? ''] ?? 0;
  if (key.asymmetricKeyType !== 'rsa') return { algorithm, key: {} };
  return { algorithm, key: rsaPublicKeyOf(key) };
}

/** An RSA public key as Kyverno's `PublicKey` struct: the modulus in decimal and the exponent. */
export function rsaPublicKeyOf(key: KeyObject): { N: string; E: number } {
  const jwk = key.export({ format: 'jwk' });
  return { N: base64UrlToBigInt(jwk.n ?? '').toString(), E: Number(base64UrlToBigInt(jwk.e ?? '')) };
}

/** Entries of the subjectAltName extension with the given prefix (`DNS:`, `email:`, `IP Address:`). */
function altNames(cert: X509Certificate, prefix: string): string[] | null {
  const out = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((s) => s.startsWith(prefix))
    .map((s) => s.slice(prefix.length));
  return out.length === 0 ? null : out;
}

const goTime = (text: string): string => new Date(text).toISOString().replace('.000Z', 'Z');

/** Decodes one PEM certificate; throws Kyverno's "invalid certificate" when there is none. */
export function decodeX509Certificate(pem: string): Record<string, unknown> {
  if (!pem.includes('-----BEGIN')) throw new Error('invalid certificate');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (e) {
    throw new Error(`x509: malformed certificate (${(e as Error).message})`);
  }
  const { algorithm, key } = publicKeyOf(cert);
  return {
    Raw: cert.raw.toString('base64'),
    PublicKeyAlgorithm: algorithm,
    PublicKey: key,
    Version: 3,
    SerialNumber: Number(BigInt(`0x${cert.serialNumber}`)),
    Issuer: pkixName(cert.issuer),
    Subject: pkixName(cert.subject),
    NotBefore: goTime(cert.validFrom),
    NotAfter: goTime(cert.validTo),
    BasicConstraintsValid: cert.ca,
    IsCA: cert.ca,
    DNSNames: altNames(cert, 'DNS:'),
    EmailAddresses: altNames(cert, 'email:'),
    IPAddresses: altNames(cert, 'IP Address:'),
  };
}
