/** Shorthands for the many sprig functions whose Go signature is `func(string) T` or `func(string, string) T`. */
import { fn } from '../functions-types.js';
import type { GoValue } from '../go-values.js';

export const s1 = (f: (s: string) => GoValue) => fn(['string'], ([s]) => f(s as string));
export const s2 = (f: (a: string, b: string) => GoValue) =>
  fn(['string', 'string'], ([a, b]) => f(a as string, b as string));
