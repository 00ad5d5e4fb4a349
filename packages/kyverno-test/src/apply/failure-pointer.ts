/**
 * Where in the object a rule failed, as a JSON pointer usable with `manifest.locate`.
 *
 * Kyverno reports `... rule <rule> failed at path /spec/containers/0/image/` in fail messages; the
 * path is not escaped, so a label key such as `neuroscale.io/env` spans two segments. The object
 * itself decides how segments group: at each map the longest run of segments that is an existing key
 * wins. Segments past the last existing node are kept as written.
 */
import { toPointer } from '@neuroscale/core';

const PATH_RE = /\bfailed at path (\/\S*)/;

/** The Kyverno path of the first failure named in a rule message, without the trailing `/`. */
export function kyvernoFailurePath(message: string): string | undefined {
  // most messages name no path: a substring test before the regex (which tries every word boundary)
  if (!message.includes('failed at path /')) return undefined;
  const m = PATH_RE.exec(message);
  if (!m) return undefined;
  const p = m[1]!.replace(/\/+$/, '');
  return p === '' ? undefined : p;
}

/** Resolve a Kyverno path against the object into an RFC 6901 pointer. */
export function pointerFor(object: unknown, kyvernoPath: string): string {
  const raw = kyvernoPath.split('/').slice(1);
  const out: string[] = [];
  let cur: unknown = object;
  let i = 0;
  while (i < raw.length) {
    if (Array.isArray(cur)) {
      const seg = raw[i]!;
      out.push(seg);
      cur = /^\d+$/.test(seg) ? cur[Number(seg)] : undefined;
      i++;
      continue;
    }
    if (cur !== null && typeof cur === 'object') {
      let taken = 1;
      for (let j = raw.length; j > i + 1; j--) {
        if (Object.hasOwn(cur, raw.slice(i, j).join('/'))) {
          taken = j - i;
          break;
        }
      }
      const key = raw.slice(i, i + taken).join('/');
      out.push(key);
      cur = Object.hasOwn(cur, key) ? (cur as Record<string, unknown>)[key] : undefined;
      i += taken;
      continue;
    }
    out.push(...raw.slice(i));
    break;
  }
  return toPointer(out);
}
