import type { Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { readArgocdCmIgnoreDifferences } from '../../src/pipeline/read-argocd-cm-ignore-differences.js';

const cm = (data: Record<string, string>, name = 'argocd-cm'): Manifest => ({
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'argocd' }, data },
  source: { apps: ['argocd'], file: 'gitops/argocd/argocd-cm.yaml', documentIndex: 0, line: 1, column: 1 },
});

describe("argocd-cm's resource.customizations.ignoreDifferences", () => {
  it('reads each <group_kind> and all as overrides', () => {
    const { overrides, findings } = readArgocdCmIgnoreDifferences([
      cm({
        'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers:\n  - /spec/replicas\n',
        'resource.customizations.ignoreDifferences.all':
          'managedFieldsManagers:\n  - kube-controller-manager\n',
        'resource.customizations.health.apps_Deployment': 'not: read',
        url: 'https://argocd.example.com',
      }),
      cm(
        { 'resource.customizations.ignoreDifferences.Service': 'jsonPointers: [/spec/clusterIP]' },
        'other-cm',
      ),
    ]);
    expect(findings).toEqual([]);
    expect(overrides).toEqual({
      apps_Deployment: { jsonPointers: ['/spec/replicas'] },
      all: { managedFieldsManagers: ['kube-controller-manager'] },
    });
  });

  it('a value that is not a YAML map is a finding at the ConfigMap, and is not applied', () => {
    const { overrides, findings } = readArgocdCmIgnoreDifferences([
      cm({ 'resource.customizations.ignoreDifferences.apps_Deployment': '- just\n- a list\n' }),
    ]);
    expect(overrides).toEqual({});
    expect(findings.map((f) => [f.ruleId, f.location?.file])).toEqual([
      ['diff/argocd-cm-invalid', 'gitops/argocd/argocd-cm.yaml'],
    ]);
  });
});
