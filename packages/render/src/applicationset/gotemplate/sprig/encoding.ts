/** sprig encodings, hashes and JSON (sprig v3 functions.go, crypto.go). */
import { createHash } from 'node:crypto';
import { type FunctionTable, fn } from '../functions-types.js';
import { fromJsonData, type GoValue, goJson } from '../go-values.js';
import { s1 } from './signatures.js';

export function encodingFunctions(table: FunctionTable): void {
  table.set(
    'b64enc',
    s1((s) => Buffer.from(s, 'utf8').toString('base64')),
  );
  table.set(
    'b64dec',
    s1((s) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0)
        return `illegal base64 data at input byte ${firstBadBase64(s)}`;
      return Buffer.from(s, 'base64').toString('utf8');
    }),
  );
  table.set(
    'sha256sum',
    s1((s) => createHash('sha256').update(s, 'utf8').digest('hex')),
  );
  table.set(
    'sha1sum',
    s1((s) => createHash('sha1').update(s, 'utf8').digest('hex')),
  );
  table.set(
    'toJson',
    fn(['any'], ([v]) => goJson(v as GoValue)),
  );
  table.set(
    'toPrettyJson',
    fn(['any'], ([v]) => goJson(v as GoValue, { indent: '  ' })),
  );
  table.set(
    'toRawJson',
    fn(['any'], ([v]) => goJson(v as GoValue, { escapeHtml: false })),
  );
  table.set(
    'fromJson',
    s1((s) => {
      try {
        return fromJsonData(JSON.parse(s));
      } catch {
        return null;
      }
    }),
  );
}

function firstBadBase64(s: string): number {
  for (let i = 0; i < s.length; i++) if (!/[A-Za-z0-9+/=]/.test(s[i]!)) return i;
  return Math.max(0, s.length - (s.length % 4));
}
