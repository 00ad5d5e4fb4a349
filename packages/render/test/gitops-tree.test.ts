/**
 * The repository's own GitOps tree (gitops/): the root app-of-apps, the Backstage chart, remote charts
 * (which must each yield a finding, never a silent skip) and the models ApplicationSet.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderResult, render } from '../src/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const present = existsSync(join(repoRoot, 'gitops/bootstrap'));
if (!present)
  console.warn(`SKIPPING gitops-tree tests: ${join(repoRoot, 'gitops/bootstrap')} does not exist`);

describe.skipIf(!present)('render the repository’s gitops/ tree', () => {
  let result: RenderResult;
  const cacheDir = mkdtempSync(join(tmpdir(), 'ns-render-gitops-'));
  beforeAll(async () => {
    result = await render({ repoRoot, repoURLs: ['https://github.com/neuroscale/neuroscale.git'], cacheDir });
  }, 120_000);
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('renders the root app and its children', () => {
    const root = result.apps.find((a) => a.name === 'root')!;
    expect(root.status).toBe('rendered');
    expect(result.apps.filter((a) => a.parent === 'root').length).toBeGreaterThan(3);
  });

  it('the Backstage chart objects come back from helm with template provenance', () => {
    const app = result.apps.find((a) => a.name === 'backstage')!;
    expect(app.status).toBe('rendered');
    expect(app.sources[0]!.type).toBe('helm');
    const objs = result.manifests.filter(
      (m) => m.source.apps.at(-1) === 'backstage' && m.source.sourceType === 'helm',
    );
    expect(objs.map((m) => m.object.kind)).toContain('Deployment');
    for (const m of objs) {
      expect(m.source.file.startsWith('gitops/infrastructure/backstage/chart/')).toBe(true);
      expect(m.object.metadata?.namespace).toBe('backstage');
    }
    expect(objs[0]!.source.valueFiles).toContain('gitops/infrastructure/backstage/values/k3d.yaml');
  });

  it('offline, each uncached remote chart yields a coverage/app-not-rendered warning naming its app', () => {
    const remoteApps = result.apps.filter((a) =>
      a.sources.some((s) => s.remote && typeof s.spec.chart === 'string'),
    );
    expect(remoteApps.length).toBeGreaterThanOrEqual(3);
    for (const a of remoteApps) {
      const f = result.findings.find((x) => x.ruleId === 'coverage/app-not-rendered' && x.app === a.name);
      expect(f, `finding for ${a.name}`).toBeDefined();
      expect(f!.location?.file).toBe(a.location.file);
      expect(f!.severity).toBe('warning');
      expect(f!.message).toContain(`Application ${a.name} (${a.location.file}:${a.location.line})`);
      expect(a.status).toBe('skipped');
    }
  });

  it('the models ApplicationSet generates one Application per model folder', () => {
    const appset = result.apps.find((a) => a.kind === 'ApplicationSet' && a.name === 'models');
    expect(appset).toBeDefined();
    const generated = result.apps.filter((a) => a.generatedBy === 'models');
    expect(generated.map((a) => a.name)).toContain('ai-model-alpha');
    const alpha = generated.find((a) => a.name === 'ai-model-alpha')!;
    expect(alpha.status).toBe('rendered');
    expect(
      result.manifests.some(
        (m) => m.source.apps.at(-1) === 'ai-model-alpha' && m.object.kind === 'InferenceService',
      ),
    ).toBe(true);
  });
});
