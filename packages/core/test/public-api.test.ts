import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as entry from '../src/index.js';

// The public entry is @neuroscale/core's API: a name added here or dropped from here is an API change for every
// consumer (a changeset, and a row in the README's API table). Internals are imported from their source files.
const VALUES = [
  'DEFAULT_CHILD_LIMITS',
  'DEFAULT_KUBERNETES_VERSION',
  'DEFAULT_YAML_LIMITS',
  'PINNED_TOOLS',
  'PINNED_TOOLS_PACKAGE',
  'PLATFORM_CRD_SCOPES',
  'SEVERITY_RANK',
  'SUPPORTED_KUBERNETES_VERSIONS',
  'apiGroup',
  'apiVersionOnly',
  'cleanupRegisteredSync',
  'cloneData',
  'clusterScopedKinds',
  'compareFindings',
  'compareStrings',
  'compileLabelSelector',
  'compileRe2',
  'copyOwn',
  'countBySeverity',
  'decodeText',
  'describeLimitFailure',
  'describeObject',
  'escapePointerSegment',
  'fileSha256',
  'finding',
  'fromEntriesOwn',
  'getAtPointer',
  'getOwn',
  'hasFindingsAtOrAbove',
  'installPinnedTools',
  'isEmptyLabelSelector',
  'isPlainRecord',
  'kubernetesResourcesFor',
  'labelRequirementsMatch',
  'loadYaml',
  'locationOf',
  'manifestsFromDocuments',
  'matchesLabelSelector',
  'normalizeKubernetesVersion',
  'objectKey',
  'objectRef',
  'parseKubernetesQuantity',
  'parsePointer',
  'probeCacheDir',
  'quantityToNanos',
  'quantityToRational',
  'readYamlFile',
  'registerTempPath',
  'registerUntrustedTree',
  'resolveCacheDir',
  'resolveTool',
  'runGitSync',
  'runLimited',
  'setOwn',
  'sortFindings',
  'splitYamlDocuments',
  'toPointer',
  'trustedPath',
];
const TYPES = [
  'AppNode',
  'AppStatus',
  'CacheDirOptions',
  'CacheDirProbe',
  'ClusterScopedKindsOptions',
  'CompiledLabelSelector',
  'CompiledRe2',
  'Finding',
  'FindingInit',
  'GitSyncOptions',
  'GitSyncResult',
  'HelmValueInputs',
  'InstallPinnedToolsOptions',
  'InstallPinnedToolsResult',
  'K8sObject',
  'KubeResourceTable',
  'KubernetesMinor',
  'KubernetesQuantity',
  'LabelRequirement',
  'LabelSelectorOperator',
  'LabelSelectorOptions',
  'LoadYamlOptions',
  'LoadYamlResult',
  'Locator',
  'Manifest',
  'MissingTool',
  'ObjectRef',
  'ParseQuantityOptions',
  'ParsedKubernetesQuantity',
  'PlatformCrdScope',
  'Position',
  'Provenance',
  'QuantityFormat',
  'QuantityToNanosOptions',
  'ReadYamlFileOptions',
  'RenderedSource',
  'ResolveToolOptions',
  'ResolvedTool',
  'ResourceScope',
  'RunLimitedOptions',
  'RunLimitedResult',
  'Severity',
  'SourceLocation',
  'SourceType',
  'ToolName',
  'YamlDocument',
  'YamlLimits',
];

const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

/** Names in the entry's `export { … } from` / `export type { … } from` lists, split into values and types. */
function exportedNames(source: string): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const [, typeOnly, list] of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*from/g)) {
    for (const raw of (list ?? '').split(',')) {
      const item = raw.trim();
      if (!item) continue;
      if (typeOnly || item.startsWith('type ')) types.push(item.replace(/^type\s+/, ''));
      else values.push(item);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

describe('@neuroscale/core public entry', () => {
  const source = read('../src/index.ts');

  it('lists its exports explicitly', () => {
    expect(source).not.toMatch(/export\s+(type\s+)?\*/);
    expect(exportedNames(source)).toEqual({ values: VALUES, types: TYPES });
  });

  it('exports exactly these values at runtime', () => {
    expect(Object.keys(entry).sort()).toEqual(VALUES);
  });

  it('documents every name in the README', () => {
    const readme = read('../README.md');
    expect([...VALUES, ...TYPES].filter((n) => !new RegExp(`\\b${n}\\b`).test(readme))).toEqual([]);
  });
});
