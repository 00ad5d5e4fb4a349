/**
 * Lexer for Go text/template (`text/template/parse/lex.go`), delimiters `{{` `}}`.
 * Handles trim markers (`{{- ` and ` -}}`), comments, strings (interpreted, raw, char),
 * numbers, fields, variables, keywords and punctuation. Errors are returned as an `error` token.
 */

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof'
  | 'error';

export interface Token {
  type: TokenType;
  value: string;
  /** Byte offset (UTF-16 index) in the template. */
  pos: number;
}

const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
]);

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

// long: a lexer: one loop with one branch per token kind, as text/template's lex.go
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNextText = false;
  const err = (message: string, at: number) => {
    tokens.push({ type: 'error', value: message, pos: at });
    return tokens;
  };

  while (pos <= input.length) {
    // text up to the next "{{"
    let next = input.indexOf('{{', pos);
    if (next < 0) next = input.length;
    let text = input.slice(pos, next);
    const trimLeft = next < input.length && input[next + 2] === '-' && isSpace(input[next + 3]);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    trimNextText = false;
    if (text) tokens.push({ type: 'text', value: text, pos });
    if (next >= input.length) break;

    // inside an action
    let p = next + 2;
    if (trimLeft) p += 2;
    // comment
    if (input.startsWith('/*', p)) {
      const end = input.indexOf('*/', p + 2);
      if (end < 0) return err('unclosed comment', next);
      let q = end + 2;
      let trimRight = false;
      if (input[q] === ' ' && input[q + 1] === '-' && input.startsWith('}}', q + 2)) {
        trimRight = true;
        q += 2;
      }
      if (!input.startsWith('}}', q)) return err('comment ends before closing delimiter', next);
      pos = q + 2;
      trimNextText = trimRight;
      continue;
    }
    tokens.push({ type: 'leftDelim', value: '{{', pos: next });
    let parenDepth = 0;
    for (;;) {
      if (p >= input.length) return err('unclosed action', next);
      const c = input[p]!;
      // right delimiter, possibly with trim marker
      if (isSpace(c)) {
        const start = p;
        while (isSpace(input[p])) p++;
        if (input[p] === '-' && input.startsWith('}}', p + 1)) {
          tokens.push({ type: 'rightDelim', value: '}}', pos: p });
          pos = p + 3;
          trimNextText = true;
          break;
        }
        tokens.push({ type: 'space', value: input.slice(start, p), pos: start });
        continue;
      }
      if (input.startsWith('}}', p)) {
        if (parenDepth > 0) return err('unclosed left paren', p);
        tokens.push({ type: 'rightDelim', value: '}}', pos: p });
        pos = p + 2;
        break;
      }
      if (c === '|') {
        tokens.push({ type: 'pipe', value: c, pos: p++ });
      } else if (c === '(') {
        parenDepth++;
        tokens.push({ type: 'leftParen', value: c, pos: p++ });
      } else if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) return err(`unexpected right paren`, p);
        tokens.push({ type: 'rightParen', value: c, pos: p++ });
      } else if (c === ',') {
        tokens.push({ type: 'comma', value: c, pos: p++ });
      } else if (c === ':') {
        if (input[p + 1] !== '=') return err('expected :=', p);
        tokens.push({ type: 'declare', value: ':=', pos: p });
        p += 2;
      } else if (c === '=') {
        tokens.push({ type: 'assign', value: '=', pos: p++ });
      } else if (c === '"') {
        let q = p + 1;
        for (;;) {
          const d = input[q];
          if (d === undefined || d === '\n') return err('unterminated quoted string', p);
          if (d === '\\') q += 2;
          else if (d === '"') break;
          else q++;
        }
        tokens.push({ type: 'string', value: input.slice(p, q + 1), pos: p });
        p = q + 1;
      } else if (c === '`') {
        const end = input.indexOf('`', p + 1);
        if (end < 0) return err('unterminated raw quoted string', p);
        tokens.push({ type: 'rawString', value: input.slice(p, end + 1), pos: p });
        p = end + 1;
      } else if (c === "'") {
        let q = p + 1;
        for (;;) {
          const d = input[q];
          if (d === undefined || d === '\n') return err('unterminated character constant', p);
          if (d === '\\') q += 2;
          else if (d === "'") break;
          else q++;
        }
        tokens.push({ type: 'char', value: input.slice(p, q + 1), pos: p });
        p = q + 1;
      } else if (c === '$') {
        let q = p + 1;
        while (isAlnum(input[q])) q++;
        tokens.push({ type: 'variable', value: input.slice(p, q), pos: p });
        p = q;
      } else if (c === '.') {
        // a number like .5, a field, or dot
        if (/[0-9]/.test(input[p + 1] ?? '')) {
          const m = /^[.0-9a-zA-Z_+-]+/.exec(input.slice(p))!;
          tokens.push({ type: 'number', value: scanNumber(m[0]), pos: p });
          p += scanNumber(m[0]).length;
        } else if (isAlnum(input[p + 1])) {
          let q = p + 1;
          while (isAlnum(input[q])) q++;
          tokens.push({ type: 'field', value: input.slice(p, q), pos: p });
          p = q;
        } else {
          tokens.push({ type: 'dot', value: '.', pos: p++ });
        }
      } else if (c === '+' || c === '-' || /[0-9]/.test(c)) {
        const num = scanNumber(input.slice(p));
        if (!num || !/[0-9]/.test(num))
          return err(`bad number syntax: ${JSON.stringify(input.slice(p, p + 10))}`, p);
        if (isAlnum(input[p + num.length]))
          return err(`bad number syntax: ${JSON.stringify(num + input[p + num.length])}`, p);
        tokens.push({ type: 'number', value: num, pos: p });
        p += num.length;
      } else if (isAlnum(c)) {
        let q = p;
        while (isAlnum(input[q])) q++;
        const word = input.slice(p, q);
        const type: TokenType = KEYWORDS.has(word)
          ? 'keyword'
          : word === 'true' || word === 'false'
            ? 'bool'
            : word === 'nil'
              ? 'nil'
              : 'identifier';
        tokens.push({ type, value: word, pos: p });
        p = q;
      } else {
        return err(`unexpected ${JSON.stringify(c)} in command`, p);
      }
    }
  }
  tokens.push({ type: 'eof', value: '', pos: input.length });
  return tokens;
}

/** The longest prefix that looks like a Go number literal (validated later by the parser). */
function scanNumber(s: string): string {
  const m =
    /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|([0-9][0-9_]*)?(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(
      s,
    );
  return m ? m[0] : '';
}
