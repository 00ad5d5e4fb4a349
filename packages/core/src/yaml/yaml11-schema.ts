/**
 * A js-yaml schema that resolves plain scalars the way Kubernetes does.
 *
 * kubectl, the API server, Argo CD, helm and kubeconform all decode YAML through
 * sigs.k8s.io/yaml, which uses go-yaml v2 (YAML 1.1 resolution) and then converts to JSON.
 * Rules reproduced here (go-yaml v2 `resolve.go`):
 * - booleans: y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE and their negatives;
 * - integers through Go's `strconv.ParseInt(s, 0, 64)` after removing `_`: `0755` is octal,
 *   `0x1F` hex, `0b101` binary, `0o17` octal;
 * - floats through `ParseFloat`, plus `.inf`/`.nan` forms;
 * - null: `~`, `null`, `Null`, `NULL`, empty;
 * - unquoted timestamps become Go `time.Time`, which JSON-encodes as RFC 3339 (`2024-01-02T00:00:00Z`);
 * - merge keys `<<`.
 */
import jsyaml from 'js-yaml';

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);

const nullType = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data === null || data === '' || data === '~' || data === 'null' || data === 'Null' || data === 'NULL',
  construct: () => null,
  predicate: (o: unknown) => o === null,
  represent: { canonical: () => '~', lowercase: () => 'null' },
  defaultStyle: 'lowercase',
});

/**
 * Whether a plain scalar can be a YAML 1.1 boolean at all: at most 5 characters, starting with one of
 * y n t f o (either case). js-yaml asks about every plain scalar, mapping keys included; most are names.
 */
function mayBeBool(data: string): boolean {
  if (data.length > 5) return false;
  const c = data.charCodeAt(0) | 0x20; // lower-case ASCII letter
  return c === 121 || c === 110 || c === 116 || c === 102 || c === 111;
}

const boolType = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data !== null && mayBeBool(data) && (BOOL_TRUE.has(data) || BOOL_FALSE.has(data)),
  construct: (data: string) => BOOL_TRUE.has(data),
  predicate: (o: unknown) => typeof o === 'boolean',
  represent: { lowercase: (o: unknown) => (o ? 'true' : 'false') },
  defaultStyle: 'lowercase',
});

/** Go strconv.ParseInt(s, 0, 64) on the string with `_` removed; undefined when it does not parse. */
export function parseGoInt(raw: string): number | bigint | undefined {
  const plain = plainDecimal(raw);
  if (plain !== undefined) return plain;
  const s = raw.replace(/_/g, '');
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const body = m[2]!;
  let big: bigint;
  if (/^0[xXbBoO]/.test(body)) big = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith('0')) big = BigInt('0o' + body.slice(1));
  else big = BigInt(body);
  big *= sign;
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : n; // beyond 2^53 precision is lost, as in any JSON consumer
}

/**
 * The common integer (replicas: 3, port: 8080) without the general path's regular expressions and BigInt:
 * an optional sign, then `0` or a digit 1-9 followed by at most 14 more digits (always a safe integer, the
 * same number ParseInt gives). Anything else (underscores, octal, hex, long) is left to parseGoInt.
 */
function plainDecimal(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 16) return undefined;
  const sign = s.charCodeAt(0);
  const start = sign === 43 || sign === 45 ? 1 : 0;
  if (n - start < 1 || n - start > 15) return undefined;
  const first = s.charCodeAt(start);
  if (first === 48) return n - start === 1 ? 0 : undefined; // `0`, `+0`, `-0` is 0 (as BigInt gives it)
  if (first < 49 || first > 57) return undefined;
  for (let i = start + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(s);
}

/**
 * js-yaml asks every implicit type about every plain scalar; go-yaml only tries numbers for scalars
 * starting with [-+.0-9] (resolve.go's hint table). Checking that first keeps names and strings cheap.
 */
function mayBeNumber(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && mayBeNumber(data) && parseGoInt(data) !== undefined,
  construct: (data: string) => parseGoInt(data) as number,
  predicate: (o: unknown) => typeof o === 'number' && Number.isInteger(o) && !Object.is(o, -0),
  represent: { decimal: (o: unknown) => String(o) },
  defaultStyle: 'decimal',
});

const SPECIAL_FLOATS: Record<string, number> = {
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
  '.nan': Number.NaN,
  '.NaN': Number.NaN,
  '.NAN': Number.NaN,
};
// Go ParseFloat accepts decimal and exponent forms; go-yaml only tries it for scalars starting with [-+.0-9].
const FLOAT_RE = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$/;

function parseGoFloat(data: string): number | undefined {
  if (Object.hasOwn(SPECIAL_FLOATS, data)) return SPECIAL_FLOATS[data];
  if (!FLOAT_RE.test(data)) return undefined;
  const n = Number(data.replace(/_/g, ''));
  return Number.isNaN(n) ? undefined : n;
}

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && mayBeNumber(data) && parseGoFloat(data) !== undefined,
  construct: (data: string) => parseGoFloat(data) as number,
  predicate: (o: unknown) => typeof o === 'number' && (!Number.isInteger(o) || Object.is(o, -0)),
  represent: { decimal: (o: unknown) => String(o) },
  defaultStyle: 'decimal',
});

// go-yaml v2 parseTimestamp formats: RFC3339Nano-ish, "2006-1-2T15:4:5.999999999Z07:00",
// "2006-1-2t15:4:5...", "2006-1-2 15:4:5.999999999", "2006-1-2".
const TS_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?(?:[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/;

/** Go's time.Time JSON form (RFC 3339 with nanoseconds trimmed), as sigs.k8s.io/yaml emits it. */
export function goTimestampJSON(data: string): string | undefined {
  const m = TS_RE.exec(data);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const pad = (v: string | undefined, n = 2) => (v ?? '0').padStart(n, '0');
  const fracOut = frac ? '.' + frac.replace(/0+$/, '') : '';
  let zone = 'Z';
  if (tz && tz !== 'Z') {
    const tm = /^([-+])(\d{1,2}):?(\d{2})?$/.exec(tz);
    if (tm) {
      const off = `${tm[1]}${pad(tm[2])}:${pad(tm[3])}`;
      zone = off === '+00:00' || off === '-00:00' ? 'Z' : off;
    }
  }
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fracOut === '.' ? '' : fracOut}${zone}`;
}

const timestampType = new jsyaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: string | null) => {
    if (data === null || data.length < 8) return false; // shortest form: 2006-1-2
    const c = data.charCodeAt(0);
    return c >= 48 && c <= 57 && goTimestampJSON(data) !== undefined;
  },
  construct: (data: string) => goTimestampJSON(data),
});

const mergeType = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<',
});

/** Kubernetes-compatible (YAML 1.1) schema for js-yaml. */
export const KUBERNETES_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, timestampType, mergeType],
});
