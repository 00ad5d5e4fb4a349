/** Errors of the pattern walk. `type` replaces Kyverno's error types (conditional/global = skip, negation = fail). */
export type PatternErrorType = 'conditional' | 'global' | 'negation' | 'skip' | 'plain';

export class PatternMismatch {
  constructor(
    readonly type: PatternErrorType,
    readonly message: string,
    readonly path: string,
  ) {}
  get isSkip(): boolean {
    return this.type === 'conditional' || this.type === 'global' || this.type === 'skip';
  }
}

export function plain(message: string, path: string): PatternMismatch {
  return new PatternMismatch('plain', message, path);
}
