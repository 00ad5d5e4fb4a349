/**
 * The JMESPath error class, kept at the bottom of the engine: the budget and error helpers of every
 * evaluation raise and recognise it, and the JMESPath package re-exports it.
 */
/** Errors raised by parsing/evaluation; `notFound` marks Kyverno's "Unknown key" errors. */
export class JmesPathError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'notFound' | 'function' | 'budget' = 'function',
  ) {
    super(message);
    this.name = 'JmesPathError';
  }
}
