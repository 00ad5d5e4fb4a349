/** Errors raised by library functions (they become CEL evaluation errors). */
export class CelFunctionError extends Error {
  override name = 'CelFunctionError';
}

/** A function that needs a cluster or the network: always reported, never guessed. */
export class CelOfflineError extends CelFunctionError {
  override name = 'CelOfflineError';
}

export function offline(what: string): never {
  throw new CelOfflineError(`${what} needs a live cluster or the network and is not evaluated offline`);
}

export function fail(message: string): never {
  throw new CelFunctionError(message);
}

/** int argument → JS number (throws outside the safe range). */
export function toInt(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    fail(`integer ${v} out of range`);
  return Number(v);
}
