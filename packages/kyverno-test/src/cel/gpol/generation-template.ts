/**
 * The YAML template form of a GeneratingPolicy `generate[]` entry (kyverno v1.19.1
 * pkg/cel/policies/gpol/template/template.go): `template.value` is a YAML stream, one resource per
 * document. With `interpolate: cel` its `(( ... ))` placeholders are CEL expressions evaluated with the
 * generation's activation: a placeholder that is a whole scalar is spliced as a value of any type, one
 * embedded in a longer string must give a scalar. Placeholders in mapping keys, and merge keys next to
 * placeholders, are compile errors; with `interpolate: none` (the default) the YAML is taken as it is.
 * Messages follow Kyverno's (line numbers, `document N: field "x": ...` render paths).
 */

import { setOwn } from '@neuroscale/core';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type Scalar,
} from 'yaml';
import { formatGoG } from '../../engine/values/go-format.js';
import { type CelProgram, fromCel } from '../adapter/index.js';
import { containsEscape, containsPlaceholder, scanPlaceholders } from './template-placeholders.js';

type TemplateNode =
  | { kind: 'literal'; value: unknown }
  | { kind: 'mapping'; entries: Array<[string, TemplateNode]> }
  | { kind: 'sequence'; items: TemplateNode[] }
  | { kind: 'splice'; expression: string; program: CelProgram }
  | { kind: 'interpolated'; parts: Array<{ literal: string } | { expression: string; program: CelProgram }> };

export interface CompiledTemplate {
  docs: TemplateNode[];
}

/** Compiles one placeholder expression in the policy's environment. */
export type CompileExpression = (source: string) => { program?: CelProgram; error?: string };
/** Evaluates a compiled placeholder with the generation's activation (throws on failure). */
export type EvaluateProgram = (program: CelProgram) => unknown;

/** Nodes a template may compile to (aliases expand): past this it is refused, not expanded further. */
const MAX_TEMPLATE_NODES = 10_000;
const MAX_ALIASES = 100;

interface Compiler {
  doc: Document;
  lines: LineCounter;
  interpolate: boolean;
  compile: CompileExpression;
  nodes: number;
  placeholders: Map<unknown, boolean>;
}

const lineOf = (c: Compiler, n: Node): number => c.lines.linePos(n.range?.[0] ?? 0).line;

/** nodeContainsPlaceholder(), memoised per node: aliases may name one subtree many times. */
function hasPlaceholder(c: Compiler, n: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  const known = c.placeholders.get(n);
  if (known !== undefined) return known;
  let found = false;
  if (isAlias(n)) found = hasPlaceholder(c, n.resolve(c.doc), depth + 1);
  else if (isScalar(n))
    found = typeof n.value === 'string' && (containsPlaceholder(n.value) || containsEscape(n.value));
  else if (isMap(n))
    found = n.items.some((p) => hasPlaceholder(c, p.key, depth + 1) || hasPlaceholder(c, p.value, depth + 1));
  else if (isSeq(n)) found = n.items.some((x) => hasPlaceholder(c, x, depth + 1));
  c.placeholders.set(n, found);
  return found;
}

function compileExpression(c: Compiler, n: Node, expression: string): CelProgram {
  const r = c.compile(expression);
  if (!r.program)
    throw new Error(
      `line ${lineOf(c, n)}: invalid placeholder expression ${JSON.stringify(expression)}: ${r.error}`,
    );
  return r.program;
}

