import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { loadYaml } from '@neuroscale/core';
import { formatGoFloat32 } from '../../values/go-format.js';
import { normalizeImage } from '../../values/images.js';
import { regexMatch, regexReplaceAll } from '../../values/regex.js';
import { parseSemver, parseSemverRange } from '../../values/semver.js';
import { wildcardMatch } from '../../values/wildcard.js';
import { decodeX509Pem } from '../../values/x509-pem.js';
import { JmesPathError } from '../ast.js';
import type { Budget, JmesFunction } from '../interpreter.js';
import { isObject, setOwn } from '../json.js';
import { checkArgs, fnError } from './signature.js';

const str = (v: unknown): string => (typeof v === 'number' ? formatGoFloat32(v) : (v as string));

function goTrim(s: string, cutset: string): string {
  const set = new Set(Array.from(cutset));
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a] as string)) a++;
  while (b > a && set.has(chars[b - 1] as string)) b--;
  return chars.slice(a, b).join('');
}

/** Characters of `s` with `count` occurrences of `old` replaced by `repl`, charged before building. */
function chargeReplace(budget: Budget, s: string, old: string, repl: string, n: number): void {
  let count = 0;
  if (old === '') count = Array.from(s).length + 1;
  else for (let at = s.indexOf(old); at >= 0; at = s.indexOf(old, at + old.length)) count++;
  if (n >= 0 && n < count) count = n;
  budget.grow(s.length + count * Math.max(0, repl.length - old.length));
}

function goReplace(s: string, old: string, repl: string, n: number): string {
  if (n < 0) return s.split(old).join(repl);
  let out = s;
  let idx = 0;
  for (let i = 0; i < n; i++) {
    if (old === '') {
      // Go inserts at each rune boundary; rarely used
      const chars = Array.from(out);
      if (idx > chars.length) break;
      chars.splice(idx, 0, repl);
      out = chars.join('');
      idx += 2;
      continue;
    }
    const at = out.indexOf(old, idx);
    if (at < 0) break;
    out = out.slice(0, at) + repl + out.slice(at + old.length);
    idx = at + repl.length;
  }
  return out;
}

