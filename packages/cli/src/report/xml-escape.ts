/**
 * XML 1.0 escaping for the JUnit writer. Characters XML 1.0 cannot carry at all (C0 controls other than
 * tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) are not even allowed as character references, so they are
 * written as visible `\uXXXX` text instead of producing a file parsers reject.
 */

const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the forbidden control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const visible = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Text content: `&`, `<`, `>` escaped; CR kept as a reference so it survives end-of-line normalisation. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: anything that may need escaping
const NEEDS_WORK = /[&<>"'\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s
    .replace(FORBIDDEN, visible)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values (always written in double quotes): also quotes, and tab/LF/CR as references
 * so attribute-value normalisation does not turn them into spaces. */
export function xmlAttr(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}
