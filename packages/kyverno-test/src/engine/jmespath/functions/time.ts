import { formatGoDuration, parseGoDuration } from '../../values/duration.js';
import { compileRegex } from '../../values/regex.js';
import type { JmesFunction } from '../interpreter.js';
import { checkArgs, fnError } from './signature.js';

/** A point in time: epoch nanoseconds (as a JS number of ms + ns remainder) and the UTC offset it was written in. */
interface GoTime {
  ms: number;
  nanos: number; // sub-millisecond nanoseconds
  offsetMin: number;
}

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function fromParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string,
  offsetMin: number,
): GoTime {
  const fracNs = frac ? Math.round(Number(`0${frac}`) * 1e9) : 0;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000 + Math.floor(fracNs / 1e6);
  return { ms, nanos: fracNs % 1e6, offsetMin };
}

function parseOffset(z: string): number {
  if (z === 'Z' || z === 'z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function parseRFC3339(v: string): GoTime | undefined {
  const m = RFC3339_RE.exec(v);
  if (!m) return undefined;
  return fromParts(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    m[7] ?? '',
    parseOffset(m[8] as string),
  );
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));

/** Go layout elements (time/format.go `nextStdChunk`), longer names before their prefixes. */
const LAYOUT_TOKENS: Array<[string, string, string]> = [
  ['January', `(${MONTHS.join('|')})`, 'N'],
  ['Jan', `(${SHORT_MONTHS.join('|')})`, 'n'],
  ['Monday', `(${DAYS.join('|')})`, 'W'],
  ['Mon', `(${DAYS.map((d) => d.slice(0, 3)).join('|')})`, 'W'],
  ['2006', '(\\d{4})', 'Y'],
  ['Z07:00', '(Z|[+-]\\d{2}:\\d{2})', 'Z'],
  ['-07:00', '([+-]\\d{2}:\\d{2})', 'Z'],
  ['-0700', '([+-]\\d{4})', 'Z'],
  ['Z0700', '(Z|[+-]\\d{4})', 'Z'],
  ['.000000000', '(\\.\\d{9})', 'F'],
  ['.999999999', '(\\.\\d+)?', 'F'],
  ['.000000', '(\\.\\d{6})', 'F'],
  ['.000', '(\\.\\d{3})', 'F'],
  ['01', '(\\d{2})', 'M'],
  ['02', '(\\d{2})', 'D'],
  ['15', '(\\d{2})', 'h'],
  ['04', '(\\d{2})', 'm'],
  ['05', '(\\d{2})', 's'],
  ['MST', '([A-Z]{3,4})', 'T'],
];

