/**
 * Parser for Go text/template (`text/template/parse/parse.go`, `node.go`), the subset an
 * ApplicationSet uses: actions, pipelines, variables, if/else if/else, range (with else,
 * break, continue), with (with else). `define`/`template`/`block` are reported as unsupported.
 * Returns a tree or an error message; never throws.
 */
import { lex, type Token } from './lexer.js';

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pos: number; pipe: Pipe }
  | { kind: 'if' | 'with'; pos: number; pipe: Pipe; list: Node[]; elseList?: Node[] }
  | { kind: 'range'; pos: number; pipe: Pipe; list: Node[]; elseList?: Node[] }
  | { kind: 'break' | 'continue'; pos: number };

export interface Pipe {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export interface Command {
  pos: number;
  args: Arg[];
}

export type Arg =
  | { kind: 'field'; pos: number; idents: string[] }
  | { kind: 'variable'; pos: number; name: string; idents: string[] }
  | { kind: 'chain'; pos: number; node: Arg; idents: string[] }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'number'; pos: number; text: string; value: number | bigint }
  | { kind: 'string'; pos: number; value: string }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'pipe'; pos: number; pipe: Pipe };

export type ParseResult = { ok: true; nodes: Node[] } | { ok: false; error: string };

class ParseError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 100;

/** `isFunction(name)` decides whether an identifier names a known function (unknown → parse error, as in Go). */
export function parseTemplate(input: string, isFunction: (name: string) => boolean): ParseResult {
  const tokens = lex(input);
  const p = new Parser(tokens, isFunction);
  try {
    const errTok = tokens.find((t) => t.type === 'error');
    if (errTok) throw new ParseError(errTok.value, errTok.pos);
    const { nodes, end } = p.parseList(0, 0);
    if (end) throw new ParseError(`unexpected {{${end}}}`, p.peek().pos);
    return { ok: true, nodes };
  } catch (e) {
    if (e instanceof ParseError)
      return { ok: false, error: `template: :${position(input, e.pos)}: ${e.message}` };
    return { ok: false, error: `template: ${(e as Error)?.message ?? String(e)}` };
  }
}

/** `line:col` of a UTF-16 offset, 1-based line and 0-based byte column like Go. */
export function position(input: string, pos: number): string {
  const before = input.slice(0, Math.max(0, pos));
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n') - 1;
  return `${line}:${col}`;
}

