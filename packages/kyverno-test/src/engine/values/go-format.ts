/** Go number/string formatting needed to reproduce Kyverno's stringification. */

function shortestDigits(v: number): { digits: string; exp: number } {
  // toExponential() without argument yields the shortest round-trip digits.
  const [mant, e] = Math.abs(v).toExponential().split('e') as [string, string];
  return { digits: mant.replace('.', ''), exp: Number(e) };
}

function expSuffix(exp: number, upper: boolean): string {
  const sign = exp < 0 ? '-' : '+';
  const abs = Math.abs(exp);
  return `${upper ? 'E' : 'e'}${sign}${abs < 10 ? `0${abs}` : String(abs)}`;
}

function fixedFromDigits(digits: string, exp: number): string {
  // value = 0.d1d2d3... * 10^(exp+1)
  const dp = exp + 1;
  if (dp <= 0) return `0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return digits + '0'.repeat(dp - digits.length);
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** strconv.FormatFloat(v, 'g', -1, 64) — what fmt.Sprint prints for a float64. */
export function formatGoG(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const neg = v < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(v);
  // shortest formatting: %e when exp < -4 || exp >= 6 (eprec fixed at 6)
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return neg + m + expSuffix(exp, false);
  }
  return neg + fixedFromDigits(digits, exp);
}

/** strconv.FormatFloat(v, 'E', -1, 64), e.g. `1E+00`, `2.5E+01`. */
export function formatGoE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const neg = v < 0 || Object.is(v, -0) ? '-' : '';
  if (v === 0) return `${neg}0E+00`;
  const { digits, exp } = shortestDigits(v);
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return neg + m + expSuffix(exp, true);
}

/** fmt.Sprintf("%f", v): six decimals. */
export function formatGoF6(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  return v.toFixed(6);
}

/** strconv.FormatFloat(v, 'f', -1, 32): shortest digits that round-trip as float32. */
export function formatGoFloat32(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const f = Math.fround(v);
  if (f === 0) return '0';
  let best = String(f);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) {
      best = s;
      break;
    }
  }
  const n = Number(best);
  const neg = n < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(n);
  return neg + fixedFromDigits(digits, exp);
}

/** Go's JSON encoding of a float64 (encoding/json: exponent below 1e-6 or from 1e21). */
export function formatGoJSONNumber(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go: strconv 'e' then cleans e-07 → e-7
    const s = formatGoG(v).replace(/e([+-])0(\d)$/, 'e$1$2');
    return s;
  }
  return String(v);
}

/** fmt.Sprint of an arbitrary JSON value (as used by AnyIn/AllIn… operators). */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return formatGoG(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `map[${keys.map((k) => `${k}:${goSprint((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}
