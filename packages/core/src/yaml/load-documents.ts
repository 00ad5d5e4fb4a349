/**
 * Multi-document YAML loading with Kubernetes semantics, fast enough for 20,000 documents.
 *
 * Parse fast, locate lazily: values come from js-yaml with a YAML 1.1 schema (see yaml11-schema.ts);
 * positions come from the `yaml` package, only for the document a finding needs (see locate.ts).
 * Every problem is a Finding with file:line, and one bad document never hides the others.
 */
import jsyaml from 'js-yaml';
import { type Finding, finding } from '../model/finding.js';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from './limits.js';
import { yamlPackage } from './load-yaml-package.js';
import { createLocator, type Position } from './locate.js';
import { KUBERNETES_YAML_SCHEMA } from './yaml11-schema.js';

export interface YamlDocument {
  /** 0-based position of the document in the stream (empty documents count). */
  index: number;
  value: unknown;
  /** 1-based line and column of the document's first content. */
  line: number;
  column: number;
  /** JSON pointer → position in the file (lazy). */
  locate: (pointer: string) => Position | undefined;
}

export interface LoadYamlOptions {
  /** File name used in findings (repo-relative). */
  file: string;
  limits?: Partial<YamlLimits>;
}

export interface LoadYamlResult {
  documents: YamlDocument[];
  findings: Finding[];
}

interface Chunk {
  index: number;
  text: string;
  /** 0-based line of the chunk's first line in the file. */
  startLine: number;
  /** 1-based line/column of the first content, or undefined for an empty document. */
  contentLine?: number;
  contentColumn?: number;
}

