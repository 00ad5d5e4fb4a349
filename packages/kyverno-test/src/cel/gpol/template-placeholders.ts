/**
 * `(( ... ))` placeholders of a GeneratingPolicy generation template (kyverno v1.19.1
 * pkg/cel/policies/gpol/template/scanner.go): a scalar is split into literal and placeholder
 * segments; the scanner tracks parenthesis nesting and CEL string literals, so `(( f(x) ))` and
 * `(( ":)".size() ))` are one placeholder each, and `\((` is a literal `((`.
 */

export type TemplateSegment = { literal: string } | { expression: string };

/** The trimmed expression of the placeholder opening at `start` and the index after its `))`. */
function scanPlaceholder(s: string, start: number): { expression: string; next: number } {
  let depth = 0;
  let quote = '';
  let i = start + 2;
  while (i < s.length) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === quote) quote = '';
      i++;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) depth--;
      else if (s[i + 1] === ')') {
        const expression = s.slice(start + 2, i).trim();
        if (!expression) throw new Error(`empty placeholder at offset ${start}`);
        return { expression, next: i + 2 };
      } else throw new Error(`unbalanced parenthesis in placeholder starting at offset ${start}`);
    }
    i++;
  }
  if (quote) throw new Error(`unterminated string literal in placeholder starting at offset ${start}`);
  throw new Error(`unterminated placeholder starting at offset ${start}: missing closing '))'`);
}

/** scan(): literal and placeholder segments of a scalar; throws on a malformed placeholder. */
export function scanPlaceholders(s: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let literal = '';
  const flush = () => {
    if (literal) segments.push({ literal });
    literal = '';
  };
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('\\((', i)) {
      literal += '((';
      i += 3;
    } else if (s.startsWith('((', i)) {
      const { expression, next } = scanPlaceholder(s, i);
      flush();
      segments.push({ expression });
      i = next;
    } else {
      literal += s[i];
      i++;
    }
  }
  flush();
  return segments;
}

/** containsPlaceholder(): an unescaped `((`. */
export function containsPlaceholder(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('\\((', i)) i += 2;
    else if (s.startsWith('((', i)) return true;
  }
  return false;
}

/** containsEscape(): the `\((` escape, which also makes a scalar worth compiling. */
export function containsEscape(s: string): boolean {
  return s.includes('\\((');
}