function compileScalar(c: Compiler, n: Node & { value: unknown }): TemplateNode {
  const text = typeof n.value === 'string' ? n.value : '';
  let segments: ReturnType<typeof scanPlaceholders>;
  try {
    segments = scanPlaceholders(text);
  } catch (e) {
    throw new Error(`line ${lineOf(c, n)}: ${(e as Error).message}`);
  }
  const expressions = segments.filter((s) => 'expression' in s).length;
  // only escape sequences: the literal with `\((` turned into `((`
  if (expressions === 0)
    return { kind: 'literal', value: segments.map((s) => ('literal' in s ? s.literal : '')).join('') };
  const first = segments[0]!;
  if (segments.length === 1 && 'expression' in first)
    return {
      kind: 'splice',
      expression: first.expression,
      program: compileExpression(c, n, first.expression),
    };
  return {
    kind: 'interpolated',
    parts: segments.map((s) =>
      'expression' in s ? { expression: s.expression, program: compileExpression(c, n, s.expression) } : s,
    ),
  };
}

/** yaml.v3's `Node.Value` of a key: the text as written (a merge key parses as a symbol here). */
function scalarKey(key: Scalar): string {
  if (typeof key.value === 'string') return key.value;
  if (typeof key.value === 'symbol') return '<<';
  return typeof key.source === 'string' ? key.source : String(key.value);
}

function compileNode(c: Compiler, raw: unknown, depth: number): TemplateNode {
  if (++c.nodes > MAX_TEMPLATE_NODES || depth > 100)
    throw new Error(`template is larger than ${MAX_TEMPLATE_NODES} nodes`);
  const n = isAlias(raw) ? raw.resolve(c.doc) : raw;
  if (!c.interpolate || !hasPlaceholder(c, n)) {
    if (n === undefined || n === null) return { kind: 'literal', value: null };
    return { kind: 'literal', value: (n as Node).toJS(c.doc, { maxAliasCount: MAX_ALIASES }) };
  }
  if (isMap(n)) {
    const entries: Array<[string, TemplateNode]> = [];
    for (const pair of n.items) {
      const key = pair.key;
      if (!isScalar(key)) throw new Error(`line ${lineOf(c, n)}: only scalar mapping keys are supported`);
      const k = scalarKey(key);
      if (containsPlaceholder(k))
        throw new Error(
          `line ${lineOf(c, key)}: placeholders are not supported in mapping keys; use a whole-value placeholder on the parent field instead (e.g. \`labels: (( variables.labels ))\`)`,
        );
      if (k === '<<')
        throw new Error(
          `line ${lineOf(c, key)}: YAML merge keys are not supported in subtrees containing placeholders`,
        );
      entries.push([k, compileNode(c, pair.value, depth + 1)]);
    }
    return { kind: 'mapping', entries };
  }
  if (isSeq(n)) return { kind: 'sequence', items: n.items.map((x) => compileNode(c, x, depth + 1)) };
  if (isScalar(n)) return compileScalar(c, n);
  throw new Error('unsupported YAML node kind');
}

/**
 * An alias inside the node its anchor names (`a: &x {b: *x}`) would make a cyclic object; yaml.v3
 * refuses it ("anchor 'x' value contains itself"), and so do we.
 */
function selfReferencingAnchor(
  doc: Document,
  node: unknown,
  walk: { ancestors: Set<unknown>; clean: Set<unknown> },
  depth = 0,
): string | undefined {
  if (depth > 100 || walk.clean.has(node)) return undefined;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (walk.ancestors.has(target)) return node.source;
    return selfReferencingAnchor(doc, target, walk, depth + 1);
  }
  const children = isMap(node) ? node.items.flatMap((p) => [p.key, p.value]) : isSeq(node) ? node.items : [];
  walk.ancestors.add(node);
  for (const child of children) {
    const hit = selfReferencingAnchor(doc, child, walk, depth + 1);
    if (hit !== undefined) return hit;
  }
  walk.ancestors.delete(node);
  // no cycle below: an alias naming this node again need not walk it again
  walk.clean.add(node);
  return undefined;
}