function parseLayout(layout: string, value: string): GoTime | undefined {
  if (layout === '' || layout === RFC3339 || layout === '2006-01-02T15:04:05.999999999Z07:00')
    return parseRFC3339(value);
  let re = '^';
  const fields: string[] = [];
  let i = 0;
  outer: while (i < layout.length) {
    for (const [tok, rx, f] of LAYOUT_TOKENS) {
      if (layout.startsWith(tok, i)) {
        re += rx;
        fields.push(f);
        i += tok.length;
        continue outer;
      }
    }
    re += (layout[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  // the layout comes from the policy: RE2 (linear), not a backtracking RegExp
  const matcher = compileRegex(`${re}$`).matcher(value);
  if (!matcher.find()) return undefined;
  const groups = fields.map((_, idx) => matcher.group(idx + 1) ?? undefined);
  const p = { Y: 1, M: 1, D: 1, h: 0, m: 0, s: 0, F: '', Z: 0 };
  fields.forEach((f, idx) => {
    const g = groups[idx];
    if (g === undefined) return;
    if (f === 'F') p.F = g;
    else if (f === 'Z')
      p.Z = parseOffset(g.length === 5 && g[0] !== 'Z' ? `${g.slice(0, 3)}:${g.slice(3)}` : g);
    else if (f === 'T') p.Z = g === 'UTC' || g === 'GMT' ? 0 : p.Z;
    else if (f === 'N') p.M = MONTHS.indexOf(g) + 1;
    else if (f === 'n') p.M = SHORT_MONTHS.indexOf(g) + 1;
    else if (f === 'W')
      return; // the weekday is read and not checked
    else (p as Record<string, unknown>)[f] = Number(g);
  });
  return fromParts(p.Y, p.M, p.D, p.h, p.m, p.s, p.F, p.Z);
}

function format(t: GoTime): string {
  const local = new Date(t.ms + t.offsetMin * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (t.offsetMin === 0) return `${base}Z`;
  const sign = t.offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMin);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function now(): GoTime {
  return { ms: Date.now(), nanos: 0, offsetMin: 0 };
}

function need(name: string, v: string, layout = ''): GoTime {
  const t = parseLayout(layout, v);
  if (!t)
    throw fnError(
      name,
      `parsing time ${JSON.stringify(v)} as ${JSON.stringify(layout || RFC3339)}: cannot parse`,
    );
  return t;
}

const diffNs = (a: GoTime, b: GoTime): number => (b.ms - a.ms) * 1e6 + (b.nanos - a.nanos);

export const TIME_FUNCTIONS: Record<string, JmesFunction> = {
  time_since: (a) => {
    checkArgs('time_since', a, [['string'], ['string'], ['string']]);
    const [layout, s1, s2] = a as [string, string, string];
    const t1 = need('time_since', s1, layout);
    const t2 = s2 === '' ? now() : need('time_since', s2, layout);
    return formatGoDuration(diffNs(t1, t2));
  },
  time_now: (a) => {
    checkArgs('time_now', a, []);
    return format(now());
  },
  time_now_utc: (a) => {
    checkArgs('time_now_utc', a, []);
    return format(now());
  },
  time_add: (a) => {
    checkArgs('time_add', a, [['string'], ['string']]);
    const t = need('time_add', a[0] as string);
    const d = parseGoDuration(a[1] as string);
    if (d === undefined) throw fnError('time_add', `invalid duration ${a[1]}`);
    return format({ ...t, ms: t.ms + Math.trunc(d / 1e6) });
  },
  time_parse: (a) => {
    checkArgs('time_parse', a, [['string'], ['string']]);
    const [layout, value] = a as [string, string];
    // a layout that is an integer reads the value as Unix seconds (kyverno pkg/engine/jmespath/time.go)
    if (/^[+-]?\d{1,18}$/.test(layout)) {
      if (!/^[+-]?\d{1,18}$/.test(value))
        throw fnError('time_parse', `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
      return format({ ms: Number(value) * 1000, nanos: 0, offsetMin: 0 });
    }
    if (/^\d+$/.test(value) && !/\d/.test(layout.replace(/2006|01|02|15|04|05/g, ''))) {
      const t = parseLayout(layout, value);
      if (t) return format(t);
      return format({ ms: Number(value) * 1000, nanos: 0, offsetMin: 0 });
    }
    return format(need('time_parse', value, layout));
  },
  time_utc: (a) => {
    checkArgs('time_utc', a, [['string']]);
    return format({ ...need('time_utc', a[0] as string), offsetMin: 0 });
  },
  time_diff: (a) => {
    checkArgs('time_diff', a, [['string'], ['string']]);
    return formatGoDuration(diffNs(need('time_diff', a[0] as string), need('time_diff', a[1] as string)));
  },
  time_before: (a) => {
    checkArgs('time_before', a, [['string'], ['string']]);
    return diffNs(need('time_before', a[0] as string), need('time_before', a[1] as string)) > 0;
  },
  time_after: (a) => {
    checkArgs('time_after', a, [['string'], ['string']]);
    return diffNs(need('time_after', a[0] as string), need('time_after', a[1] as string)) < 0;
  },
  time_between: (a) => {
    checkArgs('time_between', a, [['string'], ['string'], ['string']]);
    const t = need('time_between', a[0] as string);
    return (
      diffNs(need('time_between', a[1] as string), t) > 0 &&
      diffNs(t, need('time_between', a[2] as string)) > 0
    );
  },
  time_truncate: (a) => {
    checkArgs('time_truncate', a, [['string'], ['string']]);
    const t = need('time_truncate', a[0] as string);
    const d = parseGoDuration(a[1] as string);
    if (d === undefined) throw fnError('time_truncate', `invalid duration ${a[1]}`);
    if (d <= 0) return format(t);
    const dms = d / 1e6;
    return format({ ...t, ms: Math.floor(t.ms / dms) * dms, nanos: 0 });
  },
  time_to_cron: (a) => {
    checkArgs('time_to_cron', a, [['string']]);
    const t = need('time_to_cron', a[0] as string);
    const local = new Date(t.ms + t.offsetMin * 60_000);
    return `${local.getUTCMinutes()} ${local.getUTCHours()} ${local.getUTCDate()} ${local.getUTCMonth() + 1} ${local.getUTCDay()}`;
  },
};
