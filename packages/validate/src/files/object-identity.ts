/**
 * What a worker thread hands back of an object it validated, when the caller asked for identities only
 * (ValidateFilesOptions `objects: 'identity'`): apiVersion, kind and metadata name, generateName and
 * namespace — what the report's object list and the cross-object duplicate check read — instead of a
 * structured-clone copy of the whole object. Own properties only (the object came from untrusted YAML).
 */
const OBJECT_KEYS = ['apiVersion', 'kind'] as const;
const METADATA_KEYS = ['name', 'generateName', 'namespace'] as const;

/** The identity fields of a mapping; any other document (a scalar, a list) is returned unchanged. */
export function identityOfObject(value: unknown): unknown {
  if (!isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of OBJECT_KEYS) if (Object.hasOwn(value, key)) out[key] = value[key];
  if (Object.hasOwn(value, 'metadata')) {
    const md = value.metadata;
    if (isMapping(md)) {
      const kept: Record<string, unknown> = {};
      for (const key of METADATA_KEYS) if (Object.hasOwn(md, key)) kept[key] = md[key];
      out.metadata = kept;
    } else out.metadata = md;
  }
  return out;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
