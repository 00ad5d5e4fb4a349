/**
 * parseQuantity reads untrusted manifests: it must never throw or hang on any input, and what it accepts
 * must mean exactly what Kubernetes' resource.Quantity means. (parse-quantity.test.ts checks
 * format→parse round trips on generated numbers; these start from arbitrary text.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from '../src/quantity/parse-quantity.js';

const NANO = 1_000_000_000n;

/** Text assembled from quantity grammar fragments and junk, so most inputs are near-misses. */
const quantityish = fc
  .array(
    fc.oneof(
      fc.constantFrom('+', '-', '.', '0', '1', '9', '12', 'e', 'E', 'e-', 'e+', 'i', ' ', '_', ','),
      fc.constantFrom(
        'm',
        'n',
        'u',
        'k',
        'M',
        'G',
        'T',
        'P',
        'E',
        'Ki',
        'Mi',
        'Gi',
        'Ti',
        'Pi',
        'Ei',
        'KI',
        'mi',
      ),
      fc.stringMatching(/^[0-9]{1,25}$/),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('parseQuantity on arbitrary input', () => {
  it('never throws, on any value', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = parseQuantity(v);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on quantity-like text; whatever it accepts formats to a canonical text of the same value', () => {
    fc.assert(
      fc.property(quantityish, (s) => {
        const r = parseQuantity(s);
        if (!r.ok) return;
        const canonical = formatQuantity(r.nanos);
        const again = parseQuantity(canonical);
        expect(again).toEqual({ ok: true, nanos: r.nanos });
        expect(formatQuantity(again.ok ? again.nanos : 0n)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it('plain decimals are exact to the nano and round up (away from zero) below it, like resource.Quantity', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.stringMatching(/^[0-9]{1,15}$/),
        fc.stringMatching(/^[0-9]{0,12}$/),
        (negative, int, frac) => {
          const r = parseQuantity(`${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);
          expect(r.ok).toBe(true);
          const digits = (frac + '0'.repeat(12)).slice(0, 12);
          let nanos = BigInt(int) * NANO + BigInt(digits.slice(0, 9));
          if (BigInt(digits.slice(9)) > 0n) nanos += 1n;
          expect(r.ok && r.nanos).toBe(negative ? -nanos : nanos);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('suffixes scale exactly: n Ki = 1024 n, n M = 10^6 n, n m = n / 1000, n e3 = 1000 n', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (n) => {
        const v = (s: string) => {
          const r = parseQuantity(`${n}${s}`);
          if (!r.ok) throw new Error(r.reason);
          return r.nanos;
        };
        expect(v('Ki')).toBe(n * 1024n * NANO);
        expect(v('Gi')).toBe(n * 1024n ** 3n * NANO);
        expect(v('M')).toBe(n * 10n ** 6n * NANO);
        expect(v('m')).toBe(n * 10n ** 6n);
        expect(v('e3')).toBe(v('k'));
      }),
      { numRuns: 500 },
    );
  });

  it('huge exponents and very long digit strings are refused quickly, not computed', () => {
    for (const s of ['1e1000000000', '9'.repeat(100_000), `1${'0'.repeat(5000)}Ei`, '1e-1000000000']) {
      const r = parseQuantity(s);
      expect(r.ok).toBe(false);
    }
  });
});
