/**
 * `resource.customizations.ignoreDifferences.<group_kind>` from the tree's `argocd-cm` ConfigMap (rendered or
 * read like any object of the head), as the diff stage's overrides. Each value is YAML (`jsonPointers`,
 * `jqPathExpressions`, `managedFieldsManagers`), parsed with core's limited loader; a value that does not
 * parse is a finding at the ConfigMap, never a crash. argoproj/argo-cd util/settings/settings.go reads the
 * same keys (`resource.customizations.ignoreDifferences.all` applies to every kind).
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { finding, isPlainRecord, loadYaml, locationOf, objectRef } from '@neuroscale/core';
import type { IgnoreDifferencesOverrides } from '@neuroscale/diff';

const PREFIX = 'resource.customizations.ignoreDifferences.';

export function readArgocdCmIgnoreDifferences(manifests: readonly Manifest[]): {
  overrides: IgnoreDifferencesOverrides;
  findings: Finding[];
} {
  const overrides: Record<string, IgnoreDifferencesOverrides[string]> = Object.create(null);
  const findings: Finding[] = [];
  for (const m of manifests) {
    const o = m.object;
    if (o.kind !== 'ConfigMap' || o.apiVersion !== 'v1' || o.metadata?.name !== 'argocd-cm') continue;
    if (!isPlainRecord(o.data)) continue;
    for (const [key, value] of Object.entries(o.data)) {
      if (!key.startsWith(PREFIX) || typeof value !== 'string') continue;
      const parsed = loadYaml(value, { file: m.source.file });
      const doc = parsed.documents[0]?.value;
      if (parsed.findings.length > 0 || !isPlainRecord(doc)) {
        findings.push(
          finding({
            ruleId: 'diff/argocd-cm-invalid',
            severity: 'warning',
            message: `argocd-cm ${key} is not a YAML map of jsonPointers / jqPathExpressions; it is not applied to the diff`,
            object: objectRef(o),
            location: locationOf(m, `/data/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
          }),
        );
        continue;
      }
      overrides[key.slice(PREFIX.length)] = doc;
    }
  }
  return { overrides: { ...overrides }, findings };
}
