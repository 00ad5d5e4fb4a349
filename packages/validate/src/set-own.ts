/**
 * `obj[key] = value` for keys from the pull request (manifest fields, CRD property names): a
 * `__proto__` key stays an own data property, as JSON.parse and js-yaml create it, instead of
 * replacing the new object's prototype (and with it what validation sees).
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
