/**
 * Which `.Values` paths a Go template reads — a static approximation that errs towards "read":
 * - `.Values.a.b`, `$.Values.a.b`, `index .Values "a" "b"`, `get`/`hasKey`/`pluck` with literal keys;
 * - `with .Values.a` … `.b` … `end` → a.b; `{{ $x := .Values.a }}` … `$x.b` → a.b;
 * - a reference used as a value (printed, piped, passed to toYaml/include/tpl, ranged over) reads
 *   everything below it; one in an `if`/`with` condition reads only that key;
 * - `.Values` passed whole (`toYaml .Values`, `include "x" .Values`) reads everything.
 * Used on chart templates and on values files (which `tpl` may render).
 */
import type { ValuesPathTrie } from './values-path-trie.js';

type Dot = { kind: 'root' } | { kind: 'values'; path: string[] } | { kind: 'unknown' };

interface Frame {
  block: string;
  dot: Dot;
  outer: Dot;
}

// Linear on any input (the chart comes from the pull request): actions are cut with indexOf, not a lazy
// `{{([\s\S]*?)}}` (quadratic on many `{{` without a `}}`), and a quote that never closes runs to the end
// of the action instead of failing and being retried from every later position.
const TOKEN =
  /"(?:[^"\\]|\\.)*"?|`[^`]*`?|'(?:[^'\\]|\\.)*'?|\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|(?:\.[A-Za-z0-9_]+)+|\.|[A-Za-z_][A-Za-z0-9_]*|:=|=|\||\(|\)|,|[^\s]/g;

const CONDITION_BLOCKS = new Set(['if', 'with']);
const BINDING_TOKENS = new Set(['default', 'dict', 'list', 'required', '|', '(', ')']);

/** The bodies of `{{ … }}` actions (trim markers `{{-` / `-}}` removed), in order; an unclosed `{{` ends the scan. */
function* templateActions(text: string): Generator<string> {
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) return;
    const close = text.indexOf('}}', open + 2);
    // helm fails on an unclosed action too: nothing after it is a template read
    if (close < 0) return;
    let body = text.slice(open + 2, close);
    if (body.startsWith('-')) body = body.slice(1);
    if (body.endsWith('-')) body = body.slice(0, -1);
    yield body;
    at = close + 2;
  }
}

export function scanTemplateReads(text: string, reads: ValuesPathTrie): void {
  const stack: Frame[] = [];
  const vars = new Map<string, Dot>();
  let dot: Dot = { kind: 'root' };
  for (const action of templateActions(text)) {
    const body = action.trim();
    if (body.startsWith('/*')) continue;
    const tokens: string[] = [...(body.match(TOKEN) ?? [])];
    if (tokens.length === 0) continue;
    const head = tokens[0] ?? '';
    if (head === 'end') {
      const f = stack.pop();
      if (f) dot = f.outer;
      continue;
    }
    let rest: string[] = tokens;
    let block = '';
    if (head === 'else') {
      const top = stack[stack.length - 1];
      if (top) dot = top.outer;
      rest = tokens.slice(1);
      const sub = rest[0];
      if (sub === 'if' || sub === 'with') {
        block = sub;
        rest = rest.slice(1);
      } else continue;
      if (top) top.block = block;
    } else if (
      head === 'if' ||
      head === 'with' ||
      head === 'range' ||
      head === 'define' ||
      head === 'block'
    ) {
      block = head;
      rest = tokens.slice(1);
      stack.push({ block, dot, outer: dot });
      if (block === 'define') {
        dot = { kind: 'root' }; // included templates usually get the root context; assume so (reads more, reports less)
        continue;
      }
    }
    // variable declarations: $x := <expr>  /  range $k, $v := <expr>
    let declared: string[] = [];
    const assign = rest.indexOf(':=');
    if (assign > 0) {
      declared = rest.slice(0, assign).filter((t) => t.startsWith('$'));
      rest = rest.slice(assign + 1);
    } else if (rest[1] === '=' && rest[0]?.startsWith('$')) {
      declared = [rest[0]];
      rest = rest.slice(2);
    }
    // `$x := .Values.a` (optionally `| default dict`) only binds: what is read is decided where $x is used
    const bindsOnly =
      declared.length === 1 &&
      block !== 'range' &&
      rest.every((t) => BINDING_TOKENS.has(t) || /^[.$]/.test(t) || literal(t) !== undefined);
    const conditional = CONDITION_BLOCKS.has(block) || bindsOnly;
    const refs = evaluate(rest, dot, vars, reads, conditional);
    // the value of a `with`/assignment: its only value reference (`.Values.a | default dict`), else unknown
    const first = refs.length === 1 ? refs[0] : undefined;
    if (block === 'with') {
      const top = stack[stack.length - 1];
      dot = first ?? { kind: 'unknown' };
      if (top) top.dot = dot;
    } else if (block === 'range') {
      // every element: its keys are dynamic, the whole collection was marked read already
      dot = { kind: 'unknown' };
      const top = stack[stack.length - 1];
      if (top) top.dot = dot;
    }
    if (declared.length === 1 && block !== 'range') {
      vars.set(declared[0] ?? '', first ?? { kind: 'unknown' });
    } else {
      for (const v of declared) vars.set(v, { kind: 'unknown' });
    }
  }
}

