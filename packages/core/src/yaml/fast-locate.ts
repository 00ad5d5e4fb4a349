/**
 * JSON pointer → source offset without building a syntax tree: walk the lines of block-style YAML
 * by indentation (and flow collections / JSON character by character, see scan-flow.ts), looking
 * only at the keys and items on the pointer's path. It understands the subset that rendered
 * Kubernetes manifests use (plain and quoted keys, `- ` items, compact sequences, block and quoted
 * scalars, flow collections, comments); anything else — anchors, aliases, tags, explicit keys,
 * directives, tabs in indentation, keys YAML 1.1 would not read as that exact string — returns
 * FALLBACK, and locate.ts asks the `yaml` parser instead. The answer is the offset the `yaml`
 * package's node ranges give (the property test in test/locate.property.test.ts checks this).
 */
import {
  FALLBACK,
  type FlowEnds,
  flowCollectionEnd,
  isBreakOrWs,
  isSafePlainKey,
  isWs,
  NOT_FOUND,
  quotedKeyValue,
  scanFlowMap,
  scanFlowSeq,
  skipDoubleQuoted,
  skipFlowSpace,
  skipFlowValue,
  skipSingleQuoted,
} from './scan-flow.js';

export { FALLBACK } from './scan-flow.js';

enum Kind {
  BlockMap,
  BlockSeq,
  FlowMap,
  FlowSeq,
  Scalar,
}

const lineStartOf = (text: string, i: number) => text.lastIndexOf('\n', i - 1) + 1;
const colOf = (text: string, i: number) => i - lineStartOf(text, i);
const nextLineStart = (text: string, i: number) => {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
};
const isDashItem = (text: string, i: number) =>
  text.charCodeAt(i) === 0x2d && isBreakOrWs(text.charCodeAt(i + 1));

