/**
 * `spec.ignoreDifferences` of the root Applications: they are read from the root files, not rendered by another
 * app, so the diff cannot find them among the rendered objects. Each root app's own file (its location, from
 * render) is read again with core's limited YAML reader, confined to the repository (symlinks resolved); the
 * lists are handed to the diff as written (it parses them as untrusted data).
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { AppNode } from '@neuroscale/core';
import { getOwn, isPlainRecord, readYamlFile } from '@neuroscale/core';

function insideRoot(repoRoot: string, file: string): string | undefined {
  try {
    const root = realpathSync(repoRoot);
    const abs = realpathSync(join(root, file));
    const rel = relative(root, abs);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? abs : undefined;
  } catch {
    return undefined;
  }
}

export async function readRootAppIgnoreDifferences(
  apps: readonly AppNode[],
  repoRoot: string,
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = Object.create(null);
  const roots = apps.filter((a) => a.kind === 'Application' && a.parent === undefined && !a.generatedBy);
  for (const app of roots) {
    const abs = insideRoot(repoRoot, app.location.file);
    if (!abs) continue;
    const { documents } = await readYamlFile(abs, { file: app.location.file });
    for (const doc of documents) {
      const v = doc.value;
      if (!isPlainRecord(v) || getOwn(v, 'kind') !== 'Application') continue;
      const md = getOwn(v, 'metadata');
      if (!isPlainRecord(md) || getOwn(md, 'name') !== app.name) continue;
      const spec = getOwn(v, 'spec');
      const list = isPlainRecord(spec) ? getOwn(spec, 'ignoreDifferences') : undefined;
      if (Array.isArray(list)) out[app.name] = list;
    }
  }
  return { ...out };
}