/** Compile(): every document parsed and every placeholder compiled up front; an error names its line. */
export function compileGenerationTemplate(
  template: Record<string, unknown>,
  compile: CompileExpression,
): { template?: CompiledTemplate; error?: string } {
  const value = typeof template.value === 'string' ? template.value : '';
  const invalid = (detail: string) => ({ error: `template.value: Invalid value: ${detail}` });
  const lines = new LineCounter();
  const docs: TemplateNode[] = [];
  const parsed = parseAllDocuments(value, { lineCounter: lines, merge: true, version: '1.2' });
  for (const doc of Array.isArray(parsed) ? parsed : []) {
    if (doc.errors.length) return invalid(`failed to parse YAML: ${doc.errors[0]!.message}`);
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue;
    const cyclic = selfReferencingAnchor(doc, root, { ancestors: new Set(), clean: new Set() });
    if (cyclic !== undefined)
      return invalid(`failed to parse YAML: anchor '${cyclic}' value contains itself`);
    const c: Compiler = {
      doc,
      lines,
      interpolate: template.interpolate === 'cel',
      compile,
      nodes: 0,
      placeholders: new Map(),
    };
    let node: TemplateNode;
    try {
      node = compileNode(c, root, 0);
    } catch (e) {
      return invalid((e as Error).message);
    }
    const mappingRoot =
      node.kind === 'mapping' || node.kind === 'splice' || (node.kind === 'literal' && isRecord(node.value));
    if (!mappingRoot)
      return invalid(`line ${lineOf(c, root)}: document must be a mapping describing a resource`);
    docs.push(node);
  }
  if (docs.length === 0) return invalid('template must contain at least one YAML document');
  return { template: { docs } };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's `%T` of a converted CEL value, for the scalar-placeholder error. */
function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (isRecord(v)) return 'map[string]interface {}';
  return typeof v;
}

/** One placeholder embedded in a string: a scalar printed as Go's `%v` prints it. */
function scalarText(expression: string, raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  if (typeof raw === 'number') return formatGoG(raw);
  const v = fromCel(raw);
  if (typeof v === 'string') return v;
  throw new Error(
    `placeholder ${JSON.stringify(expression)} embedded in a string must evaluate to a scalar, got ${goTypeName(v)}; use a whole-value placeholder for structured results`,
  );
}

function evaluatePlaceholder(expression: string, program: CelProgram, evaluate: EvaluateProgram): unknown {
  try {
    return evaluate(program);
  } catch (e) {
    throw new Error(`failed to evaluate placeholder ${JSON.stringify(expression)}: ${(e as Error).message}`);
  }
}

function renderNode(n: TemplateNode, evaluate: EvaluateProgram): unknown {
  switch (n.kind) {
    case 'literal':
      // a fresh copy per render: generated objects are changed downstream
      return structuredClone(n.value);
    case 'mapping': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of n.entries) {
        try {
          setOwn(out, k, renderNode(v, evaluate));
        } catch (e) {
          throw new Error(`field ${JSON.stringify(k)}: ${(e as Error).message}`);
        }
      }
      return out;
    }
    case 'sequence':
      return n.items.map((item, i) => {
        try {
          return renderNode(item, evaluate);
        } catch (e) {
          throw new Error(`item ${i}: ${(e as Error).message}`);
        }
      });
    case 'splice':
      return fromCel(evaluatePlaceholder(n.expression, n.program, evaluate));
    case 'interpolated':
      return n.parts
        .map((p) =>
          'program' in p
            ? scalarText(p.expression, evaluatePlaceholder(p.expression, p.program, evaluate))
            : p.literal,
        )
        .join('');
  }
}

/** Render(): one resource per document; throws `document N: ...` when a placeholder fails. */
export function renderGenerationTemplate(
  t: CompiledTemplate,
  evaluate: EvaluateProgram,
): Record<string, unknown>[] {
  return t.docs.map((doc, i) => {
    let v: unknown;
    try {
      v = renderNode(doc, evaluate);
    } catch (e) {
      throw new Error(`document ${i + 1}: ${(e as Error).message}`);
    }
    if (!isRecord(v))
      throw new Error(`document ${i + 1}: expected a mapping describing a resource, got ${goTypeName(v)}`);
    return v;
  });
}
