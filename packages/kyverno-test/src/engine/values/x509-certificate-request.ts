/**
 * A PEM "CERTIFICATE REQUEST" (PKCS #10) decoded the way Kyverno's `x509_decode` returns it (kyverno
 * v1.19.1 pkg/engine/jmespath/functions.go `jpX509Decode`, case "CERTIFICATE REQUEST"): Go's
 * `x509.CertificateRequest` marshalled to JSON and read back, with the RSA public key as
 * `{N: <decimal string>, E: <int>}`; a request with another key algorithm is Kyverno's error.
 *
 * Covered: Raw, RawTBSCertificateRequest, RawSubjectPublicKeyInfo, RawSubject, Version, Signature,
 * SignatureAlgorithm, PublicKeyAlgorithm, PublicKey and Subject. The request's attributes (extension
 * requests and the subject alternative names in them) are not decoded: Attributes, Extensions,
 * DNSNames, EmailAddresses, IPAddresses and URIs are `null`, as Go gives them for a request without any.
 */
import { createPublicKey } from 'node:crypto';
import {
  childrenOf,
  DER_BIT_STRING,
  DER_INTEGER,
  DER_SEQUENCE,
  DER_SET,
  type DerElement,
  expectElement,
  oidArcs,
  smallInteger,
  stringValue,
} from './der-reader.js';
import { pkixNameOf, rsaPublicKeyOf } from './x509-certificate.js';

/** Go's `x509.SignatureAlgorithm` values by signature algorithm OID. */
const SIGNATURE_ALGORITHMS: Record<string, number> = {
  '1.2.840.113549.1.1.2': 1,
  '1.2.840.113549.1.1.4': 2,
  '1.2.840.113549.1.1.5': 3,
  '1.2.840.113549.1.1.11': 4,
  '1.2.840.113549.1.1.12': 5,
  '1.2.840.113549.1.1.13': 6,
  '1.2.840.10040.4.3': 7,
  '2.16.840.1.101.3.4.3.2': 8,
  '1.2.840.10045.4.1': 9,
  '1.2.840.10045.4.3.2': 10,
  '1.2.840.10045.4.3.3': 11,
  '1.2.840.10045.4.3.4': 12,
  '1.3.101.112': 16,
};

/** Go's `x509.PublicKeyAlgorithm` values by key algorithm OID. */
const KEY_ALGORITHMS: Record<string, number> = {
  '1.2.840.113549.1.1.1': 1,
  '1.2.840.10040.4.1': 2,
  '1.2.840.10045.2.1': 3,
  '1.3.101.112': 4,
};

/** The attributes of an RDNSequence, in order. */
function nameAttributes(name: DerElement): Array<{ oid: number[]; value: string }> {
  const out: Array<{ oid: number[]; value: string }> = [];
  for (const rdn of childrenOf(name)) {
    if (rdn.tag !== DER_SET) throw new Error('bad name');
    for (const atv of childrenOf(rdn)) {
      const [type, value] = childrenOf(atv);
      if (atv.tag !== DER_SEQUENCE || !type || !value) throw new Error('bad name');
      out.push({ oid: oidArcs(type), value: stringValue(value) });
    }
  }
  return out;
}

/** The algorithm OID of an AlgorithmIdentifier. */
function algorithmOid(identifier: DerElement | undefined): string {
  const [oid] = identifier && identifier.tag === DER_SEQUENCE ? childrenOf(identifier) : [];
  if (!oid) throw new Error('bad algorithm identifier');
  return oidArcs(oid).join('.');
}

/** Decodes the DER of one certificate request; throws Kyverno's errors. */
export function decodeCertificateRequest(der: Buffer): Record<string, unknown> {
  let parts: {
    raw: DerElement;
    info: DerElement;
    version: number;
    subject: DerElement;
    spki: DerElement;
    signatureAlgorithm: string;
    signature: DerElement;
    subjectAttributes: Array<{ oid: number[]; value: string }>;
    keyAlgorithm: number;
  };
  try {
    const raw = expectElement(der, DER_SEQUENCE);
    const [info, sigAlg, signature] = childrenOf(raw);
    if (!info || info.tag !== DER_SEQUENCE || !signature || signature.tag !== DER_BIT_STRING) {
      throw new Error('bad request');
    }
    const [version, subject, spki] = childrenOf(info);
    if (!version || version.tag !== DER_INTEGER || !subject || subject.tag !== DER_SEQUENCE || !spki) {
      throw new Error('bad request');
    }
    parts = {
      raw,
      info,
      version: smallInteger(version),
      subject,
      spki,
      signatureAlgorithm: algorithmOid(sigAlg),
      signature,
      subjectAttributes: nameAttributes(subject),
      keyAlgorithm: KEY_ALGORITHMS[algorithmOid(childrenOf(spki)[0])] ?? 0,
    };
  } catch {
    // Go: x509.ParseCertificateRequest → asn1 errors, worded as the x509 package words them
    throw new Error('x509: malformed certificate request');
  }
  if (parts.keyAlgorithm !== 1) throw new Error('certificate should use rsa algorithm');
  let publicKey: { N: string; E: number };
  try {
    publicKey = rsaPublicKeyOf(createPublicKey({ key: parts.spki.full, format: 'der', type: 'spki' }));
  } catch {
    throw new Error('failed to parse subject public key info');
  }
  return {
    Raw: parts.raw.full.toString('base64'),
    RawTBSCertificateRequest: parts.info.full.toString('base64'),
    RawSubjectPublicKeyInfo: parts.spki.full.toString('base64'),
    RawSubject: parts.subject.full.toString('base64'),
    Version: parts.version,
    // a BIT STRING's contents start with the count of unused bits
    Signature: parts.signature.contents.subarray(1).toString('base64'),
    SignatureAlgorithm: SIGNATURE_ALGORITHMS[parts.signatureAlgorithm] ?? 0,
    PublicKeyAlgorithm: parts.keyAlgorithm,
    PublicKey: publicKey,
    Subject: pkixNameOf(parts.subjectAttributes),
    Attributes: null,
    Extensions: null,
    ExtraExtensions: null,
    DNSNames: null,
    EmailAddresses: null,
    IPAddresses: null,
    URIs: null,
  };
}
