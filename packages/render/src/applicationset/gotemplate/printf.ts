/**
 * Go fmt.Sprintf for the verbs templates use: %v %s %d %f %e %g %q %t %x %X %o %b %c %%,
 * with flags (-, +, 0, space, #), width and precision. Wrong-type operands render like Go
 * (`%!d(string=x)`), missing operands `%!d(MISSING)`, extra operands `%!(EXTRA type=value)`.
 */
import { formatFloatV, formatV, type GoValue, goQuote, goTypeName } from './go-values.js';

export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    i++;
    let flags = '';
    while (i < format.length && '-+# 0'.includes(format[i]!)) flags += format[i++];
    let width: number | undefined;
    let prec: number | undefined;
    let m = /^\d+/.exec(format.slice(i));
    if (m) {
      width = Math.min(Number(m[0]), 1_000_000);
      i += m[0].length;
    } else if (format[i] === '*') {
      const a = args[argi++];
      width = typeof a === 'bigint' ? Math.min(Number(a), 1_000_000) : undefined;
      i++;
    }
    if (format[i] === '.') {
      i++;
      m = /^\d+/.exec(format.slice(i));
      if (m) {
        prec = Math.min(Number(m[0]), 10_000);
        i += m[0].length;
      } else prec = 0;
    }
    const verb = format[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++];
    out += pad(formatOne(verb, arg, flags, prec), width, flags);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => `${goTypeName(a)}=${formatV(a)}`)
      .join(', ')})`;
  }
  return out;
}

function pad(s: string, width: number | undefined, flags: string): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - s.length);
  if (flags.includes('0') && /^[+-]?[0-9.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

function bad(verb: string, arg: GoValue): string {
  return `%!${verb}(${goTypeName(arg)}=${formatV(arg)})`;
}

function formatOne(verb: string, arg: GoValue, flags: string, prec: number | undefined): string {
  const plus = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  switch (verb) {
    case 'v':
      if (typeof arg === 'number' && prec !== undefined) return sign(plus, arg, formatG(arg, prec));
      if (arg === undefined || arg === null) return '<nil>';
      if (
        (typeof arg === 'number' || typeof arg === 'bigint') &&
        plus &&
        !(typeof arg === 'number' ? arg < 0 : arg < 0n)
      )
        return plus + formatV(arg);
      return formatV(arg);
    case 's':
      if (typeof arg === 'string') return prec !== undefined ? [...arg].slice(0, prec).join('') : arg;
      if (typeof arg === 'number' || typeof arg === 'bigint' || typeof arg === 'boolean' || arg == null)
        return bad(verb, arg);
      return formatV(arg);
    case 'q':
      if (typeof arg === 'string') return goQuote(arg);
      if (typeof arg === 'bigint') return `'${String.fromCodePoint(Number(arg) & 0x1fffff)}'`;
      return bad(verb, arg);
    case 't':
      return typeof arg === 'boolean' ? String(arg) : bad(verb, arg);
    case 'd':
      if (typeof arg === 'bigint')
        return sign(plus, Number(arg < 0n ? -1 : 1), (arg < 0n ? -arg : arg).toString());
      return bad(verb, arg);
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
      const radix = verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
      let s: string;
      if (typeof arg === 'bigint') s = (arg < 0n ? '-' : '') + (arg < 0n ? -arg : arg).toString(radix);
      else if (typeof arg === 'string' && radix === 16) s = Buffer.from(arg, 'utf8').toString('hex');
      else return bad(verb, arg);
      if (flags.includes('#') && radix === 16) s = s.startsWith('-') ? `-0x${s.slice(1)}` : `0x${s}`;
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'c':
      return typeof arg === 'bigint' ? String.fromCodePoint(Number(arg) & 0x1fffff) : bad(verb, arg);
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (typeof arg !== 'number') return bad(verb, arg);
      if (!Number.isFinite(arg)) return sign(plus, arg, formatFloatV(arg).replace(/^[+-]/, ''));
      const abs = Math.abs(arg);
      let s: string;
      if (verb === 'f' || verb === 'F') s = abs.toFixed(prec ?? 6);
      else if (verb === 'e' || verb === 'E') s = expo(abs.toExponential(prec ?? 6));
      else s = formatG(abs, prec);
      if (verb === 'E' || verb === 'G') s = s.toUpperCase();
      return sign(plus, arg, s);
    }
    default:
      return `%!${verb}(${goTypeName(arg)}=${formatV(arg)})`;
  }
}

function sign(plus: string, n: number, body: string): string {
  if (n < 0 || Object.is(n, -0)) return `-${body.replace(/^-/, '')}`;
  return plus + body;
}

/** JS exponent `e+6` → Go `e+06`. */
function expo(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function formatG(abs: number, prec: number | undefined): string {
  if (prec === undefined) return formatFloatV(abs);
  const p = prec === 0 ? 1 : prec;
  const e = abs === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(abs.toPrecision(p)))));
  if (e < -4 || e >= p) return expo(abs.toExponential(p - 1).replace(/\.?0+e/, 'e'));
  const s = abs.toFixed(Math.max(0, p - 1 - e));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