export const KYVERNO_STRING_FUNCTIONS: Record<string, JmesFunction> = {
  compare: (a) => {
    checkArgs('compare', a, [['string'], ['string']]);
    const [x, y] = a as [string, string];
    return x < y ? -1 : x > y ? 1 : 0;
  },
  equal_fold: (a) => {
    checkArgs('equal_fold', a, [['string'], ['string']]);
    return (a[0] as string).toLowerCase() === (a[1] as string).toLowerCase();
  },
  replace: (a, interp) => {
    checkArgs('replace', a, [['string'], ['string'], ['string'], ['number']]);
    chargeReplace(interp.budget, a[0] as string, a[1] as string, a[2] as string, Math.trunc(a[3] as number));
    return goReplace(a[0] as string, a[1] as string, a[2] as string, Math.trunc(a[3] as number));
  },
  replace_all: (a, interp) => {
    checkArgs('replace_all', a, [['string'], ['string'], ['string']]);
    chargeReplace(interp.budget, a[0] as string, a[1] as string, a[2] as string, -1);
    return (a[0] as string).split(a[1] as string).join(a[2] as string);
  },
  to_upper: (a) => {
    checkArgs('to_upper', a, [['string']]);
    return (a[0] as string).toUpperCase();
  },
  to_lower: (a) => {
    checkArgs('to_lower', a, [['string']]);
    return (a[0] as string).toLowerCase();
  },
  trim: (a) => {
    checkArgs('trim', a, [['string'], ['string']]);
    return goTrim(a[0] as string, a[1] as string);
  },
  trim_prefix: (a) => {
    checkArgs('trim_prefix', a, [['string'], ['string']]);
    const [s, p] = a as [string, string];
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  split: (a) => {
    checkArgs('split', a, [['string'], ['string']]);
    const [s, sep] = a as [string, string];
    return sep === '' ? Array.from(s) : s.split(sep);
  },
  regex_replace_all: (a) => {
    checkArgs('regex_replace_all', a, [['string'], ['string', 'number'], ['string', 'number']]);
    try {
      return regexReplaceAll(a[0] as string, str(a[1]), str(a[2]));
    } catch (e) {
      if (e instanceof JmesPathError) throw e; // the rule's budget, not a regex error
      throw fnError('regex_replace_all', (e as Error).message);
    }
  },
  regex_replace_all_literal: (a) => {
    checkArgs('regex_replace_all_literal', a, [['string'], ['string', 'number'], ['string', 'number']]);
    try {
      return regexReplaceAll(a[0] as string, str(a[1]), str(a[2]), true);
    } catch (e) {
      if (e instanceof JmesPathError) throw e; // the rule's budget, not a regex error
      throw fnError('regex_replace_all_literal', (e as Error).message);
    }
  },
  regex_match: (a) => {
    checkArgs('regex_match', a, [['string'], ['string', 'number']]);
    try {
      return regexMatch(a[0] as string, str(a[1]));
    } catch (e) {
      if (e instanceof JmesPathError) throw e; // the rule's budget, not a regex error
      throw fnError('regex_match', (e as Error).message);
    }
  },
  pattern_match: (a) => {
    checkArgs('pattern_match', a, [['string'], ['string', 'number']]);
    return wildcardMatch(a[0] as string, str(a[1]));
  },
  label_match: (a) => {
    checkArgs('label_match', a, [['object'], ['object']]);
    const [sel, labels] = a as [Record<string, unknown>, Record<string, unknown>];
    return Object.entries(sel).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
  },
  to_boolean: (a) => {
    checkArgs('to_boolean', a, [['string']]);
    const s = (a[0] as string).toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    throw fnError('to_boolean', `lowercase argument must be 'true' or 'false' (provided: '${a[0]}')`);
  },
  base64_decode: (a) => {
    checkArgs('base64_decode', a, [['string']]);
    const s = a[0] as string;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0)
      throw fnError('base64_decode', 'illegal base64 data');
    return Buffer.from(s, 'base64').toString('utf8');
  },
  base64_encode: (a) => {
    checkArgs('base64_encode', a, [['string']]);
    return Buffer.from(a[0] as string, 'utf8').toString('base64');
  },
  path_canonicalize: (a) => {
    checkArgs('path_canonicalize', a, [['string']]);
    const s = a[0] as string;
    if (s === '') return '';
    const p = posix.normalize(s);
    return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
  },
  truncate: (a) => {
    checkArgs('truncate', a, [['string'], ['number']]);
    const len = Math.max(0, Math.trunc(a[1] as number));
    return (a[0] as string).slice(0, len);
  },
  semver_compare: (a) => {
    checkArgs('semver_compare', a, [['string'], ['string']]);
    const v = parseSemver(a[0] as string) ?? { major: 0, minor: 0, patch: 0, pre: [] };
    const r = parseSemverRange(a[1] as string);
    if (!r) throw fnError('semver_compare', `invalid range ${JSON.stringify(a[1])}`);
    return r(v);
  },
  parse_json: (a) => {
    checkArgs('parse_json', a, [['string']]);
    try {
      return JSON.parse(a[0] as string);
    } catch (e) {
      throw fnError('parse_json', (e as Error).message);
    }
  },
  parse_yaml: (a) => {
    checkArgs('parse_yaml', a, [['string']]);
    const { documents, findings } = loadYaml(a[0] as string, { file: '<parse_yaml>' });
    if (findings.some((f) => f.severity === 'error'))
      throw fnError('parse_yaml', findings[0]?.message ?? 'invalid YAML');
    return documents[0]?.value ?? null;
  },
  lookup: (a) => {
    checkArgs('lookup', a, [
      ['object', 'array'],
      ['string', 'number'],
    ]);
    const [coll, key] = a;
    if (Array.isArray(coll)) {
      if (typeof key !== 'number' || !Number.isInteger(key))
        throw fnError('lookup', 'index must be an integer');
      return key >= 0 && key < coll.length ? coll[key] : null;
    }
    if (typeof key !== 'string') throw fnError('lookup', 'key must be a string');
    const obj = coll as Record<string, unknown>;
    return Object.hasOwn(obj, key) ? obj[key] : null;
  },
  items: (a) => {
    checkArgs('items', a, [['object', 'array'], ['string'], ['string']]);
    const [coll, kn, vn] = a as [unknown, string, string];
    if (Array.isArray(coll)) return coll.map((v, i) => ({ [kn]: i, [vn]: v }));
    const obj = coll as Record<string, unknown>;
    return Object.keys(obj)
      .sort()
      .map((k) => ({ [kn]: k, [vn]: obj[k] }));
  },
  object_from_lists: (a) => {
    checkArgs('object_from_lists', a, [['array'], ['array']]);
    const [keys, values] = a as [unknown[], unknown[]];
    const out: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      const key = typeof k === 'string' ? k : typeof k === 'number' ? formatGoFloat32(k) : undefined;
      if (key !== undefined) setOwn(out, key, i < values.length ? values[i] : null);
    });
    return out;
  },
  random: () => {
    throw fnError('random', 'random() is not supported offline: results would not be reproducible');
  },
  x509_decode: (a) => {
    checkArgs('x509_decode', a, [['string']]);
    try {
      return decodeX509Pem(a[0] as string);
    } catch (e) {
      throw fnError('x509_decode', (e as Error).message);
    }
  },
  image_normalize: (a) => {
    checkArgs('image_normalize', a, [['string']]);
    const info = normalizeImage(a[0] as string);
    if (!info) throw fnError('image_normalize', `bad image: ${a[0]}`);
    return info.referenceWithTag ?? info.reference;
  },
  is_external_url: (a) => {
    checkArgs('is_external_url', a, [['string']]);
    try {
      const u = new URL(a[0] as string);
      const h = u.hostname;
      return !(
        h === 'localhost' ||
        /^127\./.test(h) ||
        /^10\./.test(h) ||
        /^192\.168\./.test(h) ||
        /^172\.(1[6-9]|2\d|3[01])\./.test(h) ||
        h === '[::1]'
      );
    } catch {
      throw fnError('is_external_url', `invalid URL ${a[0]}`);
    }
  },
  sha256: (a) => {
    checkArgs('sha256', a, [['string']]);
    return createHash('sha256')
      .update(a[0] as string)
      .digest('hex');
  },
  sha1: (a) => {
    checkArgs('sha1', a, [['string']]);
    return createHash('sha1')
      .update(a[0] as string)
      .digest('hex');
  },
  md5: (a) => {
    checkArgs('md5', a, [['string']]);
    return createHash('md5')
      .update(a[0] as string)
      .digest('hex');
  },
};

export { isObject };
