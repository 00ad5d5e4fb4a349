import type { RuleStatus } from '../types.js';

export interface Outcome {
  status: RuleStatus;
  message: string;
  /** JSON pointer of the failing field (pattern rules). */
  path?: string;
  /** Names of the PolicyExceptions that made this response (a skip, or a podSecurity verdict). */
  exceptions?: string[];
}

export const outcome = (status: RuleStatus, message: string, path?: string): Outcome =>
  path === undefined ? { status, message } : { status, message, path };

/** Kyverno's pattern path (`/spec/containers/0/image/`) as a JSON pointer (`/spec/containers/0/image`). */
export function toPointer(path: string): string {
  const p = path.endsWith('/') ? path.slice(0, -1) : path;
  return p === '/' ? '' : p;
}
