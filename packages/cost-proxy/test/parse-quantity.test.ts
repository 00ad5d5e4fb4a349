import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from '../src/quantity/parse-quantity.js';
import { formatResource } from '../src/quantity/resource-list.js';

const nanos = (q: unknown): bigint => {
  const p = parseQuantity(q);
  if (!p.ok) throw new Error(p.reason);
  return p.nanos;
};

describe('parseQuantity', () => {
  it.each([
    ['1', 1_000_000_000n],
    ['500m', 500_000_000n],
    ['0.5', 500_000_000n],
    ['.5', 500_000_000n],
    ['1.', 1_000_000_000n],
    ['1.5', 1_500_000_000n],
    ['+2', 2_000_000_000n],
    ['-250m', -250_000_000n],
    ['100n', 100n],
    ['7u', 7_000n],
    ['1k', 1_000n * 1_000_000_000n],
    ['1M', 10n ** 6n * 10n ** 9n],
    ['2G', 2n * 10n ** 18n],
    ['1T', 10n ** 21n],
    ['1P', 10n ** 24n],
    ['1E', 10n ** 27n],
    ['1Ki', 1024n * 10n ** 9n],
    ['1Mi', 1024n ** 2n * 10n ** 9n],
    ['1.5Gi', 1536n * 1024n ** 2n * 10n ** 9n],
    ['0.5Gi', 512n * 1024n ** 2n * 10n ** 9n],
    ['1Ti', 1024n ** 4n * 10n ** 9n],
    ['1Pi', 1024n ** 5n * 10n ** 9n],
    ['1Ei', 1024n ** 6n * 10n ** 9n],
    ['1e3', 1000n * 10n ** 9n],
    ['1E3', 1000n * 10n ** 9n],
    ['12e-3', 12_000_000n],
    ['1.5e+2', 150n * 10n ** 9n],
    ['0.1Ki', 102_400_000_000n],
  ])('%s', (text, expected) => {
    expect(nanos(text)).toBe(expected);
  });

  it('accepts YAML numbers through their decimal text', () => {
    expect(nanos(0.5)).toBe(500_000_000n);
    expect(nanos(2)).toBe(2_000_000_000n);
    expect(nanos(0.1)).toBe(100_000_000n);
    expect(nanos(1e21)).toBe(10n ** 30n);
  });

  it('rounds values finer than a nano-unit up, like Kubernetes', () => {
    expect(nanos('1.5n')).toBe(2n);
    expect(nanos('0.0000000001')).toBe(1n);
  });

  it.each([
    '',
    'abc',
    '1.2.3',
    '1 Gi',
    'Gi',
    '1KB',
    '1gi',
    '1e',
    '--1',
    '1e999',
    '1Ki2',
    ' 1',
    'NaN',
    '0x10',
  ])('rejects %j', (text) => {
    expect(parseQuantity(text).ok).toBe(false);
  });

  it('rejects non-strings and non-finite numbers', () => {
    for (const v of [null, undefined, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseQuantity(v).ok).toBe(false);
    }
  });
});

describe('formatQuantity', () => {
  it.each([
    [1_500_000_000n, false, '1500m'],
    [1_000_000_000n, false, '1'],
    [0n, false, '0'],
    [-250_000_000n, false, '-250m'],
    [3n * 1024n ** 3n * 10n ** 9n, true, '3Gi'],
    [1000n * 1024n ** 2n * 10n ** 9n, true, '1000Mi'],
    [10n ** 18n, true, '1G'],
    [1536n * 10n ** 9n, true, '1536'],
    [1000n * 10n ** 9n, true, '1k'],
    [5n, false, '5n'],
    [102_400_000_000n, true, '102400m'],
  ])('%s (binary %s) → %s', (value, binary, expected) => {
    expect(formatQuantity(value, { binary })).toBe(expected);
  });

  it('uses binary suffixes for memory-like resources only', () => {
    const gi = 1024n ** 3n * 10n ** 9n;
    expect(formatResource('memory', gi)).toBe('1Gi');
    expect(formatResource('hugepages-2Mi', gi)).toBe('1Gi');
    expect(formatResource('cpu', gi)).toBe('1073741824');
  });
});

describe('properties', () => {
  const value = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
  it('format then parse is the identity (decimal and binary)', () => {
    fc.assert(
      fc.property(value, fc.boolean(), (v, binary) => {
        expect(nanos(formatQuantity(v, { binary }))).toBe(v);
      }),
    );
  });

  it('format is canonical: parsing any spelling and formatting gives one text', () => {
    const suffixes = ['', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'e3', 'e-3'];
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.constantFrom(...suffixes), (n, s) => {
        const v = nanos(`${n}${s}`);
        const canonical = formatQuantity(v);
        expect(formatQuantity(nanos(canonical))).toBe(canonical);
      }),
    );
  });

  it('sums of parsed quantities are exact and associative', () => {
    const q = fc
      .tuple(
        fc.nat({ max: 99_999 }),
        fc.nat({ max: 999 }),
        fc.constantFrom('', 'm', 'Ki', 'Mi', 'Gi', 'k', 'e-2'),
      )
      .map(([i, f, s]) => `${i}.${String(f).padStart(3, '0')}${s}`);
    fc.assert(
      fc.property(q, q, q, (a, b, c) => {
        const [x, y, z] = [nanos(a), nanos(b), nanos(c)];
        expect(x + y + z).toBe(x + (y + z));
        expect(nanos(formatQuantity(x + y)) + z).toBe(x + nanos(formatQuantity(y + z)));
      }),
    );
  });

  it('decimal fractions do not drift: ten times 0.1 cores is exactly 1 core', () => {
    let sum = 0n;
    for (let i = 0; i < 10; i++) sum += nanos('0.1');
    expect(formatQuantity(sum)).toBe('1');
  });
});

describe('numeric helpers', () => {
  it('keep whole byte counts exact for large memory values', async () => {
    const { quantityToNumber } = await import('../src/quantity/parse-quantity.js');
    expect(quantityToNumber(nanos('3Gi'))).toBe(3221225472);
    expect(quantityToNumber(nanos('1000001Ki'))).toBe(1024001024);
    expect(quantityToNumber(nanos('1500m'))).toBe(1.5);
    expect(quantityToNumber(nanos('7Ti'))).toBe(7 * 1024 ** 4);
  });
});
