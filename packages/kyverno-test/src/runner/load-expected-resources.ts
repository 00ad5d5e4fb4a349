/**
 * The objects a Test's rows name (`patchedResources`, `generatedResource(s)`, `cloneSourceResource`), read once per file, relative to the
 * test file and confined like every other path of the Test. A file that cannot be read makes its
 * rows fail with "Resource error" (never pass).
 */
import path from 'node:path';
import { isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import { readYamlInputs } from '../policies/read-yaml-inputs.js';
import type { ExpectedResources } from './compare-expected-resource.js';
import type { TestSpec } from './test-file-types.js';

export async function loadExpectedResources(
  test: TestSpec,
  testFile: string,
  options: { root: string; confineTo?: string },
): Promise<Map<string, ExpectedResources>> {
  const out = new Map<string, ExpectedResources>();
  const dir = path.dirname(testFile);
  const files = test.results.flatMap((row) => [
    ...(row.patchedResources !== undefined ? [row.patchedResources] : []),
    ...(row.generatedResources ?? []),
    ...(row.cloneSourceResource !== undefined ? [row.cloneSourceResource] : []),
  ]);
  for (const file of files) {
    if (out.has(file)) continue;
    const read = await readYamlInputs([file], dir, {
      root: options.root,
      ...(options.confineTo !== undefined ? { confineTo: options.confineTo } : {}),
    });
    const objects = read.documents.map((d) => d.value).filter(isObj) as K8sObject[];
    const problem = read.findings.find((f) => f.severity === 'error');
    out.set(file, problem && objects.length === 0 ? { objects, error: problem.message } : { objects });
  }
  return out;
}
