/** cel-go `string.format(list)` verbs: %s %d %f %e %x %X %o %b %%, with `.N` precision for %f/%e. */
import { celToString, Duration } from '../adapter/index.js';
import { fail } from './errors.js';

export function formatString(format: string, args: readonly unknown[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    i++;
    if (format[i] === '%') {
      out += '%';
      continue;
    }
    let precision: number | undefined;
    if (format[i] === '.') {
      let digits = '';
      i++;
      while (i < format.length && /[0-9]/.test(format[i] as string)) digits += format[i++];
      precision = Number(digits || '0');
    }
    const verb = format[i];
    if (verb === undefined) fail('unexpected end of format string');
    if (argi >= args.length) fail(`index ${argi} out of range`);
    out += formatArg(verb, args[argi++], precision);
  }
  return out;
}

function formatArg(verb: string, v: unknown, precision: number | undefined): string {
  switch (verb) {
    case 's':
      return formatS(v);
    case 'd':
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'number' && Number.isFinite(v))
        return fail('decimal clause can only be used on integers, was given double');
      if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      return fail(`decimal clause can only be used on integers, was given ${typeof v}`);
    case 'f':
    case 'e': {
      const n =
        typeof v === 'bigint'
          ? Number(v)
          : typeof v === 'number'
            ? v
            : typeof v === 'string'
              ? Number(v)
              : Number.NaN;
      if (typeof v !== 'bigint' && typeof v !== 'number' && typeof v !== 'string')
        fail(`fixed-point clause can only be used on doubles, was given ${typeof v}`);
      if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
      const p = precision ?? 6;
      if (verb === 'f') return n.toFixed(p);
      const [m, e] = n.toExponential(p).split('e');
      const exp = Number(e);
      return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    }
    case 'x':
    case 'X': {
      let s: string;
      if (typeof v === 'bigint') s = v < 0n ? `-${(-v).toString(16)}` : v.toString(16);
      else if (typeof v === 'string') s = Buffer.from(v, 'utf8').toString('hex');
      else if (v instanceof Uint8Array) s = Buffer.from(v).toString('hex');
      else return fail('only integers, byte buffers, and strings can be formatted as hex');
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'o':
      if (typeof v !== 'bigint') fail('octal clause can only be used on integers');
      return v < 0n ? `-${(-v).toString(8)}` : v.toString(8);
    case 'b':
      if (typeof v === 'boolean') return v ? '1' : '0';
      if (typeof v !== 'bigint') fail('only integers and bools can be formatted as binary');
      return v < 0n ? `-${(-v).toString(2)}` : v.toString(2);
    default:
      return fail(`could not parse formatting clause: unrecognized formatting clause "${verb}"`);
  }
}

function formatS(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(formatS).join(', ')}]`;
  if (v instanceof Duration) {
    const s = v as unknown as { seconds: bigint; nanos: number };
    return `${s.seconds}${s.nanos ? `.${String(s.nanos).padStart(9, '0').replace(/0+$/, '')}` : ''}s`;
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (
    v !== null &&
    typeof v === 'object' &&
    !(v instanceof Date) &&
    Object.getPrototypeOf(v) === Object.prototype
  ) {
    const entries = Object.entries(v as Record<string, unknown>).sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
    );
    return `{${entries.map(([k, x]) => `${formatS(k)}: ${formatS(x)}`).join(', ')}}`;
  }
  return celToString(v);
}