const ALIAS_RE = /(?:^|[\s,[{:-])\*[^\s,[\]{}]+/g;
/** An anchor (`&name`) where YAML allows one: an alias can only refer to an anchor of its own document. */
const ANCHOR_RE = /(?:^|[\s,[{:-])&[^\s,[\]{}]+/;

/** Split a YAML stream into documents on `---` / `...` markers at column 0. */
export function splitYamlDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let lineNo = 0;
  let pos = 0;
  let chunkStartPos = 0;
  let chunkStartLine = 0;
  let contentLine: number | undefined;
  let contentColumn: number | undefined;
  let sawMarker = false;
  const push = (endPos: number) => {
    const c: Chunk = {
      index: chunks.length,
      text: text.slice(chunkStartPos, endPos),
      startLine: chunkStartLine,
    };
    if (contentLine !== undefined) {
      c.contentLine = contentLine;
      c.contentColumn = contentColumn ?? 1;
    }
    // a leading chunk with no content before the first `---` is not a document
    if (!(chunks.length === 0 && contentLine === undefined && sawMarker)) chunks.push(c);
    else c.index = 0;
  };
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    // a line is only cut out of the text where it matters: a marker, or before a document's first content
    const isStart = isMarkerLine(text, pos, nl, '---');
    const isEnd = !isStart && isMarkerLine(text, pos, nl, '...');
    if (isStart) {
      const line = text.slice(pos, nl);
      if (pos > chunkStartPos || contentLine !== undefined || sawMarker) push(pos);
      sawMarker = true;
      chunkStartPos = pos;
      chunkStartLine = lineNo;
      contentLine = undefined;
      contentColumn = undefined;
      const rest = line.slice(3).trim();
      if (rest && !rest.startsWith('#')) {
        contentLine = lineNo + 1;
        contentColumn = line.indexOf(rest) + 1;
      }
    } else if (isEnd) {
      push(pos);
      sawMarker = true;
      chunkStartPos = nl + 1;
      chunkStartLine = lineNo + 1;
      contentLine = undefined;
      contentColumn = undefined;
    } else if (contentLine === undefined) {
      const line = text.slice(pos, nl);
      const trimmed = line.trimStart();
      if (trimmed && !trimmed.startsWith('#') && !trimmed.startsWith('%') && trimmed !== '\r') {
        contentLine = lineNo + 1;
        contentColumn = line.length - trimmed.length + 1;
      }
    }
    if (nl >= text.length) break;
    pos = nl + 1;
    lineNo++;
  }
  if (chunkStartPos < text.length || contentLine !== undefined) push(text.length);
  chunks.forEach((c, i) => {
    c.index = i;
  });
  return chunks;
}

/** `---` or `...` at column 0 of the line [pos, end), alone or followed by a space, tab or carriage return. */
function isMarkerLine(text: string, pos: number, end: number, marker: '---' | '...'): boolean {
  if (end - pos < 3 || !text.startsWith(marker, pos)) return false;
  if (end - pos === 3) return true;
  const c = text.charCodeAt(pos + 3);
  return c === 32 || c === 9 || c === 13;
}

/** Load every document of a YAML (or JSON) text. */
export function loadYaml(input: string, options: LoadYamlOptions): LoadYamlResult {
  const limits = { ...DEFAULT_YAML_LIMITS, ...options.limits };
  const file = options.file;
  const findings: Finding[] = [];
  const documents: YamlDocument[] = [];
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;

  const longLine = findLongLine(text, limits.maxLineLength);
  if (longLine) {
    findings.push(
      finding({
        ruleId: 'yaml/line-too-long',
        message: `line ${longLine} is longer than ${limits.maxLineLength} characters; the file was not parsed`,
        location: { file, line: longLine, column: 1 },
      }),
    );
    return { documents, findings };
  }

  const chunks = splitYamlDocuments(text);
  if (chunks.length > limits.maxDocuments) {
    findings.push(
      finding({
        ruleId: 'yaml/too-many-documents',
        message: `file holds ${chunks.length} YAML documents, more than the limit of ${limits.maxDocuments}; only the first ${limits.maxDocuments} were read`,
        location: {
          file,
          line: chunks[limits.maxDocuments]?.contentLine ?? (chunks[limits.maxDocuments]?.startLine ?? 0) + 1,
          column: 1,
        },
      }),
    );
  }
  for (const chunk of chunks.slice(0, limits.maxDocuments)) {
    if (chunk.contentLine === undefined) continue;
    const loaded = loadChunk(chunk, file, limits, findings);
    if (loaded === undefined || loaded === null) continue;
    documents.push({
      index: chunk.index,
      value: loaded,
      line: chunk.contentLine,
      column: chunk.contentColumn ?? 1,
      locate: createLocator(chunk.text, chunk.startLine),
    });
  }
  return { documents, findings };
}

// long: the YAML bomb guards run in order on one chunk and share its position; each guard is a few lines
function loadChunk(chunk: Chunk, file: string, limits: YamlLimits, findings: Finding[]): unknown {
  const where = { file, line: chunk.contentLine ?? chunk.startLine + 1, column: chunk.contentColumn ?? 1 };
  // Alias bombs: a cheap token count first, the exact expansion count only when it is suspicious.
  const aliasTokens = chunk.text.includes('*') ? (chunk.text.match(ALIAS_RE)?.length ?? 0) : 0;
  if (aliasTokens > 0 && aliasTokens > limits.maxAliases / 10) {
    try {
      yamlPackage().parseDocument(chunk.text, { version: '1.1', uniqueKeys: false }).toJS({
        maxAliasCount: limits.maxAliases,
      });
    } catch (e) {
      if (/alias/i.test(String((e as Error).message))) {
        findings.push(
          finding({
            ruleId: 'yaml/alias-limit',
            message: `document expands more than ${limits.maxAliases} aliases (a YAML alias bomb?); it was not loaded`,
            location: where,
          }),
        );
        return undefined;
      }
    }
  }
  let value: unknown;
  try {
    value = loadJsYaml(chunk.text, {
      schema: KUBERNETES_YAML_SCHEMA,
      filename: file,
      maxDepth: limits.maxDepth,
    } as jsyaml.LoadOptions);
  } catch (e) {
    const err = e as jsyaml.YAMLException & { mark?: { line: number; column: number } };
    if (err instanceof RangeError || /exceeded maxDepth/.test(String(err.reason ?? err.message))) {
      findings.push(tooDeep(where, limits));
      return undefined;
    }
    const loc = err.mark
      ? { file, line: chunk.startLine + err.mark.line + 1, column: err.mark.column + 1 }
      : where;
    const reason = err.reason ?? String(err.message ?? err);
    if (/duplicated mapping key/.test(reason)) {
      findings.push(
        finding({
          ruleId: 'yaml/duplicate-key',
          message: `duplicate mapping key: Kubernetes keeps the last value, and strict decoding (kubectl, the API server) rejects the object`,
          location: loc,
        }),
      );
      try {
        value = loadJsYaml(chunk.text, {
          schema: KUBERNETES_YAML_SCHEMA,
          filename: file,
          json: true,
          maxDepth: limits.maxDepth,
        } as jsyaml.LoadOptions);
      } catch (e2) {
        const err2 = e2 as jsyaml.YAMLException & { mark?: { line: number; column: number } };
        findings.push(syntaxFinding(file, chunk, err2));
        return undefined;
      }
    } else {
      findings.push(syntaxFinding(file, chunk, err));
      return undefined;
    }
  }
  // js-yaml checks maxDepth while it loads (composeNode: every node, scalars included, so a loaded value's
  // collections are never deeper than the limit). Only aliases (a shallow anchor reused deep down) and the
  // frozen-prototype fallback through the `yaml` package can exceed it: those alone get the walk.
  // A `*` token without any `&` anchor is text (a cron "0 * * * *"), never an alias: js-yaml refuses an
  // alias to an unknown anchor. So the alias and depth measures below run only where aliasing is possible.
  const aliased = aliasTokens > 0 && ANCHOR_RE.test(chunk.text);
  const mayBeDeeper = aliased || Object.isFrozen(Object.prototype);
  if (mayBeDeeper && value !== null && typeof value === 'object' && depthExceeds(value, limits.maxDepth)) {
    findings.push(tooDeep(where, limits));
    return undefined;
  }
  // A bomb with few alias tokens (25 levels of two aliases each: 2^25 nodes) passes the token count above,
  // and js-yaml builds an alias to its own anchor as a cycle: measure the loaded (shared) value instead.
  const aliasing =
    aliased && value !== null && typeof value === 'object' ? measureAliasing(value) : undefined;
  if (aliasing) {
    findings.push(
      finding({
        ruleId: aliasing === 'cycle' ? 'yaml/alias-cycle' : 'yaml/alias-limit',
        message:
          aliasing === 'cycle'
            ? 'an anchor contains an alias to itself (go-yaml: "anchor value contains itself"); the document was not loaded'
            : `document's aliases expand it by over ${MAX_ALIAS_EXPANSION} nodes or past Kubernetes' alias ratio (a YAML alias bomb?); it was not loaded`,
        location: where,
      }),
    );
    return undefined;
  }
  return value;
}

/**
 * js-yaml stores a mapping pair with `object[key] = value` (only `__proto__` is defined as an own property),
 * which throws for a key named like an Object.prototype member (`constructor`, `toString`) when
 * Object.prototype is frozen (`node --frozen-intrinsics`, or our hostile tests that freeze it to catch
 * pollution). Such a document is then loaded by the `yaml` package, which defines every key as an own
 * property; it resolves YAML 1.1 scalars the same way except timestamps, which are turned back into the
 * RFC 3339 text Kubernetes would produce.
 */
function loadJsYaml(text: string, options: jsyaml.LoadOptions): unknown {
  try {
    return jsyaml.load(text, options);
  } catch (e) {
    if (!(e instanceof TypeError) || !Object.isFrozen(Object.prototype)) throw e;
    const doc = yamlPackage().parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false });
    if (doc.errors.length > 0) throw e;
    return datesToText(doc.toJS({ maxAliasCount: -1 }));
  }
}

