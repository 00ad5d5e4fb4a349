/**
 * User schema locations, kubeconform-compatible: path templates such as
 * `schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json` or `{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`
 * (the datreeio/CRDs-catalog layout), or plain local directories, which are tried with both layouts.
 * http(s) locations are not fetched (the validator runs offline); `default` names the built-in schemas.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export interface TemplateData {
  NormalizedKubernetesVersion: string;
  StrictSuffix: string;
  ResourceKind: string;
  ResourceAPIVersion: string;
  Group: string;
  KindSuffix: string;
}

/** The values kubeconform's registry gives a template (registry.go schemaPath). */
export function templateData(apiVersion: string, kind: string, kubeMinor: string): TemplateData {
  const groupParts = apiVersion.split('/');
  const first = groupParts[0] ?? '';
  const versionParts = first.split('.');
  let kindSuffix = `-${(versionParts[0] ?? '').toLowerCase()}`;
  if (groupParts.length > 1) kindSuffix += `-${(groupParts[1] ?? '').toLowerCase()}`;
  return {
    NormalizedKubernetesVersion: `v${kubeMinor}.0`,
    StrictSuffix: '-strict',
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: groupParts[groupParts.length - 1] ?? '',
    Group: first,
    KindSuffix: kindSuffix,
  };
}

export function expandTemplate(template: string, data: TemplateData): string {
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (m, name: string) =>
    name in data ? data[name as keyof TemplateData] : m,
  );
}

const DIRECTORY_LAYOUTS = [
  '{{ .ResourceKind }}{{ .KindSuffix }}.json',
  '{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json',
];

export interface LocatedSchema {
  file: string;
  schema: Record<string, unknown>;
}

export interface SchemaLocationProblem {
  file: string;
  message: string;
}

/** First schema file the locations give for a kind, or a problem when a file exists but is not a JSON schema. */
export function findInSchemaLocations(
  locations: readonly string[],
  apiVersion: string,
  kind: string,
  kubeMinor: string,
  baseDir: string,
): LocatedSchema | SchemaLocationProblem | undefined {
  const data = templateData(apiVersion, kind, kubeMinor);
  for (const location of locations) {
    if (location === 'default' || /^https?:\/\//.test(location)) continue;
    const base = isAbsolute(location) ? location : resolve(baseDir, location);
    const candidates = location.includes('{{')
      ? [expandTemplate(base, data)]
      : isDirectory(base)
        ? DIRECTORY_LAYOUTS.map((t) => join(base, expandTemplate(t, data)))
        : [];
    for (const file of candidates) {
      if (!existsSync(file)) continue;
      try {
        const schema = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
          throw new Error('not a JSON object');
        return { file, schema: schema as Record<string, unknown> };
      } catch (e) {
        return { file, message: `schema file ${file} could not be read: ${(e as Error).message}` };
      }
    }
  }
  return undefined;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
