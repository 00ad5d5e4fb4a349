import { JmesPathError } from './ast.js';

export type TokenType =
  | 'unquoted'
  | 'quoted'
  | 'rawString'
  | 'literal'
  | 'number'
  | 'dot'
  | 'star'
  | 'comma'
  | 'colon'
  | 'lbrace'
  | 'rbrace'
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'flatten'
  | 'filter'
  | 'pipe'
  | 'or'
  | 'and'
  | 'not'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'current'
  | 'expref'
  | 'eof';

export interface Token {
  type: TokenType;
  value: unknown;
  start: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

// long: a lexer: one loop with one branch per token kind
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  const err = (msg: string): never => {
    throw new JmesPathError(`syntax error: ${msg} at position ${i} in ${JSON.stringify(src)}`, 'syntax');
  };
  while (i < n) {
    const c = src[i] as string;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(src[j] as string)) j++;
      out.push({ type: 'unquoted', value: src.slice(i, j), start });
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= n) err('unterminated quoted identifier');
      const raw = src.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        return err('invalid quoted identifier');
      }
      out.push({ type: 'quoted', value, start });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      // Go fork: only \' is unescaped, everything else (incl. \\) kept verbatim
      let j = i + 1;
      let value = '';
      while (j < n && src[j] !== "'") {
        if (src[j] === '\\' && src[j + 1] === "'") {
          value += "'";
          j += 2;
        } else {
          value += src[j];
          j++;
        }
      }
      if (j >= n) err('unterminated raw string literal');
      out.push({ type: 'rawString', value, start });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      let body = '';
      while (j < n && src[j] !== '`') {
        if (src[j] === '\\' && src[j + 1] === '`') {
          body += '`';
          j += 2;
        } else {
          body += src[j];
          j++;
        }
      }
      if (j >= n) err('unterminated JSON literal');
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return err('invalid JSON literal');
      }
      out.push({ type: 'literal', value, start });
      i = j + 1;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < n && (src[j] as string) >= '0' && (src[j] as string) <= '9') j++;
      const text = src.slice(i, j);
      if (text === '-') err('invalid number');
      out.push({ type: 'number', value: Number.parseInt(text, 10), start });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    switch (two) {
      case '[]':
        out.push({ type: 'flatten', value: '[]', start });
        i += 2;
        continue;
      case '[?':
        out.push({ type: 'filter', value: '[?', start });
        i += 2;
        continue;
      case '||':
        out.push({ type: 'or', value: '||', start });
        i += 2;
        continue;
      case '&&':
        out.push({ type: 'and', value: '&&', start });
        i += 2;
        continue;
      case '==':
        out.push({ type: 'eq', value: '==', start });
        i += 2;
        continue;
      case '!=':
        out.push({ type: 'ne', value: '!=', start });
        i += 2;
        continue;
      case '<=':
        out.push({ type: 'lte', value: '<=', start });
        i += 2;
        continue;
      case '>=':
        out.push({ type: 'gte', value: '>=', start });
        i += 2;
        continue;
    }
    const single: Record<string, TokenType> = {
      '.': 'dot',
      '*': 'star',
      ',': 'comma',
      ':': 'colon',
      '{': 'lbrace',
      '}': 'rbrace',
      '[': 'lbracket',
      ']': 'rbracket',
      '(': 'lparen',
      ')': 'rparen',
      '|': 'pipe',
      '!': 'not',
      '<': 'lt',
      '>': 'gt',
      '@': 'current',
      '&': 'expref',
    };
    const t = single[c];
    if (!t) err(`unexpected character ${JSON.stringify(c)}`);
    out.push({ type: t as TokenType, value: c, start });
    i++;
  }
  out.push({ type: 'eof', value: null, start: n });
  return out;
}
