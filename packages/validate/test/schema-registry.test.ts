import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../src/data/generated-data.js';
import { validate } from '../src/index.js';
import { clearCompiledSchemas, createSchemaRegistry } from '../src/schemas/schema-registry.js';
import { hasGenerated, manifests } from './helpers.js';

const badDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x' },
  spec: { replica: 1, selector: {}, template: {} },
};

describe.skipIf(!hasGenerated)('schema registry', () => {
  it('stores compiled validators in cacheDir and loads them in a fresh process-level engine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-validate-cache-'));
    clearCompiledSchemas();
    const first = createSchemaRegistry({ cacheDir: dir });
    const a = first.lookup('apps/v1', 'Deployment');
    expect(first.stats()).toMatchObject({ compiled: 1, cacheHits: 0 });
    const files = readdirSync(join(dir, 'validate-compiled'));
    expect(files).toHaveLength(1);
    // a built-in kind is cached by its definition's name (no content hash), versions in the suffix
    expect(files[0]).toMatch(/^k8s-io\.k8s\.api\.apps\.v1\.Deployment-[0-9a-z]+\.cjs$/);

    clearCompiledSchemas();
    const second = createSchemaRegistry({ cacheDir: dir });
    const b = second.lookup('apps/v1', 'Deployment');
    expect(second.stats()).toMatchObject({ compiled: 0, cacheHits: 1 });
    if (a.status !== 'found' || b.status !== 'found') throw new Error('Deployment schema not found');
    expect(a.schema.validate(badDeployment)).toBe(false);
    expect(b.schema.validate(badDeployment)).toBe(false);
    expect(b.schema.validate.errors).toEqual(a.schema.validate.errors);
    expect(b.schema.validate({ ...badDeployment, spec: { selector: {}, template: {} } })).toBe(true);

    // a corrupt entry is ignored and rewritten
    writeFileSync(join(dir, 'validate-compiled', files[0]!), 'garbage(');
    clearCompiledSchemas();
    const third = createSchemaRegistry({ cacheDir: dir });
    expect(third.lookup('apps/v1', 'Deployment').status).toBe('found');
    expect(third.stats()).toMatchObject({ compiled: 1, cacheHits: 0 });
  });

  it('keys a built-in kind per Kubernetes version: another version compiles and stores its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-validate-cache-'));
    clearCompiledSchemas();
    const v30 = createSchemaRegistry({ cacheDir: dir, kubeVersion: 'v1.30.0' });
    expect(v30.lookup('apps/v1', 'Deployment').status).toBe('found');
    clearCompiledSchemas();
    const v31 = createSchemaRegistry({ cacheDir: dir, kubeVersion: 'v1.31.0' });
    expect(v31.lookup('apps/v1', 'Deployment').status).toBe('found');
    expect(v31.stats()).toMatchObject({ compiled: 1, cacheHits: 0 });
    const files = readdirSync(join(dir, 'validate-compiled')).filter((f) => f.endsWith('.cjs'));
    expect(files).toHaveLength(2);
  });

  it('in one process compiles each kind once across validate() calls', async () => {
    const m = manifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    await validate(m, { cacheDir: false });
    const again = await validate(m, { cacheDir: false });
    expect(again.stats.compiled).toBe(0);
  });

  it.each(SUPPORTED_KUBERNETES_VERSIONS)('validates against Kubernetes %s', async (version) => {
    const reg = createSchemaRegistry({ kubeVersion: `v${version}.0` });
    expect(reg.kubeVersion).toBe(version);
    const r = reg.lookup('apps/v1', 'Deployment');
    expect(r.status).toBe('found');
    if (r.status === 'found') expect(r.schema.validate(badDeployment)).toBe(false);
  });

  it('knows which kinds each version serves', () => {
    // resource.k8s.io/v1 (DRA GA) arrived in 1.34
    expect(
      createSchemaRegistry({ kubeVersion: '1.33' }).lookup('resource.k8s.io/v1', 'ResourceClaim').status,
    ).toBe('unknown-kind');
    expect(
      createSchemaRegistry({ kubeVersion: '1.34' }).lookup('resource.k8s.io/v1', 'ResourceClaim').status,
    ).toBe('found');
    const reg = createSchemaRegistry({});
    expect(reg.scopeOf('v1', 'Namespace')).toBe('Cluster');
    expect(reg.scopeOf('apps/v1', 'Deployment')).toBe('Namespaced');
    expect(reg.scopeOf('kyverno.io/v1', 'ClusterPolicy')).toBe('Cluster');
    expect(reg.isBuiltinGroup('apps')).toBe(true);
    expect(reg.isBuiltinGroup('serving.kserve.io')).toBe(false);
  });

  it('reports an unsupported Kubernetes version as a finding', async () => {
    const r = await validate(manifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'), {
      kubeVersion: '1.29',
    });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['schema/unsupported-version']);
    expect(r.findings[0]?.message).toContain('1.30, 1.31, 1.32, 1.33, 1.34, 1.35');
  });
});
