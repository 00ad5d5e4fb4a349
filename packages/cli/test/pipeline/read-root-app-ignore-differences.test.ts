import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AppNode } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { readRootAppIgnoreDifferences } from '../../src/pipeline/read-root-app-ignore-differences.js';
import { tempRepo } from '../helpers.js';

const node = (name: string, file: string, extra: Partial<AppNode> = {}): AppNode => ({
  name,
  kind: 'Application',
  location: { file, line: 1 },
  wave: 0,
  syncOptions: [],
  automated: false,
  sources: [],
  status: 'rendered',
  objectCount: 0,
  ...extra,
});

const ROOT = `apiVersion: v1
kind: ConfigMap
metadata: {name: root}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: root, namespace: argocd}
spec:
  ignoreDifferences:
    - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}
`;

describe("root Applications' ignoreDifferences", () => {
  it('reads the root app document of its own file, as written; child apps are not read from files', async () => {
    const dir = tempRepo({
      'gitops/bootstrap/root.yaml': ROOT,
      'gitops/apps/child.yaml': ROOT.replace(/root/g, 'child'),
    });
    const rules = await readRootAppIgnoreDifferences(
      [
        node('root', 'gitops/bootstrap/root.yaml'),
        node('child', 'gitops/apps/child.yaml', { parent: 'root' }),
      ],
      dir,
    );
    expect(rules).toEqual({
      root: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    });
  });

  it('never reads through a symlink that leaves the repository', async () => {
    const outside = tempRepo({ 'root.yaml': ROOT });
    const dir = tempRepo({ 'README.md': 'x\n' });
    symlinkSync(join(outside, 'root.yaml'), join(dir, 'root.yaml'));
    expect(await readRootAppIgnoreDifferences([node('root', 'root.yaml')], dir)).toEqual({});
  });
});
