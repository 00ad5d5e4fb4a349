// A CustomResourceDefinition reduced to what schema lookup needs: group, names, scope and, per version,
// served/deprecated flags and the compacted openAPIV3Schema (see strip-schema.mjs).
import { stripSchema } from './strip-schema.mjs';

export function compactCrd(obj) {
  const spec = obj.spec ?? {};
  const versions = (spec.versions ?? []).map((v) => {
    const raw = v.schema?.openAPIV3Schema;
    const out = { name: v.name, served: v.served !== false, storage: v.storage === true };
    if (v.deprecated) out.deprecated = true;
    if (v.deprecationWarning) out.deprecationWarning = v.deprecationWarning;
    if (raw) {
      const { schema, cel } = stripSchema(raw);
      out.schema = schema;
      if (cel) out.celRules = cel;
    }
    return out;
  });
  return {
    name: obj.metadata?.name,
    group: spec.group,
    kind: spec.names?.kind,
    plural: spec.names?.plural,
    scope: spec.scope ?? 'Namespaced',
    versions,
  };
}
