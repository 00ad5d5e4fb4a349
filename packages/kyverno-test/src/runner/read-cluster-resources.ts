/**
 * The objects of a Test's `clusterResources` files, as kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/commands/test/test.go loads them into its fake cluster: a cli.kyverno.io
 * `ClusterResource` gives its `spec.resources` and the CustomResourceDefinitions its `spec.crds` name
 * (paths relative to the test file's folder); any other document is an object itself.
 */
import { type Finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import { type ReadYamlInputsOptions, readYamlInputs } from '../policies/read-yaml-inputs.js';

export interface ClusterResourcesRead {
  objects: K8sObject[];
  /** The CRDs of `spec.crds`: they give the fake cluster the resources it serves with no object. */
  crds: K8sObject[];
}

export async function readClusterResources(
  paths: string[],
  dir: string,
  options: ReadYamlInputsOptions,
  findings: Finding[],
): Promise<ClusterResourcesRead> {
  const read = await readYamlInputs(paths, dir, options);
  findings.push(...read.findings);
  const objects: K8sObject[] = [];
  const crdPaths: string[] = [];
  for (const doc of read.documents) {
    if (!isObj(doc.value)) continue;
    const v = doc.value;
    if (v.kind === 'ClusterResource' && String(v.apiVersion).startsWith('cli.kyverno.io/')) {
      const spec = isObj(v.spec) ? v.spec : {};
      if (Array.isArray(spec.resources)) objects.push(...(spec.resources.filter(isObj) as K8sObject[]));
      if (Array.isArray(spec.crds))
        crdPaths.push(...spec.crds.filter((p): p is string => typeof p === 'string'));
    } else objects.push(v as K8sObject);
  }
  if (crdPaths.length === 0) return { objects, crds: [] };
  // a refused CRD path is named as the CRD list's i-th entry, not as the Test's clusterResources[i]
  const { describePath: _byTestLine, ...crdOptions } = options;
  const crdRead = await readYamlInputs(crdPaths, dir, crdOptions);
  findings.push(...crdRead.findings);
  const crds = crdRead.documents
    .map((d) => d.value)
    .filter((v): v is K8sObject => isObj(v) && v.kind === 'CustomResourceDefinition');
  return { objects, crds };
}
