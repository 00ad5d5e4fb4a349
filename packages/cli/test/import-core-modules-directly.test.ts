import { join } from 'node:path';
import * as core from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { coreExportMap, rewriteCoreImports } from '../build/import-core-modules-directly.js';
import { REPO_ROOT } from './helpers.js';

const BARREL = join(REPO_ROOT, 'packages/core/src/index.ts');

describe('the build imports core modules directly (not through the barrel)', () => {
  const map = coreExportMap(BARREL);

  it('maps every value core exports to the module that defines it', async () => {
    const values = Object.keys(core).sort();
    expect([...map.keys()].sort()).toEqual(values);
    for (const name of values) {
      const target = map.get(name);
      expect(target?.file.startsWith(join(REPO_ROOT, 'packages/core/src/'))).toBe(true);
      const module = (await import(target?.file ?? '')) as Record<string, unknown>;
      expect(module[target?.name ?? ''], name).toBe((core as Record<string, unknown>)[name]);
    }
  });

  it('rewrites value imports per module, drops type-only ones, keeps the line count', () => {
    const fake = new Map([
      ['loadYaml', { file: '/c/yaml/load.ts', name: 'loadYaml' }],
      ['finding', { file: '/c/model/finding.ts', name: 'finding' }],
      ['sortFindings', { file: '/c/model/finding.ts', name: 'sortFindings' }],
      ['renamed', { file: '/c/x.ts', name: 'original' }],
    ]);
    const source = [
      'import {',
      '  finding,',
      '  type Finding,',
      '  loadYaml as load,',
      '  sortFindings,',
      "} from '@neuroscale/core';",
      "import type { Manifest } from '@neuroscale/core';",
      "export { renamed } from '@neuroscale/core';",
      "import { other } from './other.js';",
    ].join('\n');
    const out = rewriteCoreImports(source, fake);
    expect(out.split('\n')).toHaveLength(source.split('\n').length);
    expect(out.split('\n').filter((l) => l.trim())).toEqual([
      'import { finding, sortFindings } from "/c/model/finding.ts"; import { loadYaml as load } from "/c/yaml/load.ts";',
      'export { original as renamed } from "/c/x.ts";',
      "import { other } from './other.js';",
    ]);
  });

  it('leaves a statement naming something unknown as it is', () => {
    const source = "import { finding, notInCore } from '@neuroscale/core';";
    expect(rewriteCoreImports(source, map)).toBe(source);
  });
});
