import { type Comparator, JmesPathError, type Node } from './ast.js';
import { type Token, type TokenType, tokenize } from './lexer.js';

const BP: Partial<Record<TokenType, number>> = {
  eof: 0,
  unquoted: 0,
  quoted: 0,
  rbracket: 0,
  rparen: 0,
  comma: 0,
  rbrace: 0,
  number: 0,
  current: 0,
  expref: 0,
  colon: 0,
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  ne: 5,
  lt: 5,
  lte: 5,
  gt: 5,
  gte: 5,
  flatten: 9,
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
};

const bp = (t: TokenType): number => BP[t] ?? 0;

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
  ) {}

  private err(msg: string): never {
    const t = this.tokens[this.pos];
    throw new JmesPathError(
      `syntax error: ${msg} at position ${t?.start ?? 0} in ${JSON.stringify(this.src)}`,
      'syntax',
    );
  }
  private la(k = 0): TokenType {
    return (this.tokens[this.pos + k] ?? this.tokens[this.tokens.length - 1])!.type;
  }
  private laTok(k = 0): Token {
    return (this.tokens[this.pos + k] ?? this.tokens[this.tokens.length - 1])!;
  }
  private advance(): void {
    this.pos++;
  }
  private match(t: TokenType): void {
    if (this.la() !== t) this.err(`expected ${t}, got ${this.la()}`);
    this.advance();
  }

  parse(): Node {
    const node = this.expression(0);
    if (this.la() !== 'eof') this.err(`unexpected token ${this.la()}`);
    return node;
  }

  expression(rbp: number): Node {
    const tok = this.laTok();
    this.advance();
    let left = this.nud(tok);
    while (rbp < bp(this.la())) {
      const t = this.laTok();
      this.advance();
      left = this.led(t, left);
    }
    return left;
  }

  private nud(tok: Token): Node {
    switch (tok.type) {
      case 'literal':
        return { type: 'Literal', value: tok.value };
      case 'rawString':
        return { type: 'Literal', value: tok.value };
      case 'unquoted':
        return { type: 'Field', name: tok.value as string };
      case 'quoted':
        if (this.la() === 'lparen') this.err('quoted identifier cannot be a function name');
        return { type: 'Field', name: tok.value as string };
      case 'not':
        return { type: 'Not', child: this.expression(bp('not')) };
      case 'star': {
        const left: Node = { type: 'Identity' };
        const right: Node = this.la() === 'rbracket' ? { type: 'Identity' } : this.projectionRHS(bp('star'));
        return { type: 'ValueProjection', left, right };
      }
      case 'filter':
        return this.led(tok, { type: 'Identity' });
      case 'lbrace':
        return this.multiSelectHash();
      case 'flatten': {
        const left: Node = { type: 'Flatten', child: { type: 'Identity' } };
        return { type: 'Projection', left, right: this.projectionRHS(bp('flatten')) };
      }
      case 'lbracket': {
        if (this.la() === 'number' || this.la() === 'colon') {
          const right = this.indexExpression();
          return this.projectIfSlice({ type: 'Identity' }, right);
        }
        if (this.la() === 'star' && this.la(1) === 'rbracket') {
          this.advance();
          this.advance();
          return { type: 'Projection', left: { type: 'Identity' }, right: this.projectionRHS(bp('star')) };
        }
        return this.multiSelectList();
      }
      case 'current':
        return { type: 'Current' };
      case 'expref':
        return { type: 'ExpressionReference', child: this.expression(bp('expref')) };
      case 'lparen': {
        const e = this.expression(0);
        this.match('rparen');
        return e;
      }
      default:
        return this.err(`unexpected token ${tok.type}`);
    }
  }

  private led(tok: Token, left: Node): Node {
    switch (tok.type) {
      case 'dot': {
        const rbp = bp('dot');
        if (this.la() !== 'star') return { type: 'Subexpression', left, right: this.dotRHS(rbp) };
        this.advance();
        return { type: 'ValueProjection', left, right: this.projectionRHS(rbp) };
      }
      case 'pipe':
        return { type: 'Pipe', left, right: this.expression(bp('pipe')) };
      case 'or':
        return { type: 'Or', left, right: this.expression(bp('or')) };
      case 'and':
        return { type: 'And', left, right: this.expression(bp('and')) };
      case 'lparen': {
        if (left.type !== 'Field') this.err('invalid function call');
        const args: Node[] = [];
        while (this.la() !== 'rparen') {
          args.push(this.expression(0));
          if (this.la() === 'comma') this.match('comma');
          else if (this.la() !== 'rparen') this.err('expected , or )');
        }
        this.match('rparen');
        return { type: 'Function', name: (left as { name: string }).name, args };
      }
      case 'filter': {
        const condition = this.expression(0);
        this.match('rbracket');
        const right: Node = this.la() === 'flatten' ? { type: 'Identity' } : this.projectionRHS(bp('filter'));
        return { type: 'FilterProjection', left, right, condition };
      }
      case 'flatten': {
        const leftNode: Node = { type: 'Flatten', child: left };
        return { type: 'Projection', left: leftNode, right: this.projectionRHS(bp('flatten')) };
      }
      case 'eq':
      case 'ne':
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        return { type: 'Comparator', op: tok.type as Comparator, left, right: this.expression(bp(tok.type)) };
      case 'lbracket': {
        if (this.la() === 'number' || this.la() === 'colon') {
          const right = this.indexExpression();
          return this.projectIfSlice(left, right);
        }
        this.match('star');
        this.match('rbracket');
        return { type: 'Projection', left, right: this.projectionRHS(bp('star')) };
      }
      default:
        return this.err(`unexpected token ${tok.type}`);
    }
  }

  private indexExpression(): Node {
    if (this.la() === 'colon' || this.la(1) === 'colon') return this.sliceExpression();
    const t = this.laTok();
    this.match('number');
    this.match('rbracket');
    return { type: 'Index', index: t.value as number };
  }

  private sliceExpression(): Node {
    const parts: Array<number | null> = [null, null, null];
    let idx = 0;
    while (this.la() !== 'rbracket' && idx < 3) {
      if (this.la() === 'colon') {
        idx++;
        this.advance();
      } else if (this.la() === 'number') {
        parts[idx] = this.laTok().value as number;
        this.advance();
      } else this.err('invalid slice');
    }
    this.match('rbracket');
    if (parts[2] === 0) this.err('slice step cannot be 0');
    return { type: 'Slice', start: parts[0] ?? null, stop: parts[1] ?? null, step: parts[2] ?? null };
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexExpr: Node = { type: 'IndexExpression', left, right };
    if (right.type === 'Slice')
      return { type: 'Projection', left: indexExpr, right: this.projectionRHS(bp('star')) };
    return indexExpr;
  }

  private projectionRHS(rbp: number): Node {
    const t = this.la();
    if (bp(t) < 10) return { type: 'Identity' };
    if (t === 'lbracket' || t === 'filter') return this.expression(rbp);
    if (t === 'dot') {
      this.match('dot');
      return this.dotRHS(rbp);
    }
    return this.err(`unexpected token ${t} after projection`);
  }

  private dotRHS(rbp: number): Node {
    const t = this.la();
    if (t === 'unquoted' || t === 'quoted' || t === 'star') return this.expression(rbp);
    if (t === 'lbracket') {
      this.advance();
      return this.multiSelectList();
    }
    if (t === 'lbrace') {
      this.advance();
      return this.multiSelectHash();
    }
    return this.err(`unexpected token ${t} after dot`);
  }

  private multiSelectList(): Node {
    const children: Node[] = [];
    while (this.la() !== 'rbracket') {
      children.push(this.expression(0));
      if (this.la() === 'comma') {
        this.match('comma');
        if (this.la() === 'rbracket') this.err('unexpected ]');
      } else if (this.la() !== 'rbracket') this.err('expected , or ]');
    }
    this.match('rbracket');
    return { type: 'MultiSelectList', children };
  }

  /**
   * `{key: expr, ...}`. As in go-jmespath's `parseMultiSelectHash` (kyverno v1.19.1 uses
   * github.com/kyverno/go-jmespath), the comma between pairs may be left out: after a value, anything
   * but `,` or `}` is read as the next key, and only a token that cannot be a key is an error.
   */
  private multiSelectHash(): Node {
    const pairs: Array<{ key: string; value: Node }> = [];
    for (;;) {
      const k = this.laTok();
      if (k.type !== 'unquoted' && k.type !== 'quoted') this.err('expected key in multiselect hash');
      this.advance();
      this.match('colon');
      pairs.push({ key: k.value as string, value: this.expression(0) });
      if (this.la() === 'comma') this.match('comma');
      else if (this.la() === 'rbrace') {
        this.match('rbrace');
        break;
      }
    }
    return { type: 'MultiSelectHash', pairs };
  }
}

const cache = new Map<string, Node>();

/** Parses (and caches) a JMESPath expression. Throws JmesPathError on syntax errors. */
export function compileJmesPath(expression: string): Node {
  const hit = cache.get(expression);
  if (hit) return hit;
  const node = new Parser(tokenize(expression), expression).parse();
  if (cache.size > 5000) cache.clear();
  cache.set(expression, node);
  return node;
}