/** Resolve a term against the current dot and variables. */
function resolveTerm(tok: string, dot: Dot, vars: Map<string, Dot>): Dot | undefined {
  if (tok === '.') return dot;
  if (tok.startsWith('$')) {
    const [name, ...fields] = tok.split('.');
    if (name === '$') {
      if (fields[0] === 'Values') return { kind: 'values', path: fields.slice(1) };
      return undefined;
    }
    const bound = vars.get(name ?? '');
    if (!bound || bound.kind === 'unknown') return undefined;
    if (bound.kind === 'root')
      return fields[0] === 'Values' ? { kind: 'values', path: fields.slice(1) } : undefined;
    return { kind: 'values', path: [...bound.path, ...fields] };
  }
  if (tok.startsWith('.')) {
    const fields = tok.slice(1).split('.');
    if (dot.kind === 'root')
      return fields[0] === 'Values' ? { kind: 'values', path: fields.slice(1) } : undefined;
    if (dot.kind === 'values') return { kind: 'values', path: [...dot.path, ...fields] };
  }
  return undefined;
}

const literal = (t: string | undefined): string | undefined =>
  t !== undefined && (t.startsWith('"') || t.startsWith('`') || t.startsWith("'")) ? unquote(t) : undefined;

function unquote(t: string): string {
  if (t.startsWith('`')) return t.slice(1, -1);
  try {
    return JSON.parse(t.startsWith("'") ? `"${t.slice(1, -1)}"` : t) as string;
  } catch {
    return t.slice(1, -1);
  }
}

/** Marks the reads of one pipeline; returns the value references it found (in order). */
function evaluate(
  tokens: string[],
  dot: Dot,
  vars: Map<string, Dot>,
  reads: ValuesPathTrie,
  conditional: boolean,
): Dot[] {
  const found: Dot[] = [];
  const mark = (path: string[], wholesale: boolean) => reads.add(path, wholesale);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if ((t === 'index' || t === 'get' || t === 'hasKey') && i + 1 < tokens.length) {
      const base = resolveTerm(tokens[i + 1] ?? '', dot, vars);
      if (base?.kind === 'values') {
        const path = [...base.path];
        let j = i + 2;
        while (j < tokens.length && literal(tokens[j]) !== undefined) {
          path.push(literal(tokens[j]) ?? '');
          j++;
          if (t !== 'index') break;
        }
        const dynamic = j < tokens.length && /^[.$]/.test(tokens[j] ?? '') && t === 'index';
        mark(path, dynamic || (!conditional && t !== 'hasKey'));
        found.push({ kind: 'values', path });
        i = j - 1;
        continue;
      }
    }
    if (t === 'pluck' && literal(tokens[i + 1]) !== undefined) {
      const key = literal(tokens[i + 1]) ?? '';
      let j = i + 2;
      while (j < tokens.length) {
        const base = resolveTerm(tokens[j] ?? '', dot, vars);
        if (!base) break;
        if (base.kind === 'values') mark([...base.path, key], !conditional);
        j++;
      }
      i = j - 1;
      continue;
    }
    if (t === '.' || t.startsWith('.') || t.startsWith('$')) {
      const r = resolveTerm(t, dot, vars);
      if (r?.kind === 'values') {
        mark(r.path, !conditional);
        found.push(r);
      } else if (r?.kind === 'root' && t === '.') {
        found.push(r);
      }
    }
  }
  return found;
}
