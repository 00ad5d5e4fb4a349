import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppNode } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { classifyValuesPath, loadChartReadModel } from '../src/helm/chart-read-model.js';
import { checkHelmValues, parseSetPath } from '../src/helm/check-helm-values.js';
import { validate } from '../src/index.js';
import { fixtures } from './helpers.js';

const incident = join(fixtures, 'helm-incident');
const repoRoot = join(incident, 'repo');

function backstageApp(): AppNode {
  return {
    name: 'backstage',
    kind: 'Application',
    namespace: 'argocd',
    location: { file: 'apps/backstage.yaml', line: 1, column: 1 },
    destination: { namespace: 'backstage' },
    wave: 0,
    syncOptions: [],
    automated: false,
    status: 'rendered',
    objectCount: 3,
    sources: [
      {
        index: 0,
        spec: {},
        type: 'helm',
        path: 'charts/backstage',
        remote: false,
        helm: {
          releaseName: 'backstage',
          valueFiles: ['values/backstage-prod.yaml'],
          inlineValues: {
            value: { ingress: { host: 'backstage.internal' }, appConfg: { app: { title: 'typo' } } },
            location: { file: 'apps/backstage.yaml', line: 20, column: 7 },
            pointer: '/spec/source/helm/valuesObject',
          },
          parameters: [
            {
              name: 'image.tagg',
              location: { file: 'apps/backstage.yaml', line: 18, column: 11 },
              pointer: '/spec/source/helm/parameters/0/name',
            },
          ],
        },
      },
    ],
  };
}

describe('helm/unused-value', () => {
  it('reproduces the Backstage incident: app-config nested one level too deep, plus typos', async () => {
    const findings = await checkHelmValues({ repoRoot, apps: [backstageApp()] });
    const expected = JSON.parse(readFileSync(join(incident, 'expected.json'), 'utf8'));
    const got = findings
      .map((f) => ({ file: f.location?.file, line: f.location?.line, key: f.details?.key }))
      .sort((a, b) => (a.file! < b.file! ? -1 : a.file! > b.file! ? 1 : a.line! - b.line!));
    expect(got).toEqual(expected);
    const backstage = findings.find((f) => f.details?.key === 'backstage');
    expect(backstage?.severity).toBe('warning');
    expect(backstage?.app).toBe('backstage');
    expect(backstage?.message).toBe(
      'value file values/backstage-prod.yaml sets "backstage", which chart charts/backstage never reads (not in its values.yaml, values.schema.json or templates); Helm ignores it; the chart reads "appConfig" one level up: "backstage" nests it one level too deep',
    );
    expect(findings.find((f) => f.details?.key === 'postgresql.auth.pasword')?.message).toContain(
      'did you mean "postgresql.auth.password"?',
    );
    expect(findings.find((f) => f.details?.key === 'image.tagg')?.message).toContain(
      'did you mean "image.tag"?',
    );
    expect(findings.find((f) => f.details?.key === 'appConfg')?.message).toContain(
      'did you mean "appConfig"?',
    );
  });

  it('places keys of a `values: |` string on their line in the Application file', async () => {
    const app = backstageApp();
    app.name = 'backstage-dev';
    const src = app.sources[0]!;
    src.helm = {
      releaseName: 'backstage-dev',
      valueFiles: [],
      inlineValues: {
        value: { image: { tag: 'dev' }, backstage: { appConfig: { app: { title: 'dev' } } } },
        location: { file: 'apps/backstage-string-values.yaml', line: 9, column: 7 },
        pointer: '/spec/source/helm/values',
      },
      parameters: [],
    };
    const findings = await checkHelmValues({ repoRoot, apps: [app] });
    expect(
      findings.map((f) => [f.details?.key, f.location?.file, f.location?.line, f.location?.column]),
    ).toEqual([['backstage', 'apps/backstage-string-values.yaml', 12, 9]]);
  });

  it('is part of validate() when apps and repoRoot are given', async () => {
    const r = await validate([], { apps: [backstageApp()], repoRoot });
    expect(r.findings.filter((f) => f.ruleId === 'helm/unused-value')).toHaveLength(5);
  });

  it('reads what templates read: with/range/toYaml/index, subcharts, global, conditions', async () => {
    const model = await loadChartReadModel(join(repoRoot, 'charts/backstage'));
    expect(model).toBeDefined();
    const c = (p: string) => classifyValuesPath(model!, p.split('.'));
    expect(c('appConfig.app.title')).toBe('wholesale'); // with .Values.appConfig → toYaml .
    expect(c('extraEnv')).toBe('wholesale'); // range
    expect(c('ingress.enabled')).toBe('known'); // if
    expect(c('image.tag')).toBe('wholesale');
    expect(c('postgresql.primary.persistence.size')).toBe('wholesale'); // index in the subchart
    expect(c('postgresql.enabled')).toBe('known'); // dependency condition
    expect(c('global.anything')).toBe('wholesale');
    expect(c('postgresql.auth.pasword')).toBe('unknown');
    expect(c('backstage')).toBe('unknown');
  });

  it('parses --set style parameter names', () => {
    expect(parseSetPath('image.tag')).toEqual(['image', 'tag']);
    expect(parseSetPath('ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/rewrite')).toEqual([
      'ingress',
      'annotations',
      'nginx.ingress.kubernetes.io/rewrite',
    ]);
    expect(parseSetPath('extraEnv[0].name')).toEqual(['extraEnv']);
  });
});
