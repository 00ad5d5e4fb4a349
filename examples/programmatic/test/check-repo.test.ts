/**
 * Runs checkRepo on a tiny git repository made for the test: one root Application pointing at a
 * folder with a ConfigMap. The valid tree must render one app and one object with no errors; the
 * same tree with a misspelt field must give exactly one schema error at the file and line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRepo } from '../src/check-repo.js';

const here = dirname(fileURLToPath(import.meta.url));
// The Kubernetes schemas come from @neuroscale/validate's committed generated data, not from ../shared.
const generated = resolve(here, '../../../packages/validate/generated/stamp.json');
const hasSchemas = existsSync(generated);
if (!hasSchemas) {
  console.warn(
    `example-programmatic: SKIPPING the checkRepo tests: @neuroscale/validate's generated schema data is missing (run \`pnpm generate\`)`,
  );
}

const REPO_URL = 'https://github.com/acme/platform.git';

const ROOT_APP = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: root
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${REPO_URL}
    targetRevision: HEAD
    path: gitops/apps/settings
  destination:
    server: https://kubernetes.default.svc
    namespace: settings
`;

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-settings
  labels:
    app.kubernetes.io/name: settings
data:
  LOG_LEVEL: info
`;

// Same object, with `data` misspelt on line 7: valid YAML, rejected by the strict schema.
const CONFIG_MAP_TYPO = CONFIG_MAP.replace('\ndata:', '\ndatta:');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function makeRepo(configMap: string): string {
  const root = mkdtempSync(join(tmpdir(), 'neuroscale-example-'));
  dirs.push(root);
  mkdirSync(join(root, 'gitops/bootstrap'), { recursive: true });
  mkdirSync(join(root, 'gitops/apps/settings'), { recursive: true });
  writeFileSync(join(root, 'gitops/bootstrap/root.yaml'), ROOT_APP);
  writeFileSync(join(root, 'gitops/apps/settings/configmap.yaml'), configMap);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('remote', 'add', 'origin', REPO_URL);
  git('add', '.');
  git('-c', 'user.name=example', '-c', 'user.email=example@neuroscale.invalid', 'commit', '-qm', 'tree');
  return root;
}

describe('checkRepo', () => {
  it.skipIf(!hasSchemas)('renders the root Application and finds no errors in a valid tree', async () => {
    const result = await checkRepo(makeRepo(CONFIG_MAP));
    expect(result.errors).toEqual([]);
    expect(result.objects).toBe(1);
    expect(result.apps.map((a) => [a.name, a.kind, a.status])).toEqual([['root', 'Application', 'rendered']]);
    expect(result.apps[0]?.location.file).toBe('gitops/bootstrap/root.yaml');
    expect(result.apps[0]?.objectCount).toBe(1);
  });

  it.skipIf(!hasSchemas)('reports a misspelt field as one schema error at its file and line', async () => {
    const result = await checkRepo(makeRepo(CONFIG_MAP_TYPO));
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error?.ruleId).toBe('schema/unknown-field');
    expect(error?.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', name: 'app-settings' });
    expect(error?.location?.file).toBe('gitops/apps/settings/configmap.yaml');
    expect(error?.location?.line).toBe(7);
    expect(error?.app).toBe('root');
  });
});
