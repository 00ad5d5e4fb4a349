/**
 * Values of the wrong type where the toolkit expects strings, maps or lists (found by the mutation
 * fuzzer: `apiVersion: {}` in a root Application was an internal error). Each is reported, the run
 * ends with a JSON report, and the good app is still validated.
 */
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers.js';
import { childApp, goodAppValidated, hostileTree, runTree } from './hostile-tree.js';

const CASES: Record<string, string> = {
  'apiVersion: {}': 'apiVersion: {}\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'apiVersion: 1': 'apiVersion: 1\nkind: Deployment\nmetadata:\n  name: b\n',
  'kind: [list]': 'apiVersion: v1\nkind: [ConfigMap]\nmetadata:\n  name: c\n',
  'metadata: string': 'apiVersion: v1\nkind: ConfigMap\nmetadata: just-a-string\n',
  'name: {map}':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {a: 1}\n  labels: [x]\n  annotations: 5\n',
  'spec: 5': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec: 5\n',
  'containers: map': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: e\nspec:\n  containers: {name: x}\n',
  'resources: string':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: f\nspec:\n  containers:\n    - name: x\n      image: nginx:1\n      resources: "lots"\n',
  'top-level list of objects': '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: g}\n',
};

describe('type confusion in manifests', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: reported, no crash, the rest validated`, async () => {
      const r = await runTree({ 'gitops/hostile/x.yaml': text });
      expect(r.code, r.stderr).toBe(1);
      expect(r.findings.some((f) => f.location?.file === 'gitops/hostile/x.yaml')).toBe(true);
      expect(goodAppValidated(r.findings)).toBe(true);
    });
  }
});

it('a top-level scalar is unrelated YAML: ignored as Argo CD ignores it, no crash', async () => {
  const r = await runTree({ 'gitops/hostile/x.yaml': 'just text\n', 'gitops/hostile/y.yaml': '- a\n- b\n' });
  expect(r.findings.filter((f) => f.location?.file?.startsWith('gitops/hostile/'))).toEqual([]);
  expect(goodAppValidated(r.findings)).toBe(true);
});

describe('type confusion in Applications', () => {
  const apps: Record<string, string> = {
    'apiVersion: {}': childApp('hostile', 'gitops/hostile').replace(
      'apiVersion: argoproj.io/v1alpha1',
      'apiVersion: {}',
    ),
    'kind: 7': childApp('hostile', 'gitops/hostile').replace('kind: Application', 'kind: 7'),
    'source: string': childApp('hostile', 'gitops/hostile').replace(
      / {2}source:\n(?: {4}.*\n)+/,
      '  source: gitops/hostile\n',
    ),
    'sources: map': childApp('hostile', 'gitops/hostile').replace(/ {2}source:/, '  sources:'),
    'path: [list]': childApp('hostile', '[gitops/hostile]'),
    'destination: list': childApp('hostile', 'gitops/hostile').replace(
      / {2}destination:\n(?: {4}.*\n)+/,
      '  destination: [x]\n',
    ),
    'helm: string': childApp('hostile', 'gitops/hostile', '    helm: values.yaml\n'),
    'valueFiles: map': childApp('hostile', 'gitops/hostile', '    helm:\n      valueFiles: {a: b}\n'),
  };
  for (const [name, app] of Object.entries(apps)) {
    it(`${name}: reported, no crash, the good app validated`, async () => {
      const r = await runTree(
        { 'gitops/hostile/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: h\n' },
        { 'gitops/apps/hostile.yaml': app },
      );
      expect([0, 1], r.stderr).toContain(r.code);
      expect(
        r.findings.some((f) => f.location?.file === 'gitops/apps/hostile.yaml'),
        JSON.stringify(r.findings),
      ).toBe(true);
      // `kind: 7` is not an object Argo CD can decode: the whole gitops/apps directory app fails, as in Argo CD
      if (name === 'kind: 7') {
        // …and with the only app failed nothing is checked, which the run says too
        expect(r.findings.map((f) => f.ruleId)).toEqual([
          'coverage/nothing-checked',
          'render/invalid-manifest-file',
        ]);
      } else expect(goodAppValidated(r.findings)).toBe(true);
    });
  }
});

describe('type confusion in neuroscale.config.yaml', () => {
  for (const [name, config] of Object.entries({
    'repoURLs: [map]': 'repoURLs:\n  - https: ../../etc\n',
    'roots: string': 'roots: gitops/bootstrap/root.yaml\n',
    'policies: 5': 'policies: 5\n',
  })) {
    it(`${name}: a usage error naming the key, not an internal error`, async () => {
      const dir = tempRepo({ ...hostileTree({}), 'neuroscale.config.yaml': config });
      const r = await cli(['.', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stderr).toMatch(/neuroscale\.config\.yaml: "(repoURLs|roots|policies)" must be/);
    });
  }
});
