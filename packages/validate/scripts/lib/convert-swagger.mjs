// Kubernetes OpenAPI v2 (swagger.json) -> one strict, shared definitions document for ajv (draft-07).
//
// What "strict" means here is what `kubeconform -strict` means (openapi2jsonschema --strict):
// every object schema that lists `properties` gets additionalProperties:false, unless it preserves
// unknown fields. Special types are rewritten the way the API server decodes them:
//   IntOrString -> integer | string
//   Quantity    -> string (format quantity) | number
//   JSON, JSONSchemaPropsOr* -> any value
// Formats kept: int32, int64, double, byte, date-time (registered by the validator).
// The walk is schema-aware: property maps are maps, so a field named `format` or `type` is left alone.

const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

const SPECIAL = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], format: 'quantity' },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {},
};
const KEEP = new Set([
  'type',
  'format',
  'enum',
  'required',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
]);

function convert(s) {
  if (!isObj(s)) return s;
  if (typeof s.$ref === 'string') return { $ref: s.$ref };
  const out = {};
  for (const key of Object.keys(s).sort()) {
    const v = s[key];
    if (key === 'properties' && isObj(v)) {
      const m = {};
      for (const p of Object.keys(v).sort()) m[p] = convert(v[p]);
      out.properties = m;
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof v === 'boolean' ? v : convert(v);
    } else if (KEEP.has(key)) {
      out[key] = v;
    }
  }
  if (out.format === 'int-or-string') {
    delete out.format;
    out.type = ['integer', 'string'];
  }
  if (
    out.properties &&
    !('additionalProperties' in out) &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

export function convertSwaggerDefinitions(definitions) {
  const out = {};
  for (const name of Object.keys(definitions).sort()) {
    out[name] = SPECIAL[name] ?? convert(definitions[name]);
  }
  return out;
}

/**
 * apiVersion -> kind -> { definition, namespaced } from x-kubernetes-group-version-kind.
 * Scope comes from the API paths: a kind is namespaced when an operation on it lives under
 * /namespaces/{namespace}/ (the /status, /scale... subresources of other kinds are ignored).
 */
export function kindIndex(spec) {
  const scope = new Map();
  for (const [path, ops] of Object.entries(spec.paths ?? {})) {
    for (const op of Object.values(ops)) {
      const gvk = isObj(op) ? op['x-kubernetes-group-version-kind'] : undefined;
      if (!gvk || !op['x-kubernetes-action']) continue;
      // only the resource's own collection/item paths: /.../<plural> or /.../<plural>/{name}
      if (/\/\{name\}\/[^/]+$/.test(path)) continue;
      const key = `${gvk.group ? `${gvk.group}/` : ''}${gvk.version}\u0000${gvk.kind}`;
      const namespaced = path.includes('/namespaces/{namespace}/');
      scope.set(key, (scope.get(key) ?? false) || namespaced);
    }
  }
  const kinds = {};
  for (const name of Object.keys(spec.definitions).sort()) {
    const gvks = spec.definitions[name]['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || gvks.length !== 1) continue; // meta kinds (DeleteOptions, WatchEvent) list every group
    const g = gvks[0];
    const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
    const key = `${apiVersion}\u0000${g.kind}`;
    kinds[apiVersion] ??= {};
    const entry = { definition: name };
    if (scope.has(key)) entry.namespaced = scope.get(key);
    kinds[apiVersion][g.kind] = entry;
  }
  const sorted = {};
  for (const av of Object.keys(kinds).sort()) {
    sorted[av] = {};
    for (const k of Object.keys(kinds[av]).sort()) sorted[av][k] = kinds[av][k];
  }
  return sorted;
}
