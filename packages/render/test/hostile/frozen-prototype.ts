/**
 * Imported first by the hostile render tests: freezes Object.prototype for the rest of this test file's
 * worker, so a prototype-pollution write anywhere in the pipeline throws a TypeError (ES modules are strict
 * code) instead of silently changing every object. Vitest isolates test files (a fresh worker per file by
 * default), so the freeze never leaks into other files; the runner's own code only reads Object.prototype.
 */
export const PROTOTYPE_KEYS_BEFORE = Object.getOwnPropertyNames(Object.prototype).sort();

Object.freeze(Object.prototype);

/** What the tests assert after every fixture: still frozen, and no key added. */
export function prototypeState(): { frozen: boolean; keys: string[] } {
  return {
    frozen: Object.isFrozen(Object.prototype),
    keys: Object.getOwnPropertyNames(Object.prototype).sort(),
  };
}
