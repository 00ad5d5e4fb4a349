// Schema-aware compaction of an OpenAPI v3 structural schema (a CRD's openAPIV3Schema): keeps the
// keywords that validate, drops documentation (description, example, default) and list/map merge hints.
// Property maps are walked as maps, so a property called `description` or `format` survives.

const KEEP = new Set([
  'type',
  'format',
  'enum',
  'required',
  'pattern',
  'nullable',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
]);
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SCHEMA_ONE = ['not', 'additionalProperties', 'items', 'additionalItems'];

const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Returns a compact copy plus the number of CEL rules (x-kubernetes-validations) that were dropped. */
export function stripSchema(schema) {
  let cel = 0;
  const walk = (s) => {
    if (typeof s === 'boolean') return s;
    if (Array.isArray(s)) return s.map(walk); // tuple `items`
    if (!isObj(s)) return s;
    const out = {};
    for (const key of Object.keys(s).sort()) {
      const v = s[key];
      if (key === 'x-kubernetes-validations') {
        cel += Array.isArray(v) ? v.length : 1;
      } else if (KEEP.has(key)) {
        out[key] = v;
      } else if (key === '$ref' && typeof v === 'string') {
        out[key] = v;
      } else if (SCHEMA_MAPS.includes(key) && isObj(v)) {
        const m = {};
        for (const p of Object.keys(v).sort()) m[p] = walk(v[p]);
        out[key] = m;
      } else if (SCHEMA_LISTS.includes(key) && Array.isArray(v)) {
        out[key] = v.map(walk);
      } else if (SCHEMA_ONE.includes(key)) {
        out[key] = walk(v);
      }
    }
    return out;
  };
  return { schema: walk(schema), cel };
}
