/**
 * Character-level scanning of YAML flow collections (`{…}`, `[…]`, JSON documents) and quoted
 * scalars, for the fast locator (fast-locate.ts). Every function returns an offset, or FALLBACK
 * when it meets anything outside the small subset it understands (anchors, aliases, tags, explicit
 * keys, unusual escapes…); the caller then asks the full `yaml` parser instead.
 */

export const FALLBACK = -1;
export const NOT_FOUND = -2;

export const isWs = (c: number) => c === 0x20 || c === 0x09;
/** space, tab, CR, LF, or the end of the text (NaN). */
export const isBreakOrWs = (c: number) =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || Number.isNaN(c);
const isFlowIndicator = (c: number) => c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d; // , [ ] { }

/** Plain keys that the YAML 1.1 schema of the `yaml` package certainly resolves to the same string. */
const SAFE_KEY = /^(?:[A-Za-z]|[._][A-Za-z])[A-Za-z0-9_./-]*$/;
const NON_STRING_WORD =
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF|[Nn]ull|NULL|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
export const isSafePlainKey = (s: string) => SAFE_KEY.test(s) && !NON_STRING_WORD.test(s);

/** Skip whitespace, line breaks and comments inside a flow collection. */
export function skipFlowSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */ && (i === 0 || isBreakOrWs(text.charCodeAt(i - 1)))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else return i;
  }
}

/** End (exclusive) of the double-quoted scalar opening at `i`, or FALLBACK when it is not closed. */
export function skipDoubleQuoted(text: string, i: number): number {
  // jump from quote to quote (indexOf is far faster than a loop over every character of a JSON string):
  // a quote closes the scalar when an even number of backslashes precedes it
  for (let q = text.indexOf('"', i + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === 0x5c /* \ */) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
  }
  return FALLBACK;
}

/** End (exclusive) of the single-quoted scalar opening at `i`, or FALLBACK when it is not closed. */
export function skipSingleQuoted(text: string, i: number): number {
  for (let j = text.indexOf("'", i + 1); j >= 0; j = text.indexOf("'", j + 1)) {
    // '' is an escaped quote
    if (text.charCodeAt(j + 1) === 0x27) j++;
    else return j + 1;
  }
  return FALLBACK;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Value of a single-line quoted key spanning [start, end), or undefined when unsure. */
export function quotedKeyValue(text: string, start: number, end: number): string | undefined {
  const body = text.slice(start + 1, end - 1);
  if (body.includes('\n') || body.includes('\r')) return undefined;
  if (text.charCodeAt(start) === 0x27) return body.replaceAll("''", "'");
  if (!body.includes('\\')) return body;
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++k];
    if (e === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) out += simple;
    else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(k + 1, k + 5))) {
      out += String.fromCharCode(Number.parseInt(body.slice(k + 1, k + 5), 16));
      k += 4;
    } else return undefined;
  }
  return out;
}

/** The body of the quoted scalar [start, end) is not its value as written (escapes, folded lines). */
function hasEscapesOrBreaks(text: string, start: number, end: number): boolean {
  const escapeChar = text.charCodeAt(start) === 0x22 ? 0x5c : 0x27; // \ or ''
  for (let j = start + 1; j < end - 1; j++) {
    const c = text.charCodeAt(j);
    if (c === escapeChar || c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/**
 * End of the flow collection opening at `open` by bracket matching alone (quotes and comments
 * respected, nothing else checked), or FALLBACK: a cheap way to see what follows a whole document.
 */
export function flowCollectionEnd(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return j + 1;
    } else if ((c === 0x22 || c === 0x27) && opensQuote(text, j)) {
      const end = c === 0x22 ? skipDoubleQuoted(text, j) : skipSingleQuoted(text, j);
      if (end === FALLBACK) return FALLBACK;
      j = end - 1;
    } else if (c === 0x23 && isBreakOrWs(text.charCodeAt(j - 1))) {
      const nl = text.indexOf('\n', j);
      if (nl < 0) return FALLBACK;
      j = nl;
    }
  }
  return FALLBACK;
}

/** A quote at `j` starts a quoted scalar (not inside a plain one such as `it's` or `a:'b`). */
function opensQuote(text: string, j: number): boolean {
  const p = text.charCodeAt(j - 1);
  if (isBreakOrWs(p) || p === 0x7b || p === 0x5b || p === 0x2c) return true;
  if (p !== 0x3a) return false;
  // `"key":"value"`: a `:` right after a JSON-like key is an indicator
  const k = text.charCodeAt(j - 2);
  return k === 0x22 || k === 0x27 || k === 0x5d || k === 0x7d;
}

/**
 * Ends of the flow collections of one document already scanned, by opening offset (the end, or FALLBACK):
 * the first question about a document scans it whole (blockNodeKind of its root), later walks skip the
 * collections they pass over in one step instead of scanning them again.
 */
export type FlowEnds = Map<number, number>;

/** End of the flow value (collection or scalar) starting at `i`, or FALLBACK. */
export function skipFlowValue(text: string, i: number, ends?: FlowEnds): number {
  const c = text.charCodeAt(i);
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
    const known = ends?.get(i);
    if (known !== undefined) return known;
    const end = c === 0x7b ? scanFlowMap(text, i, undefined, ends).end : scanFlowSeq(text, i, -1, ends).end;
    if (end - i > 64) ends?.set(i, end); // small collections are rescanned as fast as looked up
    return end;
  }
  if (c === 0x22) return skipDoubleQuoted(text, i);
  if (c === 0x27) return skipSingleQuoted(text, i);
  return skipFlowPlain(text, i);
}

