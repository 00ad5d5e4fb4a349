/** blang/semver v4 subset: strict `X.Y.Z[-pre][+build]` parsing, comparison and `ParseRange`. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: Array<string | number>;
}

const STRICT_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(s: string): SemVer | undefined {
  const m = STRICT_RE.exec(s);
  if (!m) return undefined;
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre };
}

export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.pre.length === 0 && b.pre.length === 0) return 0;
  if (a.pre.length === 0) return 1;
  if (b.pre.length === 0) return -1;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type Comparator = (v: SemVer) => boolean;

function expandWildcard(op: string, ver: string): string[] | undefined {
  const parts = ver.split('.');
  const wildIdx = parts.findIndex((p) => p === 'x' || p === 'X' || p === '*');
  if (wildIdx < 0) return [`${op}${ver}`];
  if (wildIdx === 0) return undefined;
  const nums = parts.slice(0, wildIdx).map(Number);
  if (nums.some((n) => !Number.isInteger(n))) return undefined;
  const lower = [...nums, 0, 0].slice(0, 3).join('.');
  const upperNums = [...nums];
  upperNums[upperNums.length - 1] = (upperNums[upperNums.length - 1] as number) + 1;
  const upper = [...upperNums, 0, 0].slice(0, 3).join('.');
  switch (op) {
    case '':
    case '=':
    case '==':
      return [`>=${lower}`, `<${upper}`];
    case '!=':
    case '!':
      return undefined;
    case '>':
      return [`>=${upper}`];
    case '>=':
      return [`>=${lower}`];
    case '<':
      return [`<${lower}`];
    case '<=':
      return [`<${upper}`];
    default:
      return undefined;
  }
}

function parseComparator(s: string): Comparator | undefined {
  const m = /^(>=|<=|!=|==|=|>|<|!)?(.*)$/.exec(s);
  if (!m) return undefined;
  const op = m[1] ?? '';
  const ver = parseSemver(m[2] ?? '');
  if (!ver) return undefined;
  switch (op) {
    case '':
    case '=':
    case '==':
      return (v) => compareSemver(v, ver) === 0;
    case '!':
    case '!=':
      return (v) => compareSemver(v, ver) !== 0;
    case '>':
      return (v) => compareSemver(v, ver) > 0;
    case '>=':
      return (v) => compareSemver(v, ver) >= 0;
    case '<':
      return (v) => compareSemver(v, ver) < 0;
    case '<=':
      return (v) => compareSemver(v, ver) <= 0;
    default:
      return undefined;
  }
}

/** blang `ParseRange`: `>=1.0.0 <2.0.0 || 3.x`. Returns undefined when the range is invalid. */
export function parseSemverRange(range: string): Comparator | undefined {
  const ors = range.split('||');
  const orFns: Comparator[] = [];
  for (const part of ors) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return undefined;
    // join operators separated from their version: ">= 1.0.0"
    const joined: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as string;
      if (/^(>=|<=|!=|==|=|>|<|!)$/.test(t) && i + 1 < tokens.length) {
        joined.push(t + tokens[i + 1]);
        i++;
      } else joined.push(t);
    }
    const andFns: Comparator[] = [];
    for (const tok of joined) {
      const m = /^(>=|<=|!=|==|=|>|<|!)?(.*)$/.exec(tok);
      const expanded = expandWildcard(m?.[1] ?? '', m?.[2] ?? '');
      if (!expanded) return undefined;
      for (const e of expanded) {
        const c = parseComparator(e);
        if (!c) return undefined;
        andFns.push(c);
      }
    }
    orFns.push((v) => andFns.every((f) => f(v)));
  }
  return (v) => orFns.some((f) => f(v));
}
