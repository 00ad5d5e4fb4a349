import type { FunctionTable, JmesFunction } from '../interpreter.js';
import { ARITHMETIC_FUNCTIONS } from './arithmetic.js';
import { KYVERNO_STRING_FUNCTIONS } from './kyverno-strings.js';
import { STANDARD_FUNCTIONS } from './standard.js';
import { TIME_FUNCTIONS } from './time.js';

/** Standard JMESPath functions overlaid with Kyverno's (Kyverno's `sum` replaces the standard one). */
const ALL = new Map<string, JmesFunction>(
  Object.entries({
    ...STANDARD_FUNCTIONS,
    ...KYVERNO_STRING_FUNCTIONS,
    ...ARITHMETIC_FUNCTIONS,
    ...TIME_FUNCTIONS,
  }),
);

export const KYVERNO_FUNCTIONS: FunctionTable = ALL;

export function kyvernoFunctionNames(): string[] {
  return [...ALL.keys()].sort();
}
