/** Plain files (the `validate [files|dirs|-]` path): loaded YAML documents → Manifests with provenance. */
import type { K8sObject, Manifest, YamlDocument } from '@neuroscale/core';

export function manifestsFromDocuments(file: string, documents: readonly YamlDocument[]): Manifest[] {
  return documents.map((d) => ({
    object: d.value as K8sObject,
    source: { apps: [], file, documentIndex: d.index, line: d.line, column: d.column, sourceType: 'file' },
    locate: d.locate,
  }));
}