function datesToText(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace(/\.000Z$/, 'Z');
  if (Array.isArray(v)) return v.map(datesToText);
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && typeof x === 'object')
        Object.defineProperty(v, k, {
          value: datesToText(x),
          writable: true,
          enumerable: true,
          configurable: true,
        });
    }
  }
  return v;
}

/** Nodes that alias expansion may add to one document (beyond this it is an alias bomb, whatever its ratio). */
const MAX_ALIAS_EXPANSION = 1_000_000;

/**
 * go-yaml v2's "excessive aliasing" rule (decode.go allowedAliasRatio, what Kubernetes and Argo CD apply)
 * plus an absolute cap, computed on the loaded value where an alias is a second reference to one object:
 * expanded node count and expanded alias count per shared object, memoised (linear in the unique nodes).
 * The depth limit was checked before, so the recursion is bounded.
 */
function measureAliasing(root: object): 'cycle' | 'expansion' | undefined {
  const memo = new Map<object, { nodes: number; aliases: number }>();
  const active = new Set<object>();
  let unique = 0;
  let cycle = false;
  const measure = (node: object): { nodes: number; aliases: number } => {
    const hit = memo.get(node);
    if (hit) {
      if (active.has(node)) cycle = true;
      return hit;
    }
    const m = { nodes: 1, aliases: 0 };
    memo.set(node, m);
    active.add(node);
    unique++;
    for (const c of Array.isArray(node) ? node : Object.values(node)) {
      if (c === null || typeof c !== 'object') {
        m.nodes++;
        unique++;
        continue;
      }
      const isAlias = memo.has(c);
      const sub = measure(c);
      m.nodes += sub.nodes;
      m.aliases += sub.aliases + (isAlias ? 1 : 0);
    }
    active.delete(node);
    return m;
  };
  const { nodes, aliases } = measure(root);
  if (cycle) return 'cycle';
  if (nodes - unique > MAX_ALIAS_EXPANSION) return 'expansion';
  const ratio =
    nodes <= 400_000 ? 0.99 : nodes >= 4_000_000 ? 0.1 : 0.99 - (0.89 * (nodes - 400_000)) / 3_600_000;
  return aliases > 100 && nodes > 1000 && aliases / nodes > ratio ? 'expansion' : undefined;
}

function syntaxFinding(
  file: string,
  chunk: Chunk,
  err: jsyaml.YAMLException & { mark?: { line: number; column: number } },
) {
  const line = err.mark ? chunk.startLine + err.mark.line + 1 : (chunk.contentLine ?? chunk.startLine + 1);
  const column = err.mark ? err.mark.column + 1 : 1;
  return finding({
    ruleId: 'yaml/syntax',
    message: `YAML syntax error: ${err.reason ?? err.message}`,
    location: { file, line, column },
  });
}

function tooDeep(where: { file: string; line: number; column: number }, limits: YamlLimits): Finding {
  return finding({
    ruleId: 'yaml/too-deep',
    message: `document nests deeper than ${limits.maxDepth} levels; it was not loaded`,
    location: where,
  });
}

/** Iterative depth check; shared (aliased) subtrees are visited once. */
function depthExceeds(root: object, max: number): boolean {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
  return false;
}

function findLongLine(text: string, max: number): number | undefined {
  if (text.length <= max) return undefined;
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    if (nl - start > max) return line;
    start = nl + 1;
    line++;
  }
  return undefined;
}