/** Rest of the line from `i` is blank or a comment. */
function restIsBlank(text: string, i: number): boolean {
  while (isWs(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return c === 0x0a || c === 0x0d || Number.isNaN(c) || (c === 0x23 && isWs(text.charCodeAt(i - 1)));
}

/**
 * First content of the line starting at `ls`: its offset, or NOT_FOUND for a blank or comment line,
 * or FALLBACK for a tab in the indentation.
 */
function lineContent(text: string, ls: number): number {
  let i = ls;
  while (text.charCodeAt(i) === 0x20) i++;
  const c = text.charCodeAt(i);
  if (c === 0x09) return restIsBlank(text, i) ? NOT_FOUND : FALLBACK;
  if (c === 0x0a || c === 0x0d || c === 0x23 || Number.isNaN(c)) return NOT_FOUND;
  return i;
}

/** First content line at or after line start `ls`: its content offset, NOT_FOUND at the end, or FALLBACK. */
function nextContent(text: string, ls: number): number {
  while (ls < text.length) {
    const at = lineContent(text, ls);
    if (at !== NOT_FOUND) return at;
    ls = nextLineStart(text, ls);
  }
  return NOT_FOUND;
}

let keyValue = '';

/**
 * A block mapping key at `i`: the offset after its `:` (keyValue holds the key), NOT_FOUND when the
 * line holds no implicit key, FALLBACK when unsure.
 */
function blockKey(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22 || c === 0x27) {
    const end = c === 0x22 ? skipDoubleQuoted(text, i) : skipSingleQuoted(text, i);
    if (end === FALLBACK) return FALLBACK;
    let j = end;
    while (isWs(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 0x3a || !isBreakOrWs(text.charCodeAt(j + 1))) return NOT_FOUND;
    const v = quotedKeyValue(text, i, end);
    if (v === undefined) return FALLBACK;
    keyValue = v;
    return j + 1;
  }
  if ('&*!%@`?{['.includes(text[i]!)) return FALLBACK;
  if (c === 0x7c || c === 0x3e || isDashItem(text, i)) return NOT_FOUND; // | > -
  for (let j = i; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 0x0a || d === 0x0d) return NOT_FOUND;
    if (d === 0x23 && isWs(text.charCodeAt(j - 1))) return NOT_FOUND;
    if (d === 0x3a && isBreakOrWs(text.charCodeAt(j + 1))) {
      const key = text.slice(i, j).trimEnd();
      if (!isSafePlainKey(key)) return FALLBACK;
      keyValue = key;
      return j + 1;
    }
  }
  return NOT_FOUND;
}

/**
 * Skip a quoted scalar or flow collection starting at `i` inside a block node at column `col`:
 * the start of the line after it. Continuation lines must be indented past `col`, and nothing but a
 * comment may follow it on its last line.
 */
function skipSpan(text: string, i: number, col: number): number {
  const end = skipFlowValue(text, i);
  if (end === FALLBACK) return FALLBACK;
  for (let nl = text.indexOf('\n', i); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    let k = nl + 1;
    while (text.charCodeAt(k) === 0x20) k++;
    const d = text.charCodeAt(k);
    if (k - nl - 1 <= col && d !== 0x0a && d !== 0x0d) return FALLBACK;
  }
  return restIsBlank(text, end) ? nextLineStart(text, end) : FALLBACK;
}

/** Skip an inline value after a key's `:` in a mapping at column `col`: start of the next line. */
function skipInlineValue(text: string, i: number, col: number): number {
  while (isWs(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  if (c === 0x0a || c === 0x0d || c === 0x23 || Number.isNaN(c)) return nextLineStart(text, i);
  if (c === 0x7c || c === 0x3e) return nextLineStart(text, i); // block scalar: content is indented
  if (c === 0x7b || c === 0x5b || c === 0x22 || c === 0x27) return skipSpan(text, i, col);
  if ('&*!%@`?'.includes(text[i]!) || isDashItem(text, i)) return FALLBACK;
  return nextLineStart(text, i); // plain scalar; continuation lines are indented
}

/** Skip the block node starting inline at `i` (after `- `), in a sequence at column `col`. */
function skipInlineNode(text: string, i: number, col: number): number {
  if (isDashItem(text, i)) {
    let j = i + 1;
    while (isWs(text.charCodeAt(j))) j++;
    return restIsBlank(text, j) ? nextLineStart(text, j) : skipInlineNode(text, j, i - lineStartOf(text, i));
  }
  const c = text.charCodeAt(i);
  if (c === 0x7b || c === 0x5b) return skipSpan(text, i, col);
  const after = blockKey(text, i);
  if (after === FALLBACK) return FALLBACK;
  if (after !== NOT_FOUND) return skipInlineValue(text, after, colOf(text, i));
  return skipInlineValue(text, i, col);
}

/** Kind of the block node whose first token is at `i` (start of a line's content or after `- `). */
function blockNodeKind(text: string, i: number, ends?: FlowEnds): Kind | typeof FALLBACK {
  const c = text.charCodeAt(i);
  if (isDashItem(text, i)) return Kind.BlockSeq;
  if (c === 0x7b || c === 0x5b) {
    // a flow collection, unless it is the key of a block mapping
    const end = skipFlowValue(text, i, ends);
    if (end === FALLBACK) return FALLBACK;
    let j = end;
    while (isWs(text.charCodeAt(j))) j++;
    return text.charCodeAt(j) === 0x3a ? FALLBACK : c === 0x7b ? Kind.FlowMap : Kind.FlowSeq;
  }
  const after = blockKey(text, i);
  if (after === FALLBACK) return FALLBACK;
  return after === NOT_FOUND ? Kind.Scalar : Kind.BlockMap;
}

interface Step {
  /** Offset of the key / item, NOT_FOUND, or FALLBACK. */
  at: number;
  /** Offset of the value's first token, or NOT_FOUND for a scalar / empty value. */
  node: number;
  kind: Kind;
}

const fallbackStep: Step = { at: FALLBACK, node: FALLBACK, kind: Kind.Scalar };
const notFound: Step = { at: NOT_FOUND, node: NOT_FOUND, kind: Kind.Scalar };

/** The value of the key whose `:` ends before `i`, in a block mapping at column `col`. */
function blockValue(text: string, keyAt: number, i: number, col: number): Step {
  while (isWs(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  if (c === 0x0a || c === 0x0d || c === 0x23 || Number.isNaN(c)) {
    const at = nextContent(text, nextLineStart(text, i));
    if (at === FALLBACK) return fallbackStep;
    if (at === NOT_FOUND) return { at: keyAt, node: NOT_FOUND, kind: Kind.Scalar };
    const atCol = colOf(text, at);
    if (atCol > col || (atCol === col && isDashItem(text, at))) {
      const kind = blockNodeKind(text, at);
      if (kind === FALLBACK) return fallbackStep;
      if (kind === Kind.FlowMap || kind === Kind.FlowSeq) {
        if (skipSpan(text, at, col) === FALLBACK) return fallbackStep;
      }
      return { at: keyAt, node: at, kind };
    }
    return { at: keyAt, node: NOT_FOUND, kind: Kind.Scalar };
  }
  if ('&*!%@`?'.includes(text[i]!) || isDashItem(text, i)) return fallbackStep;
  if (c === 0x7b || c === 0x5b) {
    if (skipSpan(text, i, col) === FALLBACK) return fallbackStep;
    return { at: keyAt, node: i, kind: c === 0x7b ? Kind.FlowMap : Kind.FlowSeq };
  }
  return { at: keyAt, node: NOT_FOUND, kind: Kind.Scalar };
}

/** Entry `seg` of the block mapping whose first key is at `first`. */
function blockMapEntry(text: string, first: number, seg: string): Step {
  const col = colOf(text, first);
  let at = first;
  for (;;) {
    const after = blockKey(text, at);
    if (after < 0) return fallbackStep; // FALLBACK, or a line that is no key where one must be
    if (keyValue === seg) return blockValue(text, at, after, col);
    let ls = skipInlineValue(text, after, col);
    if (ls === FALLBACK) return fallbackStep;
    for (;;) {
      const next = nextContent(text, ls);
      if (next === FALLBACK) return fallbackStep;
      if (next === NOT_FOUND) return notFound;
      const nextCol = colOf(text, next);
      if (nextCol < col) return notFound;
      if (nextCol === col && !isDashItem(text, next)) {
        at = next;
        break;
      }
      ls = nextLineStart(text, next); // nested content, or a compact sequence of the previous key
    }
  }
}

/** Item `index` of the block sequence whose first `-` is at `first`. */
function blockSeqItem(text: string, first: number, index: number): Step {
  const col = colOf(text, first);
  let dash = first;
  for (let n = 0; ; n++) {
    let i = dash + 1;
    while (isWs(text.charCodeAt(i))) i++;
    if (restIsBlank(text, i)) return fallbackStep; // item content on the next lines: leave it to yaml
    if (n === index) {
      const kind = blockNodeKind(text, i);
      if (kind === FALLBACK) return fallbackStep;
      if (kind === Kind.FlowMap || kind === Kind.FlowSeq) {
        if (skipSpan(text, i, col) === FALLBACK) return fallbackStep;
      }
      return { at: i, node: kind === Kind.Scalar ? NOT_FOUND : i, kind };
    }
    let ls = skipInlineNode(text, i, col);
    if (ls === FALLBACK) return fallbackStep;
    for (;;) {
      const next = nextContent(text, ls);
      if (next === FALLBACK) return fallbackStep;
      if (next === NOT_FOUND) return notFound;
      const nextCol = colOf(text, next);
      if (nextCol < col || (nextCol === col && !isDashItem(text, next))) return notFound;
      if (nextCol === col) {
        dash = next;
        break;
      }
      ls = nextLineStart(text, next);
    }
  }
}

/** The document's root node: offset of its first token, or FALLBACK. */
function rootNode(text: string): number {
  let ls = 0;
  while (ls < text.length) {
    const at = lineContent(text, ls);
    if (at === FALLBACK) return FALLBACK;
    if (at !== NOT_FOUND) {
      if (at === ls && text.charCodeAt(at) === 0x25) return FALLBACK; // %YAML / %TAG directive
      if (at === ls && text.startsWith('---', at) && isBreakOrWs(text.charCodeAt(at + 3))) {
        const i = skipFlowSpace(text, at + 3);
        if (i >= text.length) return FALLBACK;
        if (lineStartOf(text, i) !== ls) {
          ls = lineStartOf(text, i);
          continue;
        }
        return text[i] === '{' || text[i] === '[' ? i : FALLBACK;
      }
      return at;
    }
    ls = nextLineStart(text, ls);
  }
  return FALLBACK;
}

/**
 * Offset of the node a pointer names (see createLocator), or FALLBACK when the document uses
 * YAML this scanner does not handle.
 */
export function fastLocateOffset(text: string, segments: readonly string[]): number {
  return createFastLocator(text)(segments);
}

/** fastLocateOffset for one document, finding and checking its root node once. */
export function createFastLocator(text: string): (segments: readonly string[]) => number {
  let root: number | undefined;
  let rootKind: Kind | typeof FALLBACK = FALLBACK;
  // a flow document (JSON) is scanned whole once, for its root's kind: the ends of its collections are
  // kept, so each walk (one per located finding) steps over the values before its key without rescanning
  const ends: FlowEnds = new Map();
  return (segments) => {
    if (root === undefined) {
      root = rootNode(text);
      rootKind = root === FALLBACK ? FALLBACK : rootKindOf(text, root, ends);
    }
    if (root === FALLBACK || rootKind === FALLBACK) return FALLBACK;
    return walk(text, root, rootKind, segments, ends);
  };
}

function rootKindOf(text: string, root: number, ends: FlowEnds): Kind | typeof FALLBACK {
  const kind = blockNodeKind(text, root, ends);
  if (kind === FALLBACK || kind === Kind.Scalar) return FALLBACK;
  if (kind === Kind.FlowMap || kind === Kind.FlowSeq) {
    // a top-level flow collection: nothing but comments may follow it (else it is a mapping key). Its end
    // is the one blockNodeKind's scan of the collection found (kept in `ends`): no second scan of the document
    const end = ends.get(root) ?? flowCollectionEnd(text, root);
    if (end === FALLBACK || skipFlowSpace(text, end) < text.length) return FALLBACK;
  }
  return kind;
}

function walk(
  text: string,
  root: number,
  rootKind: Kind,
  segments: readonly string[],
  ends: FlowEnds,
): number {
  let kind = rootKind;
  let node = root;
  let best = root;
  for (const seg of segments) {
    let step: Step;
    if (kind === Kind.BlockMap) step = blockMapEntry(text, node, seg);
    else if (kind === Kind.FlowMap) {
      const e = scanFlowMap(text, node, seg, ends);
      step = e.at < 0 ? (e.at === FALLBACK ? fallbackStep : notFound) : flowStep(text, e.at, e.value);
    } else if ((kind === Kind.BlockSeq || kind === Kind.FlowSeq) && /^\d+$/.test(seg)) {
      if (kind === Kind.BlockSeq) step = blockSeqItem(text, node, Number(seg));
      else {
        const e = scanFlowSeq(text, node, Number(seg), ends);
        step = e.at < 0 ? (e.at === FALLBACK ? fallbackStep : notFound) : flowStep(text, e.at, e.at);
      }
    } else break; // a scalar, or a sequence asked for a key: the slow path stops here too
    if (step.at === FALLBACK) return FALLBACK;
    if (step.at === NOT_FOUND) break;
    best = step.at;
    node = step.node;
    kind = step.kind;
  }
  return best;
}

/** A key (or item) found in a flow collection, with the kind of its value. */
function flowStep(text: string, at: number, value: number): Step {
  if (value === NOT_FOUND) return { at, node: NOT_FOUND, kind: Kind.Scalar };
  const c = text.charCodeAt(value);
  if (c === 0x26 || c === 0x2a || c === 0x21) return fallbackStep; // & * !
  return { at, node: value, kind: c === 0x7b ? Kind.FlowMap : c === 0x5b ? Kind.FlowSeq : Kind.Scalar };
}
