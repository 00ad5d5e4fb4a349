/**
 * User schema locations, kubeconform-compatible: path templates such as
 * `schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json` or `{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`
 * (the datreeio/CRDs-catalog layout), or plain local directories, which are tried with both layouts.
 * http(s) locations are not fetched (the validator runs offline); `default` names the built-in schemas.
 *
 * Templates are expanded with values taken from the manifests (kind, group), which a pull request controls:
 * a kind such as `../../x` must not walk out of the location. Every file read must resolve (symlinks
 * followed) inside its location's folder, and messages name files relative to baseDir, never by absolute
 * path and never with their content.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

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
    const isTemplate = location.includes('{{');
    const candidates = isTemplate
      ? [expandTemplate(base, data)]
      : isDirectory(base)
        ? DIRECTORY_LAYOUTS.map((t) => join(base, expandTemplate(t, data)))
        : [];
    const folder = isTemplate ? templateFolder(base) : base;
    const realFolder = realOrUndefined(folder);
    if (!realFolder) continue;
    for (const file of candidates) {
      if (!existsSync(file)) continue;
      const shown = displayPath(file, folder, baseDir);
      const real = realOrUndefined(file);
      if (!real || !isInside(real, realFolder)) {
        return {
          file: shown,
          message: `schema file ${shown} resolves outside its schema location; it was not read`,
        };
      }
      try {
        const schema = JSON.parse(readFileSync(real, 'utf8')) as unknown;
        if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
          return { file: shown, message: `schema file ${shown} could not be read: not a JSON object` };
        return { file: shown, schema: schema as Record<string, unknown> };
      } catch (e) {
        // JSON.parse messages quote the text around the error: say what failed, not what the file holds
        const why =
          e instanceof SyntaxError ? 'not valid JSON' : ((e as NodeJS.ErrnoException).code ?? 'unreadable');
        return { file: shown, message: `schema file ${shown} could not be read: ${why}` };
      }
    }
  }
  return undefined;
}

/** The fixed folder of a path template: everything before the first `{{`, up to its last separator. */
function templateFolder(template: string): string {
  const head = template.slice(0, template.indexOf('{{'));
  return head.endsWith('/') || head.endsWith(sep) ? head : dirname(head);
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function isInside(p: string, folder: string): boolean {
  const rel = relative(folder, p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Relative to baseDir (the repository) when inside it, else relative to the location's own folder. */
function displayPath(file: string, folder: string, baseDir: string): string {
  const fromBase = relative(baseDir, file);
  const rel =
    fromBase && !fromBase.startsWith('..') && !isAbsolute(fromBase)
      ? fromBase
      : join(basename(folder), relative(folder, file));
  return rel.split(sep).join('/');
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
