/** Reading replica-like integers (replicas, parallelism, minReplicas…) with their limits. */

export type ReplicaRead = { ok: true; value: number; defaulted: boolean } | { ok: false; message: string };

export function readReplicaCount(
  value: unknown,
  field: string,
  options: { defaultValue: number; maxReplicas: number },
): ReplicaRead {
  if (value === undefined || value === null)
    return { ok: true, value: options.defaultValue, defaulted: true };
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return { ok: false, message: `${field} must be an integer, got ${JSON.stringify(value)}` };
  }
  if (value < 0) return { ok: false, message: `${field} is negative (${value})` };
  if (value > options.maxReplicas) {
    return { ok: false, message: `${field} is ${value}, above the sanity limit of ${options.maxReplicas}` };
  }
  return { ok: true, value, defaulted: false };
}
