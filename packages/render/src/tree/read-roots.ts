/**
 * Root Applications: every argoproj.io Application / ApplicationSet in the files matching the root globs
 * (applied by hand, e.g. `kubectl apply -f gitops/bootstrap/root-app.yaml`).
 */
import { join } from 'node:path';
import type { Finding } from '@neuroscale/core';
import { describeObject, finding, objectRef, readYamlFile } from '@neuroscale/core';
import fg from 'fast-glob';
import { cmp, isRecord } from '../render-context.js';
import { toPosix } from '../repo/path-safety.js';
import { isArgoAppKind } from './read-application.js';
import type { RootApp } from './walk-app-tree.js';

export async function readRoots(
  repoRoot: string,
  patterns: string[],
): Promise<{ roots: RootApp[]; findings: Finding[] }> {
  const findings: Finding[] = [];
  const roots: RootApp[] = [];
  const files = (
    await fg(patterns, { cwd: repoRoot, onlyFiles: true, dot: false, followSymbolicLinks: false })
  )
    .map(toPosix)
    .sort(cmp);
  if (files.length === 0) {
    findings.push(
      finding({
        ruleId: 'render/no-root-applications',
        message: `no root Application file matches ${patterns.join(', ')} under the repository root`,
      }),
    );
  }
  for (const file of files) {
    const loaded = await readYamlFile(join(repoRoot, file), { file });
    findings.push(...loaded.findings);
    for (const d of loaded.documents) {
      const obj = d.value;
      if (!isRecord(obj)) continue;
      if (!isArgoAppKind(obj)) {
        findings.push(
          finding({
            ruleId: 'render/root-not-application',
            severity: 'info',
            message: `${describeObject(objectRef(obj))} in a root file is not an Application or ApplicationSet; it is applied by hand, not by Argo CD, and is not rendered`,
            object: objectRef(obj),
            location: { file, line: d.line, column: d.column },
          }),
        );
        continue;
      }
      roots.push({ object: obj, origin: { file, line: d.line, column: d.column, locate: d.locate } });
    }
  }
  return { roots, findings };
}
