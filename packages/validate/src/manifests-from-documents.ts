/** Plain files (the `validate [files|dirs|-]` path): loaded YAML documents → Manifests with provenance. */
export { manifestsFromDocuments } from '@neuroscale/core';