/** A plain scalar inside a flow collection, on one line. */
function skipFlowPlain(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c) || isFlowIndicator(c) || isBreakOrWs(c)) return FALLBACK; // empty value
  // anchors, aliases, tags, explicit keys, block scalars, reserved, comments
  if ('&*!|>%@`#"\''.includes(text[i]!)) return FALLBACK;
  if ((c === 0x2d || c === 0x3f || c === 0x3a) && isBreakOrWs(text.charCodeAt(i + 1))) return FALLBACK; // - ? :
  let j = i + 1;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (isFlowIndicator(d) || d === 0x0a || d === 0x0d) break;
    if (d === 0x3a /* : */) {
      const n = text.charCodeAt(j + 1);
      if (isBreakOrWs(n) || isFlowIndicator(n)) break;
    }
    if (d === 0x23 /* # */ && isWs(text.charCodeAt(j - 1))) break;
  }
  return j;
}

export interface FlowEntry {
  /** Offset of the key (map) or item (sequence), or NOT_FOUND / FALLBACK. */
  at: number;
  /** Offset of the value (maps only; NOT_FOUND when the value is empty). */
  value: number;
  /** End of the collection when the whole of it was scanned. */
  end: number;
}

/**
 * Scan the flow mapping opening at `open`: the first entry whose key is `seg`, or (seg undefined,
 * or not present) the end of the mapping.
 */
export function scanFlowMap(text: string, open: number, seg: string | undefined, ends?: FlowEnds): FlowEntry {
  let i = skipFlowSpace(text, open + 1);
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x7d /* } */) return { at: NOT_FOUND, value: NOT_FOUND, end: i + 1 };
    const keyAt = i;
    let matched = false;
    if (c === 0x22 || c === 0x27) {
      const end = c === 0x22 ? skipDoubleQuoted(text, i) : skipSingleQuoted(text, i);
      if (end === FALLBACK) return fallback;
      if (hasEscapesOrBreaks(text, i, end)) {
        const key = quotedKeyValue(text, i, end);
        if (key === undefined) return fallback;
        matched = key === seg;
      } else {
        // the key is its text as written: compare in place
        matched = seg !== undefined && end - i - 2 === seg.length && text.startsWith(seg, i + 1);
      }
      i = end;
      while (isWs(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 0x3a) return fallback;
    } else {
      const end = skipFlowPlain(text, i);
      if (end === FALLBACK) return fallback;
      const key = text.slice(i, end).trimEnd();
      if (!isSafePlainKey(key) || text.charCodeAt(end) !== 0x3a) return fallback;
      matched = key === seg;
      i = end;
    }
    // i is at the ':'
    const v = skipFlowSpace(text, i + 1);
    const vc = text.charCodeAt(v);
    const empty = vc === 0x2c || vc === 0x7d;
    if (matched) return { at: keyAt, value: empty ? NOT_FOUND : v, end: FALLBACK };
    let after = v;
    if (!empty) {
      after = skipFlowValue(text, v, ends);
      if (after === FALLBACK) return fallback;
      after = skipFlowSpace(text, after);
    }
    const sep = text.charCodeAt(after);
    if (sep === 0x2c) i = skipFlowSpace(text, after + 1);
    else if (sep === 0x7d) return { at: NOT_FOUND, value: NOT_FOUND, end: after + 1 };
    else return fallback;
  }
}

/** Scan the flow sequence opening at `open`: item `index`, or (index < 0, or absent) its end. */
export function scanFlowSeq(text: string, open: number, index: number, ends?: FlowEnds): FlowEntry {
  let i = skipFlowSpace(text, open + 1);
  for (let n = 0; ; n++) {
    if (text.charCodeAt(i) === 0x5d /* ] */) return { at: NOT_FOUND, value: NOT_FOUND, end: i + 1 };
    const itemAt = i;
    const end = skipFlowValue(text, i, ends);
    if (end === FALLBACK) return fallback;
    const after = skipFlowSpace(text, end);
    const sep = text.charCodeAt(after);
    if (sep === 0x3a) return fallback; // [a: 1] is a sequence of single-pair mappings
    if (n === index) return { at: itemAt, value: NOT_FOUND, end: FALLBACK };
    if (sep === 0x2c) i = skipFlowSpace(text, after + 1);
    else if (sep === 0x5d) return { at: NOT_FOUND, value: NOT_FOUND, end: after + 1 };
    else return fallback;
  }
}

const fallback: FlowEntry = Object.freeze({ at: FALLBACK, value: FALLBACK, end: FALLBACK });
