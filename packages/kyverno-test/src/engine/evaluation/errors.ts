import { JmesPathError } from './jmespath-error.js';

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function isBudgetError(e: unknown): boolean {
  return e instanceof JmesPathError && e.kind === 'budget';
}
