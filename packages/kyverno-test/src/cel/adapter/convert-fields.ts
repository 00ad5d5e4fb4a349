/**
 * A plain object converted into CEL values one top-level field at a time, as the expressions about to
 * run need them (object-field-reads.ts): fields no expression reads stay as they are, out of reach of
 * CEL. Once every field is converted, `value` holds exactly what toCel gives (same keys, same order,
 * same values); the input is never modified.
 */
import { setOwn } from '../../engine/jmespath/json.js';
import { toCel } from './cel-values.js';
import type { ObjectFieldReads } from './object-field-reads.js';

export class FieldwiseCelObject {
  /** The copy CEL sees: converted fields replaced, the others still the input's. */
  readonly value: Record<string, unknown>;
  readonly #source: Record<string, unknown>;
  /** The input's keys not converted yet. */
  readonly #pending: Set<string>;

  constructor(source: Record<string, unknown>) {
    this.#source = source;
    this.value = { ...source };
    this.#pending = new Set(Object.keys(source));
  }

  /** Converts the fields `reads` names (every field for 'all') that are not converted yet. */
  convert(reads: ObjectFieldReads): void {
    const pending = this.#pending;
    if (pending.size === 0) return;
    if (reads === 'all') {
      for (const k of pending) this.#convertField(k);
      pending.clear();
      return;
    }
    for (const k of reads) if (pending.delete(k)) this.#convertField(k);
  }

  #convertField(k: string): void {
    const v = this.#source[k];
    if (v === undefined) {
      delete this.value[k]; // as objectToCel: an undefined value is no key
      return;
    }
    const c = toCel(v);
    if (c !== v) setOwn(this.value, k, c);
  }
}
