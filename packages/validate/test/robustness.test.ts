import type { K8sObject, Manifest } from '@neuroscale/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { hasGenerated } from './helpers.js';

const KINDS: [string, string][] = [
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['batch/v1', 'CronJob'],
  ['serving.kserve.io/v1beta1', 'InferenceService'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['v1', 'List'],
  ['example.org/v1', 'Thing'],
];

const json = fc.jsonValue({ maxDepth: 5 });
const objectish = fc.record(
  {
    kindPair: fc.constantFrom(...KINDS),
    metadata: fc.oneof(
      json,
      fc.record({ name: fc.string(), namespace: fc.string(), labels: json, annotations: json }),
    ),
    spec: fc.oneof(
      json,
      fc.record({
        template: fc.record({
          spec: fc.record({ containers: fc.array(fc.record({ name: fc.string(), env: json, ports: json })) }),
        }),
      }),
      fc.record({ versions: json, group: fc.string(), names: json }),
    ),
    items: json,
  },
  { requiredKeys: ['kindPair'] },
);

describe.skipIf(!hasGenerated)('robustness', () => {
  it('never throws on arbitrary objects, and reports every one of them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(json, objectish), { maxLength: 8 }), async (values) => {
        const manifests: Manifest[] = values.map((v, i) => {
          let object = v as unknown;
          if (v && typeof v === 'object' && 'kindPair' in (v as object)) {
            const { kindPair, ...rest } = v as { kindPair: [string, string] };
            object = { apiVersion: kindPair[0], kind: kindPair[1], ...rest };
          }
          return {
            object: object as K8sObject,
            source: { apps: [], file: 'fuzz.yaml', documentIndex: i, line: i + 1, column: 1 },
          };
        });
        const r = await validate(manifests, { cacheDir: false });
        expect(r.summary.objects).toBeGreaterThanOrEqual(
          manifests.length -
            values.filter((v) => (v as { kindPair?: string[] })?.kindPair?.[1] === 'List').length,
        );
        for (const f of r.findings) expect(typeof f.message).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
