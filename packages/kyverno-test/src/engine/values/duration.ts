/** Go `time.ParseDuration` / `Duration.String()` (nanoseconds as JS numbers). */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

// µs and μs (micro sign, Greek mu) as escapes: the CLI's bundle is all ASCII (its tsup.config.ts says why)
const COMPONENT_RE = /^(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;

/** Parses a Go duration string; returns nanoseconds or undefined. */
export function parseGoDuration(input: string): number | undefined {
  if (typeof input !== 'string' || input.length === 0 || input.length > 256) return undefined;
  let s = input;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s.length > 0) {
    const m = COMPONENT_RE.exec(s);
    if (!m) return undefined;
    const [all, intPart = '', fracPart, unit = ''] = m;
    if (intPart === '' && (fracPart === undefined || fracPart === '')) return undefined;
    const value = Number(`${intPart || '0'}.${fracPart || '0'}`);
    total += value * (UNIT_NS[unit] as number);
    s = s.slice(all.length);
  }
  return sign * total;
}

/** Go `Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatGoDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '0s';
  let n = Math.trunc(ns);
  if (n === 0) return '0s';
  const neg = n < 0;
  if (neg) n = -n;
  const sgn = neg ? '-' : '';
  const frac = (v: number, digits: number): string => {
    // v in the smallest unit, print v / 10^digits without trailing zeros
    const whole = Math.floor(v / 10 ** digits);
    const rest = v - whole * 10 ** digits;
    if (rest === 0) return String(whole);
    return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
  };
  if (n < 1e9) {
    if (n < 1e3) return `${sgn}${n}ns`;
    if (n < 1e6) return `${sgn}${frac(n, 3)}µs`;
    return `${sgn}${frac(n, 6)}ms`;
  }
  const h = Math.floor(n / 3600e9);
  let rem = n - h * 3600e9;
  const m = Math.floor(rem / 60e9);
  rem -= m * 60e9;
  const secs = frac(rem, 9);
  if (h > 0) return `${sgn}${h}h${m}m${secs}s`;
  if (m > 0) return `${sgn}${m}m${secs}s`;
  return `${sgn}${secs}s`;
}
