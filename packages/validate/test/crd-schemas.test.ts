import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { clearCompiledSchemas, createSchemaRegistry } from '../src/schemas/schema-registry.js';
import { fixtures, hasGenerated, hasShared, manifests, shared } from './helpers.js';

const fixture = (name: string) => readFileSync(join(fixtures, 'crds', name), 'utf8');
const isvc = () => manifests(fixture('inferenceservice-typo.yaml'), 'models/isvc.yaml');

describe.skipIf(!hasGenerated)('CRD schemas with zero configuration', () => {
  it.skipIf(!hasShared)(
    'flags an unknown field under spec.predictor using only a CRD found among the manifests',
    async () => {
      const crd = manifests(
        readFileSync(join(shared, 'crds/kserve/serving.kserve.io_inferenceservices.yaml'), 'utf8'),
        'crds/isvc-crd.yaml',
      );
      const r = await validate([...crd, ...isvc()], { catalog: false });
      const unknown = r.findings.filter((f) => f.ruleId === 'schema/unknown-field');
      expect(unknown).toHaveLength(1);
      expect(unknown[0]).toMatchObject({
        path: '/spec/predictor/maxReplica',
        location: { file: 'models/isvc.yaml', line: 9, column: 5 },
        message: 'unknown field "spec.predictor.maxReplica" in InferenceService; did you mean "maxReplicas"?',
      });
      // the CRD object itself is valid against apiextensions.k8s.io/v1; at ~640 kB it needs server-side apply
      expect(
        r.findings
          .filter((f) => f.location?.file === 'crds/isvc-crd.yaml' && f.severity === 'error')
          .map((f) => f.ruleId),
      ).toEqual(['apply/crd-too-large']);
      // without the CRD and without the catalog there is no schema
      const none = await validate(isvc(), { catalog: false });
      expect(none.findings.map((f) => f.ruleId)).toEqual(['schema/missing']);
      expect(none.findings[0]?.severity).toBe('warning');
      expect(none.summary).toEqual({ objects: 1, valid: 0, invalid: 0, skipped: 1 });
    },
  );

  it('flags the same field using only the bundled catalog', async () => {
    clearCompiledSchemas(); // nothing left over from the CRD-in-manifests test
    const r = await validate(isvc(), { cacheDir: false });
    expect(r.stats.compiled).toBeGreaterThan(0);
    expect(
      r.findings.filter((f) => f.ruleId === 'schema/unknown-field').map((f) => [f.path, f.location?.line]),
    ).toEqual([['/spec/predictor/maxReplica', 9]]);
    const registry = createSchemaRegistry({});
    const lookup = registry.lookup('serving.kserve.io/v1beta1', 'InferenceService');
    expect(lookup.status).toBe('found');
    if (lookup.status === 'found') {
      expect(lookup.schema.source).toBe('catalog');
      expect(lookup.schema.origin).toContain('crds/kserve/serving.kserve.io_inferenceservices.yaml');
    }
    // CEL rules are not evaluated, and the report says so once per kind
    expect(r.findings.filter((f) => f.ruleId === 'schema/cel-not-evaluated').length).toBeLessThanOrEqual(1);
  });

  it('prefers a CRD among the manifests over the catalog', async () => {
    const crd = manifests(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: inferenceservices.serving.kserve.io}
spec:
  group: serving.kserve.io
  scope: Namespaced
  names: {kind: InferenceService, plural: inferenceservices}
  versions:
    - name: v1beta1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`);
    const r = await validate([...crd, ...isvc()]);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.summary.valid).toBe(2);
  });

  it('makes a CR without schema an error with strict', async () => {
    const cr = manifests('apiVersion: example.org/v1\nkind: Thing\nmetadata: {name: t}\nspec: {}\n');
    const r = await validate(cr, { strict: true });
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.location?.line])).toEqual([
      ['schema/missing', 'error', 2],
    ]);
  });

  it('reports a CRD whose schema is not a valid schema, and skips its CRs', async () => {
    const r = await validate(manifests(fixture('invalid-crd-schema.yaml'), 'crd.yaml'));
    const bad = r.findings.filter((f) => f.ruleId === 'schema/invalid-crd');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({
      location: { file: 'crd.yaml', line: 14 },
      path: '/spec/versions/0/schema/openAPIV3Schema',
    });
    expect(bad[0]?.message).toContain('Gadget.example.com v1');
    expect(r.summary).toEqual({ objects: 2, valid: 1, invalid: 0, skipped: 1 });
  });

  it('reports a CRD schema that does not compile (bad regex) and an unserved version', async () => {
    const r = await validate(manifests(fixture('bad-pattern-crd.yaml'), 'crd.yaml'));
    const rules = r.findings.map((f) => [f.ruleId, f.location?.line]);
    expect(rules).toContainEqual(['schema/invalid-crd', 19]);
    expect(rules).toContainEqual(['schema/unknown-version', 36]);
    expect(r.findings.find((f) => f.ruleId === 'schema/unknown-version')?.message).toContain('not served');
  });

  it('honours int-or-string, preserve-unknown-fields and embedded resources', async () => {
    const r = await validate(
      manifests(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: boxes.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Box, plural: boxes}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                port: {x-kubernetes-int-or-string: true}
                free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  properties:
                    spec: {type: object, properties: {a: {type: string}}}
                count: {type: integer, format: int32, nullable: true}
---
apiVersion: example.com/v1
kind: Box
metadata: {name: b1}
spec:
  port: 8080
  free: {x: 1}
  template:
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: inner}
    spec: {a: x}
  count: null
---
apiVersion: example.com/v1
kind: Box
metadata: {name: b2}
spec:
  port: [1]
  template:
    spec: {b: x}
  count: 3000000000
`),
    );
    const errors = r.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.path]);
    expect(errors).toEqual([
      ['schema/type', '/spec/port'],
      ['schema/unknown-field', '/spec/template/spec/b'],
      ['schema/format', '/spec/count'],
    ]);
  });

  it('folds the errors of anyOf branches into one finding', async () => {
    const r = await validate(
      manifests(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: routes.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Route, plural: routes}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                target:
                  type: object
                  properties:
                    service: {type: string}
                    url: {type: string}
                  anyOf:
                    - required: [service]
                    - required: [url]
---
apiVersion: example.com/v1
kind: Route
metadata: {name: r}
spec:
  target: {}
`),
    );
    expect(
      r.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.path, f.message]),
    ).toEqual([
      ['schema/invalid', '/spec/target', 'spec.target: needs at least one of the fields service, url'],
    ]);
  });

  it('finds schemas in kubeconform-style schema locations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-schemas-'));
    mkdirSync(join(dir, 'example.org'));
    writeFileSync(
      join(dir, 'example.org', 'thing_v1.json'),
      JSON.stringify({
        type: 'object',
        properties: {
          apiVersion: {},
          kind: {},
          metadata: {},
          spec: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        },
      }),
    );
    const cr = manifests('apiVersion: example.org/v1\nkind: Thing\nmetadata: {name: t}\nspec: {b: 1}\n');
    const byDir = await validate(cr, { schemaLocations: [dir] });
    expect(byDir.findings.map((f) => [f.ruleId, f.path])).toEqual([['schema/unknown-field', '/spec/b']]);
    const remote = await validate(cr, {
      schemaLocations: ['default', 'https://example.com/{{ .ResourceKind }}.json', dir],
    });
    expect(remote.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['schema/remote-location-skipped', 'info'],
      ['schema/unknown-field', 'error'],
    ]);
    const byTemplate = await validate(cr, {
      schemaLocations: [`${dir}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`],
    });
    expect(byTemplate.findings.map((f) => f.ruleId)).toEqual(['schema/unknown-field']);
  });
});