class Parser {
  private i = 0;
  private rangeDepth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly isFunction: (name: string) => boolean,
  ) {}

  peek(): Token {
    return this.tokens[this.i] ?? { type: 'eof', value: '', pos: 0 };
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length) this.i++;
    return t;
  }
  /** next token that is not a space */
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const save = this.i;
    const t = this.nextNonSpace();
    this.i = save;
    return t;
  }

  /**
   * Parse nodes until `{{end}}` or `{{else}}` (returned as `end`), or EOF at depth 0.
   */
  parseList(depth: number, _unused: number): { nodes: Node[]; end?: 'end' | 'else'; elseTok?: Token } {
    if (depth > MAX_DEPTH) throw new ParseError('template nests too deeply', this.peek().pos);
    const nodes: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.type === 'eof') {
        if (depth > 0) throw new ParseError('unexpected EOF', t.pos);
        return { nodes };
      }
      if (t.type === 'text') {
        nodes.push({ kind: 'text', text: t.value });
        continue;
      }
      if (t.type !== 'leftDelim') throw new ParseError(`unexpected ${t.value}`, t.pos);
      const k = this.peekNonSpace();
      if (k.type === 'keyword') {
        this.nextNonSpace();
        switch (k.value) {
          case 'end':
            this.expectRight('end');
            if (depth === 0) throw new ParseError('unexpected {{end}}', k.pos);
            return { nodes, end: 'end' };
          case 'else':
            if (depth === 0) throw new ParseError('unexpected {{else}}', k.pos);
            return { nodes, end: 'else', elseTok: k };
          case 'if':
          case 'with':
          case 'range':
            nodes.push(this.parseControl(k.value, k.pos, depth));
            continue;
          case 'break':
          case 'continue':
            if (this.rangeDepth === 0) throw new ParseError(`{{${k.value}}} outside {{range}}`, k.pos);
            this.expectRight(k.value);
            nodes.push({ kind: k.value, pos: k.pos });
            continue;
          default:
            throw new ParseError(`{{${k.value}}} is not supported in ApplicationSet templates`, k.pos);
        }
      }
      const pipe = this.parsePipeline('command', depth);
      nodes.push({ kind: 'action', pos: t.pos, pipe });
    }
  }

  private expectRight(context: string) {
    const t = this.nextNonSpace();
    if (t.type !== 'rightDelim') throw new ParseError(`unexpected ${describe(t)} in ${context}`, t.pos);
  }

  private parseControl(kind: 'if' | 'with' | 'range', pos: number, depth: number): Node {
    const pipe = this.parsePipeline(kind, depth);
    if (kind === 'range') this.rangeDepth++;
    const body = this.parseList(depth + 1, 0);
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (body.end === 'else') {
      // `{{else if ...}}` / `{{else with ...}}` chain into a nested control node
      const nx = this.peekNonSpace();
      if (
        (kind === 'if' && nx.type === 'keyword' && nx.value === 'if') ||
        (kind === 'with' && nx.type === 'keyword' && nx.value === 'with')
      ) {
        this.nextNonSpace();
        elseList = [this.parseControl(kind, nx.pos, depth + 1)];
      } else {
        this.expectRight('else');
        const rest = this.parseList(depth + 1, 0);
        if (rest.end !== 'end') throw new ParseError(`expected end; found {{else}}`, this.peek().pos);
        elseList = rest.nodes;
      }
    }
    if (kind === 'range') return { kind, pos, pipe, list: body.nodes, elseList };
    return { kind, pos, pipe, list: body.nodes, elseList };
  }

  /** pipeline up to the right delimiter (`context` = command | if | with | range) or, inside parens, to `)`. */
  private parsePipeline(context: string, depth: number, inParen = false): Pipe {
    if (depth > MAX_DEPTH) throw new ParseError('template nests too deeply', this.peek().pos);
    const start = this.peekNonSpace();
    const pipe: Pipe = { pos: start.pos, decl: [], isAssign: false, cmds: [] };
    // declarations: $x := / $x = / $i, $v :=
    const save = this.i;
    const v1 = this.nextNonSpace();
    if (v1.type === 'variable') {
      const after = this.nextNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        pipe.decl.push(v1.value);
        pipe.isAssign = after.type === 'assign';
      } else if (after.type === 'comma' && context === 'range') {
        const v2 = this.nextNonSpace();
        const op = this.nextNonSpace();
        if (v2.type !== 'variable' || (op.type !== 'declare' && op.type !== 'assign'))
          throw new ParseError('range can only initialize variables', v2.pos);
        pipe.decl.push(v1.value, v2.value);
        pipe.isAssign = op.type === 'assign';
      } else {
        this.i = save;
      }
    } else {
      this.i = save;
    }
    for (;;) {
      const t = this.peekNonSpace();
      if (t.type === 'rightDelim' && !inParen) {
        this.nextNonSpace();
        break;
      }
      if (t.type === 'rightParen' && inParen) {
        this.nextNonSpace();
        break;
      }
      if (t.type === 'eof' || t.type === 'rightDelim' || t.type === 'rightParen')
        throw new ParseError(`unexpected ${describe(t)} in operand`, t.pos);
      pipe.cmds.push(this.parseCommand(depth, inParen));
    }
    if (pipe.cmds.length === 0) throw new ParseError(`missing value for ${context}`, start.pos);
    return pipe;
  }

  private parseCommand(depth: number, inParen: boolean): Command {
    const cmd: Command = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      const t = this.peekNonSpace();
      if (t.type === 'pipe') {
        this.nextNonSpace();
        if (cmd.args.length === 0) throw new ParseError('missing command', t.pos);
        const nx = this.peekNonSpace();
        if (nx.type === 'rightDelim' || nx.type === 'rightParen' || nx.type === 'eof')
          throw new ParseError('missing command', nx.pos);
        return cmd;
      }
      if (t.type === 'rightDelim' || t.type === 'rightParen' || t.type === 'eof') {
        if (t.type === 'rightParen' && !inParen) throw new ParseError('unexpected right paren', t.pos);
        if (cmd.args.length === 0) throw new ParseError('empty command', t.pos);
        return cmd;
      }
      cmd.args.push(this.parseOperand(depth));
    }
  }

  private parseOperand(depth: number): Arg {
    const t = this.nextNonSpace();
    let node: Arg;
    switch (t.type) {
      case 'field':
        node = { kind: 'field', pos: t.pos, idents: [t.value.slice(1)] };
        break;
      case 'variable':
        node = { kind: 'variable', pos: t.pos, name: t.value, idents: [] };
        break;
      case 'dot':
        node = { kind: 'dot', pos: t.pos };
        break;
      case 'nil':
        node = { kind: 'nil', pos: t.pos };
        break;
      case 'bool':
        node = { kind: 'bool', pos: t.pos, value: t.value === 'true' };
        break;
      case 'number':
      case 'char':
        node = { kind: 'number', pos: t.pos, text: t.value, value: parseNumber(t) };
        break;
      case 'string':
      case 'rawString':
        node = { kind: 'string', pos: t.pos, value: unquote(t) };
        break;
      case 'identifier':
        if (!this.isFunction(t.value)) throw new ParseError(`function "${t.value}" not defined`, t.pos);
        node = { kind: 'identifier', pos: t.pos, name: t.value };
        break;
      case 'leftParen':
        node = {
          kind: 'pipe',
          pos: t.pos,
          pipe: this.parsePipeline('parenthesized pipeline', depth + 1, true),
        };
        break;
      default:
        throw new ParseError(`unexpected ${describe(t)} in operand`, t.pos);
    }
    // field chain directly attached: $x.a.b, (pipe).a, .a.b
    const chain: string[] = [];
    while (this.peek().type === 'field') chain.push(this.next().value.slice(1));
    if (chain.length) {
      if (node.kind === 'field') node.idents.push(...chain);
      else if (node.kind === 'variable') node.idents.push(...chain);
      else if (
        node.kind === 'bool' ||
        node.kind === 'string' ||
        node.kind === 'number' ||
        node.kind === 'nil' ||
        node.kind === 'dot'
      )
        throw new ParseError(`unexpected . after term ${JSON.stringify(t.value)}`, t.pos);
      else node = { kind: 'chain', pos: t.pos, node, idents: chain };
    }
    return node;
  }
}

