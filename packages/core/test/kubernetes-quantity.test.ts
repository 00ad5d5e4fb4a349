/**
 * One quantity parser (k8s.io/apimachinery/pkg/api/resource/quantity.go) for cost arithmetic, Kyverno's
 * comparisons and CEL's Quantity; the callers' differences are options, each covered here.
 */
import { describe, expect, it } from 'vitest';
import {
  type KubernetesQuantity,
  parseKubernetesQuantity,
  quantityToNanos,
  quantityToRational,
} from '../src/kubernetes/quantity.js';

const parsed = (input: unknown, options = {}): KubernetesQuantity => {
  const r = parseKubernetesQuantity(input, options);
  if (!r.ok) throw new Error(r.reason);
  return r;
};

describe('parseKubernetesQuantity: the quantity.go grammar', () => {
  it.each([
    // text, mantissa, exp10, exp2, format
    ['100m', 100n, -3, 0, 'DecimalSI'],
    ['1.5', 15n, -1, 0, 'DecimalSI'],
    ['5.', 5n, 0, 0, 'DecimalSI'],
    ['.5', 5n, -1, 0, 'DecimalSI'],
    ['+2k', 2n, 3, 0, 'DecimalSI'],
    ['-1.25Gi', -125n, -2, 30, 'BinarySI'],
    ['1E', 1n, 18, 0, 'DecimalSI'], // E alone is exa, not an exponent
    ['12e3', 12n, 3, 0, 'DecimalExponent'],
    ['1.5E-2', 15n, -3, 0, 'DecimalExponent'],
    ['3Ki', 3n, 0, 10, 'BinarySI'],
  ] as const)('%s', (text, mantissa, exp10, exp2, format) => {
    expect(parseKubernetesQuantity(text)).toEqual({ ok: true, mantissa, exp10, exp2, format });
  });

  it.each([
    ['', 'empty quantity'],
    ['.', '"." does not match the quantity grammar'],
    [' 1', '" 1" does not match the quantity grammar'],
    ['1 ', '"1 " has an unknown suffix " "'],
    ['1KB', '"1KB" has an unknown suffix "KB"'],
    ['1ki', '"1ki" has an unknown suffix "ki"'],
    // suffixes are own keys of the suffix tables, never inherited names
    ['1constructor', '"1constructor" has an unknown suffix "constructor"'],
    ['1__proto__', '"1__proto__" has an unknown suffix "__proto__"'],
  ])('%j is refused: %s', (text, reason) => {
    expect(parseKubernetesQuantity(text)).toEqual({ ok: false, reason });
  });
});

describe('parseKubernetesQuantity options', () => {
  it.each([
    // input, options, ok
    [0.5, {}, false], // numbers: reject (default)
    [0.5, { numbers: 'decimal-text' }, true],
    [1e21, { numbers: 'decimal-text' }, true], // String(1e21) is "1e+21"
    [Number.NaN, { numbers: 'decimal-text' }, false],
    ['1'.repeat(65), { maxLength: 64 }, false],
    ['1'.repeat(65), {}, true], // default: no length limit
    ['1e41', { maxExponent: 40 }, false],
    ['1e40', { maxExponent: 40 }, true],
    ['1e1001', {}, true], // default: no exponent limit …
    ['1e99999999999999999999', {}, false], // … beyond a safe integer
  ] as const)('%j with %j → ok %s', (input, options, ok) => {
    expect(parseKubernetesQuantity(input, options).ok).toBe(ok);
  });

  it('names the refused type', () => {
    expect(parseKubernetesQuantity(null)).toEqual({
      ok: false,
      reason: 'expected a quantity string, got null',
    });
    expect(parseKubernetesQuantity(1)).toEqual({
      ok: false,
      reason: 'expected a quantity string, got number',
    });
  });
});

describe('quantityToNanos rounding', () => {
  it.each([
    // text, away-from-zero (ParseQuantity: inf.RoundUp), ceiling (toward +∞)
    ['1', 1_000_000_000n, 1_000_000_000n],
    ['1.5n', 2n, 2n],
    ['-1.5n', -2n, -1n],
    ['0.1n', 1n, 1n],
    ['-0.1n', -1n, 0n],
    ['1Ki', 1024_000_000_000n, 1024_000_000_000n],
    ['1e-10', 1n, 1n],
  ] as const)('%s → %s / %s', (text, awayFromZero, ceiling) => {
    expect(quantityToNanos(parsed(text), { rounding: 'away-from-zero' })).toBe(awayFromZero);
    expect(quantityToNanos(parsed(text), { rounding: 'ceiling' })).toBe(ceiling);
  });
});

describe('quantityToRational keeps the exact value', () => {
  it.each([
    ['1.5n', 15n, 10_000_000_000n],
    ['2Mi', 2n * 1024n * 1024n, 1n],
    ['-3e2', -300n, 1n],
    ['0.001', 1n, 1000n],
  ] as const)('%s = %s / %s', (text, num, den) => {
    expect(quantityToRational(parsed(text))).toEqual({ num, den });
  });
});
