/**
 * The objects admission produced (mutated resources, generated objects) written as YAML on request,
 * like `kyverno apply --output` / `kyverno test --output-dir`: `-` writes one multi-document stream to
 * stdout, a folder gets one file per object named `<kind>-<namespace>-<name>.yaml` (lower case, unsafe
 * characters replaced, a numeric suffix on collisions). Nothing is written into the scanned tree unless
 * the user names a folder there.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { K8sObject } from '@neuroscale/core';
import { stringify } from 'yaml';
import { type CliIO, UsageError } from '../cli-io.js';
import { neutralizeText } from './neutralize-workflow-commands.js';
import { writeOutputFile } from './write-output-file.js';

function fileNameOf(o: K8sObject): string {
  const md = o.metadata ?? {};
  const parts = [o.kind, md.namespace, md.name].filter((p): p is string => typeof p === 'string' && p !== '');
  const base =
    parts
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '_') || 'object';
  return base.replace(/^\.+/, '_');
}

export function writeAdmittedObjects(
  objects: readonly K8sObject[],
  target: string,
  io: CliIO,
  what: string,
): void {
  if (target === '-') {
    io.stdout(
      neutralizeText(objects.map((o) => stringify(o, { aliasDuplicateObjects: false })).join('---\n')),
    );
    return;
  }
  // the folder the user named is created (like kyverno test --output-dir); its parent must exist
  try {
    mkdirSync(resolve(io.cwd, target), { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create ${what} folder ${target}: ${(e as Error).message}`);
  }
  const used = new Map<string, number>();
  for (const o of objects) {
    const base = fileNameOf(o);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    const name = n === 0 ? `${base}.yaml` : `${base}-${n + 1}.yaml`;
    writeOutputFile(join(target, name), stringify(o, { aliasDuplicateObjects: false }), {
      cwd: io.cwd,
      what,
    });
  }
}
