/**
 * A CRD's structural schema (apiextensions.k8s.io/v1 openAPIV3Schema) → a JSON schema ajv validates
 * the way the API server treats the object:
 * - unknown fields are rejected wherever the API server would prune them: every object node that lists
 *   `properties` gets additionalProperties:false unless it sets x-kubernetes-preserve-unknown-fields
 *   (value validations inside allOf/anyOf/oneOf/not never prune, so they are left open);
 * - x-kubernetes-int-or-string → integer | string; x-kubernetes-embedded-resource → apiVersion, kind and
 *   metadata are allowed; `nullable` → null allowed;
 * - the root `metadata` is the real ObjectMeta of the chosen Kubernetes version (the API server
 *   validates it as such), combined with whatever the CRD adds (name patterns);
 * - x-kubernetes-validations (CEL) are not evaluated; the count is returned so a caller can say so.
 */
import { isPlainRecord as isObj } from '@neuroscale/core';
import { definitionRef } from './create-ajv.js';
import { shareRepeatedSubschemas } from './share-repeated-subschemas.js';

type Schema = Record<string, unknown>;

const VALUE_KEYWORDS = new Set([
  'type',
  'format',
  'enum',
  'required',
  'pattern',
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
]);
const JUNCTORS = ['allOf', 'anyOf', 'oneOf'] as const;
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

export interface ConvertedSchema {
  schema: Schema;
  /** x-kubernetes-validations rules that were skipped. */
  celRules: number;
}

export function convertStructuralSchema(openAPIV3Schema: unknown): ConvertedSchema {
  let celRules = 0;
  const convert = (s: unknown, inJunctor: boolean): unknown => {
    if (typeof s === 'boolean') return s;
    if (!isObj(s)) return {};
    const out: Schema = {};
    for (const [key, v] of Object.entries(s)) {
      if (key === 'x-kubernetes-validations') celRules += Array.isArray(v) ? v.length : 1;
      else if (VALUE_KEYWORDS.has(key)) out[key] = v;
      else if ((key === 'properties' || key === 'patternProperties') && isObj(v)) {
        const m: Schema = {};
        for (const [p, ps] of Object.entries(v)) m[p] = convert(ps, inJunctor);
        out[key] = m;
      } else if (key === 'additionalProperties' || key === 'items') {
        out[key] = typeof v === 'boolean' ? v : convert(v, inJunctor);
      } else if ((JUNCTORS as readonly string[]).includes(key) && Array.isArray(v)) {
        out[key] = v.map((x) => convert(x, true));
      } else if (key === 'not') {
        out.not = convert(v, true);
      }
    }
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (s['x-kubernetes-int-or-string'] === true) {
      out.type = ['integer', 'string'];
      // the structural form spells it anyOf:[{type:integer},{type:string}]; the type array says the same
      if (
        Array.isArray(out.anyOf) &&
        out.anyOf.every((b) => isObj(b) && Object.keys(b).length === 1 && typeof b.type === 'string')
      ) {
        delete out.anyOf;
      }
    }
    if (s.nullable === true && out.type !== undefined) {
      const types = Array.isArray(out.type) ? [...(out.type as string[])] : [out.type as string];
      if (!types.includes('null')) types.push('null');
      out.type = types;
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    if (!inJunctor && s['x-kubernetes-embedded-resource'] === true && isObj(out.properties)) {
      const props = out.properties as Schema;
      props.apiVersion ??= { type: 'string' };
      props.kind ??= { type: 'string' };
      props.metadata ??= { type: 'object' };
    }
    if (!inJunctor && !preserve && isObj(out.properties) && out.additionalProperties === undefined) {
      out.additionalProperties = false;
    }
    return out;
  };
  const root = convert(openAPIV3Schema, false) as Schema;
  if (
    !isObj(openAPIV3Schema) ||
    openAPIV3Schema['x-kubernetes-preserve-unknown-fields'] !== true ||
    isObj(root.properties)
  ) {
    const props: Schema = isObj(root.properties) ? { ...(root.properties as Schema) } : {};
    props.apiVersion = { type: 'string' };
    props.kind = { type: 'string' };
    const own = props.metadata;
    const meta = { $ref: definitionRef(OBJECT_META) };
    props.metadata =
      isObj(own) && (own.properties || own.pattern || own.required)
        ? { allOf: [meta, stripClosure(own)] }
        : meta;
    root.properties = props;
    root.type ??= 'object';
    if (
      root.additionalProperties === undefined &&
      openAPIV3Schema &&
      (openAPIV3Schema as Schema)['x-kubernetes-preserve-unknown-fields'] !== true
    ) {
      root.additionalProperties = false;
    }
  }
  return { schema: shareRepeatedSubschemas(root), celRules };
}

/** The CRD's own metadata constraints, without closing the object (ObjectMeta decides the fields). */
function stripClosure(s: Schema): Schema {
  const { additionalProperties: _drop, ...rest } = s;
  return rest;
}

/**
 * convertStructuralSchema's `celRules` without converting: the x-kubernetes-validations rules on the nodes
 * the conversion walks (properties, patternProperties, additionalProperties, items, the junctors, not).
 */
export function countCelRules(openAPIV3Schema: unknown): number {
  let celRules = 0;
  const walk = (s: unknown): void => {
    if (!isObj(s)) return;
    for (const [key, v] of Object.entries(s)) {
      if (key === 'x-kubernetes-validations') celRules += Array.isArray(v) ? v.length : 1;
      else if ((key === 'properties' || key === 'patternProperties') && isObj(v)) {
        for (const ps of Object.values(v)) walk(ps);
      } else if (key === 'additionalProperties' || key === 'items' || key === 'not') walk(v);
      else if ((JUNCTORS as readonly string[]).includes(key) && Array.isArray(v)) for (const x of v) walk(x);
    }
  };
  walk(openAPIV3Schema);
  return celRules;
}
