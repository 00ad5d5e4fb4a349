/**
 * Fields of kustomize output are located at the line that produced them: an overlay's strategic-merge patch
 * (containers matched by name, not index), a JSON6902 op (patch file or inline block scalar), the
 * kustomization's images/replicas/commonLabels entries, a configMapGenerator literal, Argo CD's
 * spec.source.kustomize overrides in the Application — else the base resource document.
 * Expectations: test/fixtures/<case>/locations.json (`<app> <kind> <name> <pointer>` → `file:line`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAtPointer, locationOf, type Manifest } from '@neuroscale/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderResult, render } from '../src/index.js';
import { FIXTURES, type FixtureRepo, materialise } from './helpers/fixture-repo.js';

const results = new Map<string, RenderResult>();
const repos: FixtureRepo[] = [];
const CASES = ['kustomize-locate', 'kustomize'];
beforeAll(async () => {
  for (const name of CASES) {
    const repo = materialise(name);
    repos.push(repo);
    results.set(
      name,
      await render({
        repoRoot: repo.root,
        roots: ['bootstrap/*.yaml'],
        cacheDir: join(repo.root, '..', 'cache'),
      }),
    );
  }
}, 60_000);
afterAll(() => {
  for (const r of repos) r.cleanup();
});

const find = (app: string, kind: string, name: string, caseName = 'kustomize-locate'): Manifest | undefined =>
  results
    .get(caseName)!
    .manifests.find(
      (m) => m.source.apps.at(-1) === app && m.object.kind === kind && m.object.metadata?.name === name,
    );

for (const caseName of CASES) {
  const expected: Record<string, string> = JSON.parse(
    readFileSync(join(FIXTURES, caseName, 'locations.json'), 'utf8'),
  );
  describe(`${caseName}: locate(pointer) → the producing line`, () => {
    for (const [key, want] of Object.entries(expected)) {
      it(`${key} → ${want}`, () => {
        const [app, kind, name, pointer] = key.split(' ') as [string, string, string, string];
        const m = find(app, kind, name, caseName);
        expect(m, `${app} ${kind} ${name} rendered`).toBeDefined();
        expect(getAtPointer(m!.object, pointer), `${pointer} exists in the output`).toBeDefined();
        const at = locationOf(m!, pointer);
        expect(`${at.file}:${at.line}`).toBe(want);
      });
    }
  });
}

describe('kustomize output locations', () => {
  it('the located text is the field itself (column on the key or item)', () => {
    const m = find('prod', 'Deployment', 'prod-api')!;
    const at = locationOf(m, '/spec/template/spec/containers/0/resources/limits/memory');
    const line = readFileSync(join(repos[0]!.root, at.file), 'utf8').split('\n')[at.line - 1]!;
    expect(line.slice(at.column - 1)).toBe('memory: 256Mi');
    const inline = locationOf(find('prod', 'Service', 'prod-api')!, '/spec/type');
    const text = readFileSync(join(repos[0]!.root, inline.file), 'utf8').split('\n')[inline.line - 1]!;
    expect(text.slice(inline.column - 1)).toBe('value: NodePort');
  });

  it('provenance stays the resource document (or the generator entry)', () => {
    const d = find('prod', 'Deployment', 'prod-api')!;
    expect([d.source.file, d.source.line]).toEqual(['base/deployment.yaml', 1]);
    const cm = find('prod', 'ConfigMap', 'prod-api-config-454mgf82d4')!;
    expect([cm.source.file, cm.source.line]).toEqual(['base/kustomization.yaml', 7]);
  });
});