function describe(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'rightDelim') return '"}}"';
  return `<${t.value}>`;
}

/** Go number literal → bigint (integer constant) or number (float constant). */
function parseNumber(t: Token): number | bigint {
  const raw = t.value;
  if (t.type === 'char') {
    const s = unquoteChar(raw.slice(1, -1), t.pos);
    return BigInt(s.codePointAt(0) ?? 0);
  }
  if (raw.endsWith('i')) throw new ParseError(`complex numbers are not supported: ${raw}`, t.pos);
  const s = raw.replace(/_/g, '');
  const intM = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (intM) {
    const body = intM[2]!;
    let v: bigint;
    if (/^0[xXbBoO]/.test(body)) v = BigInt(body.toLowerCase());
    else if (body.length > 1 && body.startsWith('0')) v = BigInt('0o' + body.slice(1));
    else v = BigInt(body);
    if (intM[1] === '-') v = -v;
    if (v > 9223372036854775807n || v < -9223372036854775808n)
      throw new ParseError(`integer overflow: ${raw}`, t.pos);
    return v;
  }
  if (/^[+-]?0[xX]/.test(s)) throw new ParseError(`hexadecimal floats are not supported: ${raw}`, t.pos);
  const f = Number(s);
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s) || Number.isNaN(f))
    throw new ParseError(`bad number syntax: "${raw}"`, t.pos);
  // Go: a float constant with an integral value is still usable as an int; keep it as float64 like an
  // untyped float constant passed to an interface{} parameter.
  return f;
}

function unquote(t: Token): string {
  if (t.type === 'rawString') return t.value.slice(1, -1).replace(/\r/g, '');
  return unquoteChar(t.value.slice(1, -1), t.pos);
}

/** Go interpreted string escapes. */
function unquoteChar(body: string, pos: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
    };
    if (e !== undefined && simple[e] !== undefined) {
      out += simple[e];
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex))
        throw new ParseError('invalid syntax in string escape', pos);
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff) throw new ParseError('invalid syntax in string escape', pos);
      out += e === 'x' ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      i += hexLen;
      continue;
    }
    if (e !== undefined && /[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new ParseError('invalid syntax in string escape', pos);
      out += String.fromCharCode(Number.parseInt(oct, 8) & 0xff);
      i += 2;
      continue;
    }
    throw new ParseError('invalid syntax in string escape', pos);
  }
  return out;
}
