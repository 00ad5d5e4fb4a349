/**
 * The reference platform tree itself: every YAML file parses, and every Argo CD object in it is a valid
 * Application / ApplicationSet / AppProject according to @kubernetes-models/argo-cd (generated from Argo CD's CRDs).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ApplicationSet, AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { loadYaml } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const GITOPS = join(REPO, 'gitops');
const hasTree = existsSync(join(GITOPS, 'bootstrap'));
if (!hasTree) console.warn('[gitops-argo-models] SKIPPED: gitops/bootstrap not found');

/** Template sources that are not YAML until something renders them. */
const isTemplateSource = (rel: string) => /\/chart\/templates\//.test(rel) || /\/skeleton\//.test(rel);

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

describe.skipIf(!hasTree)('gitops/ reference tree', () => {
  const files = hasTree ? yamlFiles(GITOPS).map((p) => relative(REPO, p)) : [];
  const yaml = files.filter((f) => !isTemplateSource(f));
  const docs = yaml.flatMap((file) => {
    const r = loadYaml(readFileSync(join(REPO, file), 'utf8'), { file });
    return r.documents.map((d) => ({
      file,
      line: d.line,
      value: d.value as Record<string, unknown>,
      findings: r.findings,
    }));
  });

  it('every YAML file parses without a finding', () => {
    expect(yaml.length).toBeGreaterThan(20);
    const problems = yaml.flatMap(
      (file) => loadYaml(readFileSync(join(REPO, file), 'utf8'), { file }).findings,
    );
    expect(problems).toEqual([]);
  });

  it('holds a root app, an ApplicationSet and one Application per infrastructure component', () => {
    const kinds = docs
      .filter((d) => d.value?.apiVersion === 'argoproj.io/v1alpha1')
      .map((d) => `${d.value.kind}/${(d.value.metadata as { name: string }).name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Application/root',
        'ApplicationSet/models',
        'AppProject/models',
        'Application/backstage',
      ]),
    );
    const components = readdirSync(join(GITOPS, 'infrastructure')).filter((d) =>
      existsSync(join(GITOPS, 'infrastructure', d, 'application.yaml')),
    );
    expect(components.length).toBeGreaterThanOrEqual(8);
  });

  const argo = docs.filter((d) => d.value?.apiVersion === 'argoproj.io/v1alpha1');
  it.each(
    argo.map(
      (d) =>
        [`${d.value.kind} ${(d.value.metadata as { name: string }).name} (${d.file}:${d.line})`, d] as const,
    ),
  )('%s is a valid Argo CD object', (_label, d) => {
    const Model = { Application, ApplicationSet, AppProject }[
      d.value.kind as 'Application' | 'ApplicationSet' | 'AppProject'
    ];
    expect(Model, `unexpected kind ${String(d.value.kind)}`).toBeDefined();
    // biome-ignore lint/suspicious/noExplicitAny: the model constructors take their own typed shape
    expect(() => new Model(d.value as any).validate()).not.toThrow();
  });

  it('the validation really rejects a broken Application (the check can fail)', () => {
    const bad = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'x' },
      spec: { source: { repoURL: 1 } },
    };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid
    expect(() => new Application(bad as any).validate()).toThrow();
  });
});
