/**
 * A minimal DER (ASN.1) reader: enough to walk a PKCS #10 certificate request, whose fields Node's
 * `crypto` does not expose. Every read is bounds-checked; a malformed input throws a plain `Error`
 * that callers turn into Kyverno's error text.
 */

/** One TLV element: its tag, the whole encoding and the contents. */
export interface DerElement {
  tag: number;
  /** Tag, length and contents (Go's `asn1.RawValue.FullBytes`). */
  full: Buffer;
  contents: Buffer;
}

export const DER_INTEGER = 0x02;
export const DER_BIT_STRING = 0x03;
export const DER_OID = 0x06;
export const DER_SEQUENCE = 0x30;
export const DER_SET = 0x31;

/** Reads the element at `offset`; returns it and the offset after it. */
export function readElement(buf: Buffer, offset: number): { element: DerElement; next: number } {
  if (offset + 2 > buf.length) throw new Error('truncated element');
  const tag = buf[offset]!;
  let length = buf[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > buf.length) throw new Error('bad length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[start + i]!;
    start += bytes;
  }
  const end = start + length;
  if (end > buf.length) throw new Error('truncated element');
  return { element: { tag, full: buf.subarray(offset, end), contents: buf.subarray(start, end) }, next: end };
}

/** The elements inside a constructed element's contents. */
export function childrenOf(element: DerElement): DerElement[] {
  const out: DerElement[] = [];
  let at = 0;
  while (at < element.contents.length) {
    const { element: child, next } = readElement(element.contents, at);
    out.push(child);
    at = next;
  }
  return out;
}

/** Reads exactly one element spanning `buf`, of the given tag. */
export function expectElement(buf: Buffer, tag: number): DerElement {
  const { element, next } = readElement(buf, 0);
  if (element.tag !== tag || next !== buf.length) throw new Error('unexpected structure');
  return element;
}

/** An OBJECT IDENTIFIER as its arcs (Go's `asn1.ObjectIdentifier`). */
export function oidArcs(element: DerElement): number[] {
  if (element.tag !== DER_OID || element.contents.length === 0) throw new Error('bad object identifier');
  const arcs: number[] = [];
  let value = 0;
  for (const byte of element.contents) {
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new Error('bad object identifier');
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0)
        arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs;
}

/** A small non-negative INTEGER (a version). */
export function smallInteger(element: DerElement): number {
  if (element.tag !== DER_INTEGER || element.contents.length === 0 || element.contents.length > 4) {
    throw new Error('bad integer');
  }
  let value = 0;
  for (const byte of element.contents) value = value * 256 + byte;
  return value;
}

/** A string-valued attribute (UTF8String, PrintableString, IA5String, T61String, BMPString). */
export function stringValue(element: DerElement): string {
  // BMPString is UTF-16 big-endian
  if (element.tag === 0x1e) {
    if (element.contents.length % 2 !== 0) throw new Error('bad string');
    return Buffer.from(element.contents).swap16().toString('utf16le');
  }
  return element.contents.toString(element.tag === 0x0c ? 'utf8' : 'latin1');
}
